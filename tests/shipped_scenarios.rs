//! Every shipped scenario, part and template validates, and every whole scenario runs.

use std::path::{Path, PathBuf};

use drillsim::scenario;

fn ron_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        // Exercise files (MSEL) are validated against their scenarios by tests/drill_msel.rs.
        if path.ends_with("exercises") {
            continue;
        }
        if path.is_dir() {
            ron_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "ron") {
            out.push(path);
        }
    }
}

#[test]
fn every_shipped_file_validates_without_warnings() {
    let mut files = Vec::new();
    ron_files(Path::new("scenarios"), &mut files);
    files.sort();
    assert!(
        files.len() >= 9,
        "expected the shipped scenarios, found {files:?}"
    );
    for file in files {
        let diagnostics = scenario::check_file(&file);
        assert!(diagnostics.is_empty(), "{}:\n{diagnostics}", file.display());
    }
}

#[test]
fn every_template_validates() {
    for (name, _, text) in drillsim::template::TEMPLATES {
        let diagnostics = match drillsim::scenario::load::parse_document(text, name) {
            Ok(_) if name == "scenario" => match scenario::load_str(text, name) {
                Ok(loaded) => loaded.warnings,
                Err(diagnostics) => diagnostics,
            },
            Ok(_) => Default::default(),
            Err(diagnostic) => scenario::Diagnostics {
                items: vec![diagnostic],
            },
        };
        assert!(!diagnostics.has_errors(), "template {name}:\n{diagnostics}");
    }
}

#[test]
fn the_county_scenario_has_the_advertised_size() {
    let county = scenario::load(Path::new("scenarios/county-quake.ron"), None)
        .unwrap()
        .scenario;
    let population: u64 = county
        .region
        .places
        .iter()
        .map(|p| p.population as u64)
        .sum();
    let towns = county
        .region
        .places
        .iter()
        .filter(|p| p.kind == scenario::PlaceKind::Town)
        .count();
    let villages = county
        .region
        .places
        .iter()
        .filter(|p| p.kind == scenario::PlaceKind::Village)
        .count();
    assert!((450_000..=550_000).contains(&population), "{population}");
    assert!((18..=22).contains(&towns), "{towns}");
    assert!((180..=220).contains(&villages), "{villages}");
    assert!((90..=110).contains(&county.teams.len()));
}
