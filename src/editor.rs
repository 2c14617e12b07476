//! Which editor to run and how to tell it the line: `$VISUAL`, else `$EDITOR`, else `vi`;
//! `+LINE FILE` for vi, vim, nvim, nano, emacs, helix and kakoune (and as a default), `-g FILE:LINE`
//! for VS Code. Pure, so every editor family is tested without starting one.

use std::path::Path;

/// The editor command line the user configured, from the environment's values.
pub fn configured(visual: Option<&str>, editor: Option<&str>) -> String {
    [visual, editor]
        .into_iter()
        .flatten()
        .map(str::trim)
        .find(|s| !s.is_empty())
        .unwrap_or("vi")
        .to_string()
}

/// The program and arguments that open `file` at `line` (1-based) with `editor`, a command line
/// such as `nvim`, `code --wait` or `emacs -nw`.
pub fn command(editor: &str, file: &Path, line: usize) -> (String, Vec<String>) {
    let mut words = editor.split_whitespace().map(str::to_string);
    let program = words.next().unwrap_or_else(|| "vi".into());
    let mut args: Vec<String> = words.collect();
    let name = Path::new(&program)
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let file = file.display().to_string();
    match name.as_str() {
        "code" | "code-insiders" | "codium" | "vscodium" => {
            args.push("-g".into());
            args.push(format!("{file}:{line}"));
        }
        // vi, vim, nvim, nano, emacs, emacsclient, hx (helix), kak (kakoune), and most others.
        _ => {
            args.push(format!("+{line}"));
            args.push(file);
        }
    }
    (program, args)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn families() {
        let f = Path::new("kb/actors.yaml");
        for e in [
            "vi",
            "vim",
            "nvim",
            "nano",
            "emacs",
            "hx",
            "kak",
            "/usr/bin/vim",
        ] {
            let (p, a) = command(e, f, 12);
            assert_eq!(p, e);
            assert_eq!(a, ["+12", "kb/actors.yaml"], "{e}");
        }
        assert_eq!(
            command("code --wait", f, 7),
            (
                "code".to_string(),
                vec!["--wait".to_string(), "-g".into(), "kb/actors.yaml:7".into()]
            )
        );
        assert_eq!(
            command("emacs -nw", f, 3).1,
            ["-nw", "+3", "kb/actors.yaml"]
        );
    }

    #[test]
    fn visual_then_editor_then_vi() {
        assert_eq!(configured(Some("nvim"), Some("nano")), "nvim");
        assert_eq!(configured(Some(" "), Some("nano")), "nano");
        assert_eq!(configured(None, None), "vi");
    }
}
