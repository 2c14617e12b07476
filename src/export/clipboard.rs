//! Copying to the clipboard with OSC 52: the terminal itself sets the clipboard, so it works over
//! SSH. Inside tmux the sequence is also sent wrapped for tmux's passthrough.

use std::io::{self, Write};

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Standard base64 with padding.
pub fn base64(data: &[u8]) -> String {
    let mut out = String::with_capacity(data.len().div_ceil(3) * 4);
    for chunk in data.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// The OSC 52 sequence that puts `text` on the clipboard. The payload is base64, so nothing in
/// `text` can end the sequence early or act on the terminal.
pub fn osc52(text: &str) -> String {
    format!("\x1b]52;c;{}\x07", base64(text.as_bytes()))
}

/// Writes the sequence for `text` to `out`; inside tmux, also tmux's passthrough form (honoured
/// when tmux's `allow-passthrough` is on; the plain form when `set-clipboard` is on).
pub fn copy(out: &mut impl Write, text: &str, in_tmux: bool) -> io::Result<()> {
    let seq = osc52(text);
    out.write_all(seq.as_bytes())?;
    if in_tmux {
        let wrapped = format!("\x1bPtmux;{}\x1b\\", seq.replace('\x1b', "\x1b\x1b"));
        out.write_all(wrapped.as_bytes())?;
    }
    out.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_vectors() {
        for (plain, encoded) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(base64(plain.as_bytes()), encoded);
        }
        assert_eq!(base64("Лавров".as_bytes()), "0JvQsNCy0YDQvtCy");
    }

    #[test]
    fn osc52_into_a_sink() {
        let mut sink: Vec<u8> = Vec::new();
        copy(&mut sink, "# Sergei Lavrov\n", false).unwrap();
        assert_eq!(sink, b"\x1b]52;c;IyBTZXJnZWkgTGF2cm92Cg==\x07");
        let mut sink: Vec<u8> = Vec::new();
        copy(&mut sink, "x", true).unwrap();
        let s = String::from_utf8(sink).unwrap();
        assert!(
            s.starts_with("\x1b]52;c;eA==\x07\x1bPtmux;\x1b\x1b]52;c;eA==\x07\x1b\\"),
            "{s:?}"
        );
    }

    #[test]
    fn hostile_text_cannot_escape_the_payload() {
        let seq = osc52("\x07\x1b]52;c;evil\x1b\\");
        // Exactly one introducer and one terminator: the payload is plain base64.
        assert_eq!(seq.matches('\x1b').count(), 1);
        assert_eq!(seq.matches('\x07').count(), 1);
        let payload = &seq[7..seq.len() - 1];
        assert!(
            payload
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'+' || b == b'/' || b == b'=')
        );
    }
}
