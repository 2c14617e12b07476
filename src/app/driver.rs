//! The event loop's core without a terminal: apply a message, then carry out the effects `update`
//! returned, in order, feeding each answer back through `update`. The real loop (`tui`) and the
//! tests share it; they differ only in the [`Runner`] that carries effects out. [`SyncRunner`]
//! runs searches synchronously and writes notes for real, for tests and benchmarks.

use super::{App, EditorError, Effect, Msg, update};
use crate::export::write;
use crate::search::Index;
use crate::search::worker::Response;
use std::collections::VecDeque;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;
use std::time::Duration;

/// What became of one effect.
#[derive(Debug)]
pub enum Step {
    /// Done; nothing to report (or the report comes later, as a search answer does).
    Done,
    /// Done; this is the report.
    Answer(Msg),
    /// The user asked to quit.
    Quit,
}

/// Carries out effects.
pub trait Runner {
    fn run(&mut self, app: &App, effect: Effect) -> std::io::Result<Step>;
}

/// Applies `msg` and every effect that follows from it, in the order `update` returned them.
/// Returns whether to quit.
pub fn dispatch(
    app: &mut App,
    msg: impl Into<Msg>,
    runner: &mut impl Runner,
) -> std::io::Result<bool> {
    let mut queue: VecDeque<Effect> = update(app, msg).into();
    while let Some(effect) = queue.pop_front() {
        match runner.run(app, effect)? {
            Step::Done => {}
            Step::Answer(answer) => queue.extend(update(app, answer)),
            Step::Quit => return Ok(true),
        }
    }
    Ok(false)
}

/// Runs effects without a terminal: searches at once on an index of the app's KB, notes written
/// to disk, everything else recorded (and answered as a well-behaved outside world would).
#[derive(Default)]
pub struct SyncRunner {
    index: Option<(Arc<crate::kb::Kb>, Index)>,
    /// Every effect other than a search, in order.
    pub log: Vec<Effect>,
    /// Searches that are held back instead of answered (to test answers arriving late).
    pub hold_searches: bool,
    /// Searches held back, oldest first.
    pub held: Vec<crate::search::worker::Request>,
    /// What the editor does when asked to run; `None`: it edits and exits well.
    pub editor: Option<EditorError>,
    /// The board's clusters are not computed (logged instead), to test the board waiting.
    pub hold_board: bool,
}

impl SyncRunner {
    /// The answer to a search request, as the worker would give it.
    pub fn answer(&mut self, app: &App, request: &crate::search::worker::Request) -> Msg {
        let stale = !matches!(&self.index, Some((kb, _)) if Arc::ptr_eq(kb, &app.kb));
        if stale {
            self.index = Some((app.kb.clone(), Index::build(&app.kb)));
        }
        let (_, index) = self.index.as_ref().expect("built above");
        let results = index.search(
            &app.kb,
            &request.query,
            &request.scope,
            None,
            &AtomicBool::new(false),
        );
        Msg::SearchAnswer(Box::new(Response {
            generation: request.generation,
            results: Arc::new(results),
            elapsed: Duration::ZERO,
            refines: false,
        }))
    }
}

impl Runner for SyncRunner {
    fn run(&mut self, app: &App, effect: Effect) -> std::io::Result<Step> {
        Ok(match effect {
            Effect::Search(request) if self.hold_searches => {
                self.held.push(request);
                Step::Done
            }
            Effect::Search(request) => Step::Answer(self.answer(app, &request)),
            Effect::Quit => {
                self.log.push(Effect::Quit);
                Step::Quit
            }
            Effect::WriteNote {
                ref path,
                ref job,
                overwrite,
            } => {
                let contents = job.render(&app.kb);
                let result =
                    write::write_note(path, contents.as_bytes(), overwrite).map_err(Arc::new);
                let path: PathBuf = path.clone();
                self.log.push(effect);
                Step::Answer(Msg::Exported { path, result })
            }
            Effect::Copy { ref text, .. } => {
                let n = text.len();
                self.log.push(effect);
                Step::Answer(Msg::Copied(Ok(n)))
            }
            Effect::ComputeBoard { scope } if !self.hold_board => {
                let clusters = Arc::new(app.kb.contested_clusters(scope));
                Step::Answer(Msg::BoardComputed {
                    kb: app.kb.clone(),
                    scope,
                    clusters,
                })
            }
            Effect::Edit { ref file, line, .. } => {
                let answer = match self.editor.clone() {
                    None => Ok((file.clone(), line)),
                    Some(e) => Err(e),
                };
                self.log.push(effect);
                Step::Answer(Msg::EditorDone(answer))
            }
            other => {
                self.log.push(other);
                Step::Done
            }
        })
    }
}
