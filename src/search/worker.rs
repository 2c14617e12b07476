//! Searching off the UI thread. The worker builds the [`Index`] once, then answers requests one
//! at a time, always the newest: requests that arrive while a search runs cancel it, and queued
//! stale ones are dropped unanswered. Each answer carries the request's generation, so the UI can
//! ignore any that arrive after a newer keystroke.
//!
//! Only the best [`FIRST_RANKED`] hits are put in order before the answer goes out (every match
//! is still found and counted); the rest are ordered right after, unless a newer request came,
//! and sent again under the same generation as a refinement ([`Response::refines`]).

use super::{Index, Query, Results, Scope};
use crate::kb::Kb;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, Sender};
use std::time::{Duration, Instant};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    pub generation: u64,
    pub query: Query,
    pub scope: Scope,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Response {
    pub generation: u64,
    pub results: Arc<Results>,
    /// Time spent searching (not waiting).
    pub elapsed: Duration,
    /// This answer only puts in order the hits of the answer sent before it for the same
    /// generation that were left unordered (the ones already ranked are unchanged).
    pub refines: bool,
}

/// How many of the best hits an answer ranks before it goes out: more than any screen shows.
pub const FIRST_RANKED: usize = 1000;

pub struct Worker {
    tx: Sender<Request>,
    cancel: Arc<AtomicBool>,
}

impl Worker {
    /// Starts the worker on `kb`; every answer is handed to `deliver` (from the worker's thread).
    pub fn spawn(kb: Arc<Kb>, deliver: impl Fn(Response) + Send + 'static) -> Worker {
        Worker::spawn_with_index(kb, None, deliver)
    }

    /// Starts the worker on `kb` with its index when one is at hand (a snapshot's), else builds it.
    pub fn spawn_with_index(
        kb: Arc<Kb>,
        index: Option<Index>,
        deliver: impl Fn(Response) + Send + 'static,
    ) -> Worker {
        let (tx, rx) = mpsc::channel::<Request>();
        let cancel = Arc::new(AtomicBool::new(false));
        let flag = cancel.clone();
        std::thread::Builder::new()
            .name("search".into())
            .spawn(move || {
                let index = index.unwrap_or_else(|| Index::build(&kb));
                run(&kb, &index, &rx, &flag, FIRST_RANKED, deliver)
            })
            .expect("the search thread starts");
        Worker { tx, cancel }
    }

    /// Asks for `request`, cancelling whatever search is running.
    pub fn submit(&self, request: Request) {
        self.cancel.store(true, Ordering::SeqCst);
        let _ = self.tx.send(request);
    }
}

fn run(
    kb: &Kb,
    index: &Index,
    rx: &Receiver<Request>,
    cancel: &AtomicBool,
    first_ranked: usize,
    deliver: impl Fn(Response),
) {
    // Warm the matcher's per-thread buffers and the index's pages, so the first keystroke is
    // not the slowest.
    let warm = Query::parse("e").unwrap_or_default();
    let _ = index.search(kb, &warm, &Scope::default(), None, cancel);
    let mut last: Option<(Scope, Arc<Results>)> = None;
    while let Ok(mut request) = rx.recv() {
        // Only the newest request matters.
        while let Ok(newer) = rx.try_recv() {
            request = newer;
        }
        cancel.store(false, Ordering::SeqCst);
        let start = Instant::now();
        let previous = last
            .as_ref()
            .filter(|(s, _)| *s == request.scope)
            .map(|(_, r)| r.as_ref());
        let results = index.search_top(
            kb,
            &request.query,
            &request.scope,
            previous,
            cancel,
            first_ranked,
        );
        if cancel.load(Ordering::SeqCst) {
            continue;
        }
        let results = Arc::new(results);
        last = Some((request.scope.clone(), results.clone()));
        deliver(Response {
            generation: request.generation,
            results: results.clone(),
            elapsed: start.elapsed(),
            refines: false,
        });
        if results.is_ranked() || cancel.load(Ordering::SeqCst) {
            continue;
        }
        let mut full = Results::clone(&results);
        full.finish_ranking();
        let full = Arc::new(full);
        last = Some((request.scope.clone(), full.clone()));
        if !cancel.load(Ordering::SeqCst) {
            deliver(Response {
                generation: request.generation,
                results: full,
                elapsed: start.elapsed(),
                refines: true,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_the_newest_request() {
        let kb = Arc::new(crate::kb::load_bundled().unwrap());
        let (tx, rx) = mpsc::channel();
        let w = Worker::spawn(kb.clone(), move |r| {
            let _ = tx.send(r);
        });
        for (g, q) in ["l", "la", "lav", "lavr"].iter().enumerate() {
            w.submit(Request {
                generation: g as u64,
                query: Query::parse(q).unwrap(),
                scope: Scope::default(),
            });
        }
        let mut newest = None;
        while let Ok(r) = rx.recv_timeout(Duration::from_secs(10)) {
            let done = r.generation == 3;
            newest = Some(r);
            if done {
                break;
            }
        }
        let r = newest.expect("an answer");
        assert_eq!(r.generation, 3);
        assert_eq!(kb.id_of(r.results.hits[0].entity), "sergei-lavrov");
    }

    #[test]
    fn a_long_answer_is_refined_into_the_full_ranking() {
        let kb = crate::kb::load_bundled().unwrap();
        let query = Query::parse("e").unwrap();
        let index = Index::build(&kb);
        let full = index.search(
            &kb,
            &query,
            &Scope::default(),
            None,
            &AtomicBool::new(false),
        );
        assert!(full.hits.len() > 10, "the bundled KB has many matches");
        let (tx, rx) = mpsc::channel();
        let (answers, answered) = mpsc::channel();
        tx.send(Request {
            generation: 1,
            query,
            scope: Scope::default(),
        })
        .unwrap();
        drop(tx);
        // Three ranked first, then the rest; the worker's loop ends when the channel closes.
        run(&kb, &index, &rx, &AtomicBool::new(false), 3, |r| {
            answers.send(r).unwrap()
        });
        let first = answered.recv().expect("an answer");
        assert!(!first.refines);
        assert_eq!(first.results.hits.len(), full.hits.len());
        assert_eq!(first.results.ranked(), 3);
        assert_eq!(first.results.hits[..3], full.hits[..3]);
        let second = answered.recv().expect("a refinement");
        assert!(second.refines);
        assert_eq!(second.generation, 1);
        assert_eq!(*second.results, full);
        assert!(answered.try_recv().is_err(), "two answers, no more");
    }
}
