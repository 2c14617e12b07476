//! arctic-brief: a terminal briefing browser for Arctic geopolitics knowledge bases.
//!
//! The library holds everything the binary, tests, examples and benchmarks share: the KB model and
//! loader (`kb`) and text neutralising for output (`text`).

pub mod cli;
pub mod export;
pub mod kb;
pub mod text;
