//! A rename is not a different disaster: renaming every id of a scenario (to Chinese, in an
//! order that shuffles how the ids sort) leaves every KPI of every seed the same. Random streams
//! and tie-breaks follow what a rename does not change — the order of things in the files, the
//! minute they happen, the order they were created in — never how ids spell.

mod common;

use std::path::{Path, PathBuf};

use drillsim::scenario;
use drillsim::sim::{RunSeed, Sim};

/// Every `id: "…"` value in the RON files under `dir`.
fn ids_in(texts: &[(PathBuf, String)]) -> Vec<String> {
    let mut ids = Vec::new();
    for (_, text) in texts {
        let mut rest = text.as_str();
        while let Some(at) = rest.find("id: \"") {
            rest = &rest[at + 5..];
            let end = rest.find('"').expect("an id ends");
            ids.push(rest[..end].to_string());
            rest = &rest[end..];
        }
    }
    ids.sort();
    ids.dedup();
    ids
}

/// The new name of `id`: a Chinese syllable picked by a hash of the id (so the new names sort in
/// another order than the old ones), then the id reversed (so names stay unique).
fn renamed(id: &str) -> String {
    const SYLLABLES: [&str; 8] = ["山", "河", "村", "镇", "桥", "岭", "溪", "坝"];
    let hash = id.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ b as u64).wrapping_mul(0x100_0000_01b3)
    });
    let reversed: String = id.chars().rev().collect();
    format!("{}{}", SYLLABLES[(hash % 8) as usize], reversed)
}

/// Replaces every quoted string that is one of `ids` by its new name.
fn rename_text(text: &str, ids: &[String]) -> String {
    let mut out = String::with_capacity(text.len() * 2);
    let mut rest = text;
    while let Some(open) = rest.find('"') {
        out.push_str(&rest[..=open]);
        rest = &rest[open + 1..];
        let Some(close) = rest.find('"') else { break };
        let word = &rest[..close];
        if ids.binary_search_by(|id| id.as_str().cmp(word)).is_ok() {
            out.push_str(&renamed(word));
        } else {
            out.push_str(word);
        }
        out.push('"');
        rest = &rest[close + 1..];
    }
    out.push_str(rest);
    out
}

/// A copy of scenarios/ with every id renamed, in a fresh folder.
fn renamed_copy(tag: &str) -> PathBuf {
    fn walk(dir: &Path, found: &mut Vec<(PathBuf, String)>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, found);
            } else if path.extension().is_some_and(|e| e == "ron") {
                found.push((path.clone(), std::fs::read_to_string(&path).unwrap()));
            }
        }
    }
    let mut texts = Vec::new();
    walk(Path::new("scenarios"), &mut texts);
    let ids = ids_in(&texts);
    assert!(ids.len() > 100, "the scenarios' ids were not found");
    let root = std::env::temp_dir().join(format!("drillsim-rename-{tag}-{}", std::process::id()));
    for (path, text) in &texts {
        let to = root.join(path.strip_prefix("scenarios").unwrap());
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::write(&to, rename_text(text, &ids)).unwrap();
    }
    root
}

fn kpis(path: &Path, seed: u64) -> String {
    let loaded = scenario::load(path, None)
        .unwrap_or_else(|d| panic!("{} does not load:\n{d}", path.display()));
    let mut sim = Sim::new(loaded.scenario, RunSeed::new(seed));
    sim.run_to_end();
    serde_json::to_string(&sim.outcome().kpis).unwrap()
}

fn same_after_rename(scenario: &str, seeds: &[u64]) {
    let copy = renamed_copy(scenario.trim_end_matches(".ron"));
    let mut differ = Vec::new();
    for &seed in seeds {
        let before = kpis(&Path::new("scenarios").join(scenario), seed);
        let after = kpis(&copy.join(scenario), seed);
        if before != after {
            differ.push(format!("seed {seed}:\n  {before}\n  {after}"));
        }
    }
    let _ = std::fs::remove_dir_all(&copy);
    assert!(
        differ.is_empty(),
        "{scenario} renamed:\n{}",
        differ.join("\n")
    );
}

#[test]
fn renaming_every_id_of_the_small_town_changes_no_kpi() {
    same_after_rename("small-town.ron", &[1, 2, 3, 4, 5, 6, 7, 8]);
}

#[test]
fn renaming_every_id_of_the_county_changes_no_kpi() {
    same_after_rename("county-quake.ron", &[1, 7]);
}

#[test]
fn renaming_every_id_of_the_flood_season_changes_no_kpi() {
    same_after_rename("flood-season-compound.ron", &[1]);
}

#[test]
fn the_renamed_copy_really_renames_and_reorders() {
    let ids = vec!["a".to_string(), "b".to_string(), "t01".to_string()];
    let text = rename_text(r#"(id: "t01", parent: "a", name: "a town", x: "b")"#, &ids);
    assert!(
        !text.contains("\"t01\"") && !text.contains("\"a\""),
        "{text}"
    );
    assert!(text.contains("a town"), "names are kept: {text}");
    // The new names do not keep the old order for every pair.
    let mut old: Vec<String> = (0..50).map(|i| format!("t{i:02}")).collect();
    let new: Vec<String> = old.iter().map(|i| renamed(i)).collect();
    let mut sorted = new.clone();
    sorted.sort();
    old.sort();
    assert_ne!(new, sorted, "renaming kept the sort order");
    let _ = common::small_town();
}
