//! arctic-brief: a terminal briefing browser for Arctic geopolitics knowledge bases.
//!
//! The library holds everything the binary, tests, examples and benchmarks share: the KB model and
//! loader (`kb`), text neutralising for output (`text`), the browser's state (`app`), drawing
//! (`ui`), the snapshot cache (`cache`), its event loop (`tui`), terminal set-up and restore (`terminal`)
//! and live reload (`watch`).

pub mod app;
pub mod cache;
pub mod cli;
pub mod config;
pub mod editor;
pub mod export;
pub mod kb;
pub mod progress_line;
pub mod search;
pub mod terminal;
pub mod text;
pub mod tui;
pub mod ui;
pub mod watch;
