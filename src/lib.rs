//! drillsim (应急演练推演引擎): a simulation and drill-exercise engine for compound disasters.
//!
//! Layers, each depending only on those above it in this list:
//! - [`scenario`]: RON files → a validated [`scenario::Scenario`], or every diagnostic at once;
//! - [`sim`]: the ECS core, driven through [`sim::Sim`];
//! - [`output`]: run results as JSON, JSON Lines and human summaries;
//! - [`drill`]: the terminal drill UI, exercise injects, journal, replay and after-action report;
//! - [`cli`]: the `drillsim` command line.

pub mod cli;
pub mod drill;
pub mod eval;
pub mod files;
pub mod output;
pub mod scenario;
pub mod sim;
pub mod template;
