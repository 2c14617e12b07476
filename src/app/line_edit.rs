//! A one-line text input with a cursor, edited as readline and fzf edit: insert at the cursor,
//! Left/Right, Home/End (Ctrl-A/Ctrl-E), Backspace, Delete, Ctrl-W (word), Ctrl-U (all).

/// An edit to a line of input.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Edit {
    Insert(char),
    Backspace,
    Delete,
    Left,
    Right,
    Home,
    End,
    /// Delete the word before the cursor (and the spaces after it), as Ctrl-W does.
    DeleteWord,
    /// Delete everything.
    Clear,
}

/// The most characters a search line holds: longer input is not typed (a paste cannot make a
/// query whose cost grows without bound).
pub const MAX_INPUT_CHARS: usize = 1024;

/// The text and the cursor, a byte offset on a character boundary.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LineEdit {
    text: String,
    cursor: usize,
}

impl LineEdit {
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The cursor as a count of characters before it.
    pub fn cursor_chars(&self) -> usize {
        self.text[..self.cursor].chars().count()
    }

    /// The text before and after the cursor.
    pub fn split(&self) -> (&str, &str) {
        self.text.split_at(self.cursor)
    }

    /// Applies `edit`; whether the text changed (a cursor move alone does not).
    pub fn apply(&mut self, edit: Edit) -> bool {
        let before_len = self.text.len();
        match edit {
            Edit::Insert(c) => {
                if self.text.chars().count() >= MAX_INPUT_CHARS {
                    return false;
                }
                self.text.insert(self.cursor, c);
                self.cursor += c.len_utf8();
                return true;
            }
            Edit::Backspace => {
                if let Some(c) = self.text[..self.cursor].chars().next_back() {
                    self.cursor -= c.len_utf8();
                    self.text.remove(self.cursor);
                }
            }
            Edit::Delete => {
                if self.cursor < self.text.len() {
                    self.text.remove(self.cursor);
                }
            }
            Edit::Left => {
                if let Some(c) = self.text[..self.cursor].chars().next_back() {
                    self.cursor -= c.len_utf8();
                }
            }
            Edit::Right => {
                if let Some(c) = self.text[self.cursor..].chars().next() {
                    self.cursor += c.len_utf8();
                }
            }
            Edit::Home => self.cursor = 0,
            Edit::End => self.cursor = self.text.len(),
            Edit::DeleteWord => {
                let head = &self.text[..self.cursor];
                let trimmed = head.trim_end_matches(' ');
                let start = trimmed.rfind(' ').map_or(0, |i| i + 1);
                self.text.replace_range(start..self.cursor, "");
                self.cursor = start;
            }
            Edit::Clear => {
                self.text.clear();
                self.cursor = 0;
            }
        }
        self.text.len() != before_len
    }

    /// A line holding `text` with the cursor at its end.
    pub fn with_text(text: &str) -> LineEdit {
        LineEdit {
            text: text.to_string(),
            cursor: text.len(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn typed(s: &str) -> LineEdit {
        let mut l = LineEdit::default();
        for c in s.chars() {
            l.apply(Edit::Insert(c));
        }
        l
    }

    #[test]
    fn the_cursor_moves_and_inserts_in_place() {
        let mut l = typed("lavrv");
        l.apply(Edit::Left);
        assert!(l.apply(Edit::Insert('o')));
        assert_eq!(l.text(), "lavrov");
        assert_eq!(l.cursor_chars(), 5);
        l.apply(Edit::Home);
        assert!(!l.apply(Edit::Backspace), "nothing before the cursor");
        assert!(l.apply(Edit::Delete));
        assert_eq!(l.text(), "avrov");
        l.apply(Edit::End);
        assert!(!l.apply(Edit::Delete), "nothing after the cursor");
        assert_eq!(l.split(), ("avrov", ""));
    }

    #[test]
    fn multibyte_characters_move_as_one() {
        let mut l = typed("Лавров 中");
        l.apply(Edit::Left);
        l.apply(Edit::Left);
        l.apply(Edit::Backspace);
        assert_eq!(l.text(), "Лавро 中");
        l.apply(Edit::Right);
        l.apply(Edit::Right);
        l.apply(Edit::Right);
        assert_eq!(l.cursor_chars(), 7);
    }

    #[test]
    fn ctrl_w_deletes_the_word_before_the_cursor() {
        let mut l = typed("kind:claim energy  ");
        l.apply(Edit::DeleteWord);
        assert_eq!(l.text(), "kind:claim ");
        l.apply(Edit::DeleteWord);
        assert_eq!(l.text(), "");
        let mut l = typed("one two three");
        for _ in 0..6 {
            l.apply(Edit::Left);
        }
        l.apply(Edit::DeleteWord);
        assert_eq!(l.text(), "one  three");
        assert_eq!(l.cursor_chars(), 4);
    }

    #[test]
    fn input_is_bounded() {
        let mut l = typed(&"x".repeat(MAX_INPUT_CHARS + 10));
        assert_eq!(l.text().chars().count(), MAX_INPUT_CHARS);
        assert!(!l.apply(Edit::Insert('y')));
        l.apply(Edit::Clear);
        assert_eq!(l.text(), "");
    }
}
