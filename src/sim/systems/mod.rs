//! Systems, one module per model. The order they run in is fixed in `super::schedule`.

pub mod accounting;
pub mod medical;
pub mod teams;
pub mod trapped;
