//! Helpers shared by the integration tests.

#[allow(dead_code)]
pub mod flow;
pub mod pty;
pub mod screen;
