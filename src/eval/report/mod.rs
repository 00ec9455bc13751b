//! Reports for planners: one self-contained HTML file with SVG charts (no scripts, no network),
//! or Markdown.
//!
//! A batch report shows each KPI's distribution with its target, the mean curves of trapped
//! people alive, injured waiting, hospitalised and dead over time, and the statistics table. A
//! comparison report adds the paired differences between plans with their 95 % intervals and
//! the verdicts.
//!
//! Files: [`data`] (what a report shows, in any format), [`charts`] (SVG), [`html_report`] and
//! [`md_report`].

mod charts;
mod data;
mod html_report;
mod md_report;

pub use data::ReportInput;
pub use html_report::html;
pub use md_report::{markdown, md_text};
