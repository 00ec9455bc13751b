//! Reporting duties: the kinds of report, the reports the plan requires with their deadlines,
//! and whether each was made in time.

use std::collections::BTreeMap;

use bevy_ecs::prelude::*;

/// Kinds of report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ReportKind {
    /// 初报 by phone.
    Initial,
    /// Written 初报.
    Written,
    /// 续报.
    FollowUp,
    /// 核报.
    Verified,
    /// The field commander's size-up.
    SizeUp,
    /// The field commander's situation report.
    Sitrep,
}

impl ReportKind {
    pub fn name(self) -> &'static str {
        match self {
            ReportKind::Initial => "initial",
            ReportKind::Written => "written",
            ReportKind::FollowUp => "follow_up",
            ReportKind::Verified => "verified",
            ReportKind::SizeUp => "size_up",
            ReportKind::Sitrep => "sitrep",
        }
    }
}

/// A report the plan requires, and when it was made.
#[derive(Debug, Clone, PartialEq)]
pub struct RequiredReport {
    pub incident: String,
    pub kind: ReportKind,
    pub due: u32,
    pub made_at: Option<u32>,
}

/// One item of the field-commander protocol at an incident (`post_set_up`,
/// `safety_officer_named`, `size_up`, `sitrep`): when it was due and when it was done.
#[derive(Debug, Clone, PartialEq)]
pub struct ProtocolItem {
    pub incident: String,
    pub item: &'static str,
    pub due: u32,
    pub done_at: Option<u32>,
}

/// Every required report so far, by incident.
#[derive(Resource, Debug, Default)]
pub struct Duties {
    pub reports: BTreeMap<String, Vec<RequiredReport>>,
    /// Field-commander protocol items, in the order they were done.
    pub protocol: Vec<ProtocolItem>,
}

impl Duties {
    pub(super) fn require(&mut self, incident: &str, kind: ReportKind, due: u32) {
        self.reports
            .entry(incident.to_string())
            .or_default()
            .push(RequiredReport {
                incident: incident.to_string(),
                kind,
                due,
                made_at: None,
            });
    }

    /// Marks the earliest unmade required report of this kind for the incident as made; returns
    /// its deadline.
    pub(super) fn made(&mut self, incident: &str, kind: ReportKind, at: u32) -> Option<u32> {
        let report = self
            .reports
            .get_mut(incident)?
            .iter_mut()
            .filter(|r| r.kind == kind && r.made_at.is_none())
            .min_by_key(|r| r.due)?;
        report.made_at = Some(at);
        Some(report.due)
    }

    /// Every required report, incident by incident.
    pub fn all(&self) -> impl Iterator<Item = &RequiredReport> {
        self.reports.values().flatten()
    }

    /// Share of reports due by `now` that were made by their deadline; `None` if none was due.
    pub fn on_time_share(&self, now: u32) -> Option<f64> {
        let (mut due, mut on_time) = (0usize, 0usize);
        for r in self.all().filter(|r| r.due <= now) {
            due += 1;
            on_time += r.made_at.is_some_and(|m| m <= r.due) as usize;
        }
        (due > 0).then(|| on_time as f64 / due as f64)
    }
}

/// Whether a report made at `made_at` (if at all) for an incident at `onset` met a deadline of
/// `deadline` minutes.
pub fn on_time(onset: u32, deadline: u32, made_at: Option<u32>) -> bool {
    made_at.is_some_and(|m| m <= onset + deadline)
}
