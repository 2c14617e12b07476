//! The one search box, used by the pane filter and the palette: the query line with its cursor,
//! the request in flight, the latest answer, and "Enter before the answer" (a fast typist's Enter
//! chooses the top result once it arrives). Answers to older keystrokes are recognised by their
//! generation and dropped.

use super::line_edit::{Edit, LineEdit};
use crate::search::worker::{Request, Response};
use crate::search::{Query, QueryError, Results, Scope};
use std::sync::Arc;

#[derive(Debug, Clone, Default)]
pub struct SearchBox {
    pub line: LineEdit,
    /// Why the query cannot run (shown in full in place of results).
    pub error: Option<QueryError>,
    /// The answer to the current text; `None` while the text is empty or broken.
    pub results: Option<Arc<Results>>,
    /// The request in flight, by generation.
    awaiting: Option<u64>,
    /// The generation `results` answer (a refinement of the same generation replaces them).
    answered: Option<u64>,
    /// Enter came before the answer: choose the top result when it arrives.
    pub enter_pending: bool,
}

/// What a search box asks for after an edit.
#[derive(Debug)]
pub enum Ask {
    /// Search for this.
    Search(Request),
    /// The query is empty: show what the pane shows without one.
    Nothing,
    /// The text did not change.
    Unchanged,
}

impl SearchBox {
    pub fn text(&self) -> &str {
        self.line.text()
    }

    /// Whether an answer to the newest text is awaited.
    pub fn is_pending(&self) -> bool {
        self.awaiting.is_some()
    }

    /// Applies an edit and says what to search for; `generation` numbers the request.
    pub fn edit(&mut self, edit: Edit, generation: &mut u64, scope: impl FnOnce() -> Scope) -> Ask {
        if !self.line.apply(edit) {
            return Ask::Unchanged;
        }
        self.ask(generation, scope)
    }

    /// The request for the current text (also used when the box opens).
    pub fn ask(&mut self, generation: &mut u64, scope: impl FnOnce() -> Scope) -> Ask {
        self.error = None;
        if self.text().trim().is_empty() {
            self.awaiting = None;
            self.answered = None;
            self.results = None;
            return Ask::Nothing;
        }
        match Query::parse(self.text()) {
            Ok(query) => {
                *generation += 1;
                self.awaiting = Some(*generation);
                Ask::Search(Request {
                    generation: *generation,
                    query,
                    scope: scope(),
                })
            }
            Err(e) => {
                // Stale results under an error would look like answers to the broken query.
                self.error = Some(e);
                self.awaiting = None;
                self.answered = None;
                self.results = Some(Arc::new(Results::default()));
                Ask::Unchanged
            }
        }
    }

    /// Takes an answer when it answers the newest request, or puts in order the rest of the
    /// answer already shown (see [`Response::refines`]); whether it did.
    pub fn answer(&mut self, response: &Response) -> bool {
        if !(self.awaiting == Some(response.generation) || self.refinement(response)) {
            return false;
        }
        self.awaiting = None;
        self.answered = Some(response.generation);
        self.results = Some(response.results.clone());
        true
    }

    /// Whether `response` completes the order of the answer shown, with nothing newer asked.
    pub fn refinement(&self, response: &Response) -> bool {
        response.refines && self.awaiting.is_none() && self.answered == Some(response.generation)
    }

    /// Asks for a search with an empty query too (the palette lists everything then).
    pub fn ask_all(&mut self, generation: &mut u64, scope: Scope) -> Request {
        *generation += 1;
        self.awaiting = Some(*generation);
        Request {
            generation: *generation,
            query: Query::default(),
            scope,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn respond(r: &Request) -> Response {
        Response {
            generation: r.generation,
            results: Arc::new(Results::default()),
            elapsed: Duration::ZERO,
            refines: false,
        }
    }

    #[test]
    fn a_refinement_of_the_answer_shown_is_taken_until_a_newer_edit() {
        let mut b = SearchBox::default();
        let mut g = 0;
        let Ask::Search(first) = b.edit(Edit::Insert('l'), &mut g, Scope::default) else {
            panic!()
        };
        let refined = Response {
            refines: true,
            ..respond(&first)
        };
        assert!(!b.refinement(&refined), "nothing shown yet");
        assert!(b.answer(&respond(&first)));
        assert!(b.refinement(&refined));
        assert!(b.answer(&refined));
        let Ask::Search(_) = b.edit(Edit::Insert('a'), &mut g, Scope::default) else {
            panic!()
        };
        assert!(!b.answer(&refined), "stale once a newer request is out");
    }

    #[test]
    fn only_the_newest_answer_is_taken() {
        let mut b = SearchBox::default();
        let mut g = 0;
        let Ask::Search(first) = b.edit(Edit::Insert('l'), &mut g, Scope::default) else {
            panic!()
        };
        let Ask::Search(second) = b.edit(Edit::Insert('a'), &mut g, Scope::default) else {
            panic!()
        };
        assert!(!b.answer(&respond(&first)), "stale");
        assert!(b.is_pending());
        assert!(b.answer(&respond(&second)));
        assert!(!b.is_pending());
    }

    #[test]
    fn cursor_moves_do_not_search_and_an_empty_query_asks_nothing() {
        let mut b = SearchBox::default();
        let mut g = 0;
        b.edit(Edit::Insert('x'), &mut g, Scope::default);
        assert!(matches!(
            b.edit(Edit::Left, &mut g, Scope::default),
            Ask::Unchanged
        ));
        assert!(matches!(
            b.edit(Edit::Delete, &mut g, Scope::default),
            Ask::Nothing
        ));
        assert!(!b.is_pending());
    }

    #[test]
    fn a_broken_query_says_why_and_clears_the_results() {
        let mut b = SearchBox::default();
        let mut g = 0;
        for c in "nosuchfilter:x".chars() {
            b.edit(Edit::Insert(c), &mut g, Scope::default);
        }
        assert!(
            b.error
                .as_ref()
                .unwrap()
                .to_string()
                .contains("nosuchfilter")
        );
        assert!(b.results.as_ref().unwrap().hits.is_empty());
        assert!(!b.is_pending());
    }
}
