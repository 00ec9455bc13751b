//! The grading pack: tables, rows in order, thresholds.

use super::validator::Validator;
use crate::scenario::model::{Grading, GradingRow, GradingTable, Threshold};
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
        if table.rows.is_empty() {
            v.error(file, format!("grading.tables[{i}].rows"), "is empty");
        }
        if table.rows.windows(2).any(|w| w[0].level >= w[1].level) {
            v.error_hint(
                file,
                format!("grading.tables[{i}].rows"),
                "rows are not in order from the most severe level down",
                "list rows Ⅰ, Ⅱ, Ⅲ, Ⅳ in that order",
            );
        }
        for (j, row) in table.rows.iter().enumerate() {
            if row.any_of.is_empty() {
                v.error(
                    file,
                    format!("grading.tables[{i}].rows[{j}].any_of"),
                    "is empty",
                );
            }
            for (k, t) in row.any_of.iter().enumerate() {
                let path = format!("grading.tables[{i}].rows[{j}].any_of[{k}].at_least");
                v.number(file, path, t.at_least, 0.0, 1e12, "");
            }
        }
    }
}

impl From<&GradingSpec> for Grading {
    fn from(s: &GradingSpec) -> Self {
        Grading {
            name: s.name.clone(),
            description: s.description.clone(),
            tables: s.tables.iter().map(GradingTable::from).collect(),
        }
    }
}

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
