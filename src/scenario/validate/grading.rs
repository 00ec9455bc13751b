//! The grading pack: tables, rows in order, thresholds.

use super::validator::Validator;
use crate::scenario::model::{
    Grading, GradingRow, GradingTable, LadderTable, StandDown, Statistics, Threshold,
};
use crate::scenario::spec::*;

/// The national grading pack shipped with drillsim.
pub fn national_grading() -> GradingSpec {
    match crate::scenario::load::parse_document(NATIONAL_GRADING, "assets/doctrine/cn-national.ron")
    {
        Ok(DocumentSpec::Grading(g)) => g,
        // The pack is part of the binary and a test loads it; this cannot happen in a build
        // that passed its tests.
        _ => GradingSpec {
            name: "empty".into(),
            description: String::new(),
            tables: Vec::new(),
            ladders: Vec::new(),
            stand_down: None,
            statistics: None,
        },
    }
}

/// Tables the simulation reads; a custom pack must provide them.
pub const REQUIRED_TABLES: [&str; 4] = [
    "earthquake_deaths",
    "earthquake_initial_dense",
    "earthquake_initial_other",
    "production_safety",
];

pub(super) fn check_grading(v: &mut Validator, file: &str, g: &GradingSpec) {
    v.unique_ids(
        file,
        "grading.tables",
        g.tables.iter().map(|t| t.id.as_str()),
    );
    for id in REQUIRED_TABLES {
        if g.table(id).is_none() {
            v.error_hint(
                file,
                "grading.tables".into(),
                format!("has no table `{id}`"),
                "copy the table from assets/doctrine/cn-national.ron and adjust it",
            );
        }
    }
    for (i, table) in g.tables.iter().enumerate() {
        check_rows(v, file, &format!("grading.tables[{i}]"), &table.rows);
    }
    for (i, table) in g.ladders.iter().enumerate() {
        let path = format!("grading.ladders[{i}]");
        check_rows(v, file, &path, &table.rows);
        let first = g
            .ladders
            .iter()
            .position(|t| t.government == table.government && t.ladder == table.ladder);
        if first != Some(i) {
            v.error_hint(
                file,
                path,
                format!(
                    "a second table for {:?} on the {:?} ladder",
                    table.government, table.ladder
                ),
                "give each level of government one table per ladder",
            );
        }
    }
    if let Some(s) = &g.stand_down {
        let p = |name: &str| format!("grading.stand_down.{name}");
        v.duration(file, p("rescue_phase"), s.rescue_phase, true);
        v.duration(file, p("search_ends"), s.search_ends, true);
        v.duration(file, p("quiet"), s.quiet, true);
        v.duration(file, p("lower_every"), s.lower_every, false);
        v.duration(file, p("end_after"), s.end_after, false);
    }
    if let Some(s) = &g.statistics {
        let p = |name: &str| format!("grading.statistics.{name}");
        v.duration(file, p("first"), s.first, true);
        v.duration(file, p("every"), s.every, false);
        v.duration(file, p("often"), s.often, false);
        v.duration(file, p("relay"), s.relay, true);
        v.duration(
            file,
            p("intensity_assessment"),
            s.intensity_assessment,
            true,
        );
    }
}

fn check_rows(v: &mut Validator, file: &str, path: &str, rows: &[GradingRowSpec]) {
    if rows.is_empty() {
        v.error(file, format!("{path}.rows"), "is empty");
    }
    if rows.windows(2).any(|w| w[0].level >= w[1].level) {
        v.error_hint(
            file,
            format!("{path}.rows"),
            "rows are not in order from the most severe level down",
            "list rows Ⅰ, Ⅱ, Ⅲ, Ⅳ in that order",
        );
    }
    for (j, row) in rows.iter().enumerate() {
        if row.any_of.is_empty() {
            v.error(file, format!("{path}.rows[{j}].any_of"), "is empty");
        }
        for (k, t) in row.any_of.iter().enumerate() {
            let at = format!("{path}.rows[{j}].any_of[{k}].at_least");
            v.number(file, at, t.at_least, 0.0, 1e12, "");
        }
    }
}

/// The model of a pack: a pack without ladders, stand-down or statistics rules (one written
/// before they existed) takes the national pack's.
pub fn grading_model(s: &GradingSpec) -> Grading {
    let national = || national_grading();
    let ladders = if s.ladders.is_empty() {
        national().ladders
    } else {
        s.ladders.clone()
    };
    let stand_down = s
        .stand_down
        .clone()
        .or_else(|| national().stand_down)
        .map_or(DEFAULT_STAND_DOWN, |d| StandDown {
            rescue_phase: d.rescue_phase,
            search_ends: d.search_ends,
            quiet: d.quiet,
            lower_every: d.lower_every,
            end_after: d.end_after,
        });
    let statistics = s
        .statistics
        .clone()
        .or_else(|| national().statistics)
        .map_or(DEFAULT_STATISTICS, |d| Statistics {
            first: d.first,
            every: d.every,
            often: d.often,
            often_from: d.often_from,
            relay: d.relay,
            direct_at: d.direct_at,
            intensity_assessment: d.intensity_assessment,
        });
    Grading {
        name: s.name.clone(),
        description: s.description.clone(),
        tables: s.tables.iter().map(GradingTable::from).collect(),
        ladders: ladders
            .iter()
            .map(|t| LadderTable {
                government: t.government,
                ladder: t.ladder,
                description: t.description.clone(),
                rows: t.rows.iter().map(GradingRow::from).collect(),
            })
            .collect(),
        stand_down,
        statistics,
    }
}

/// Used only if the shipped pack could not be read (a test loads it, so never in a release).
const DEFAULT_STAND_DOWN: StandDown = StandDown {
    rescue_phase: crate::scenario::Duration::hours(72),
    search_ends: crate::scenario::Duration::hours(168),
    quiet: crate::scenario::Duration::hours(24),
    lower_every: crate::scenario::Duration::hours(24),
    end_after: crate::scenario::Duration::hours(240),
};

const DEFAULT_STATISTICS: Statistics = Statistics {
    first: crate::scenario::Duration::hours(2),
    every: crate::scenario::Duration::hours(24),
    often: crate::scenario::Duration::hours(6),
    often_from: crate::scenario::Level::II,
    relay: crate::scenario::Duration::minutes(30),
    direct_at: 10,
    intensity_assessment: crate::scenario::Duration::hours(1),
};

impl From<&GradingTableSpec> for GradingTable {
    fn from(s: &GradingTableSpec) -> Self {
        GradingTable {
            id: s.id.clone(),
            description: s.description.clone(),
            rows: s.rows.iter().map(GradingRow::from).collect(),
        }
    }
}

impl From<&GradingRowSpec> for GradingRow {
    fn from(s: &GradingRowSpec) -> Self {
        GradingRow {
            level: s.level,
            any_of: s.any_of.iter().map(Threshold::from).collect(),
        }
    }
}

impl From<&ThresholdSpec> for Threshold {
    fn from(s: &ThresholdSpec) -> Self {
        Threshold {
            measure: s.measure,
            at_least: s.at_least,
        }
    }
}
