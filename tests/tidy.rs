//! The house rules that keep drillsim's seams where ARCHITECTURE.md says they are, checked on the
//! source text (in the spirit of rust-analyzer's tidy tests):
//!
//! - the simulation (`src/sim/`) reads validated scenarios only: it never imports the file format
//!   (`scenario::spec`), the drill or the command line, the file system or the wall clock — so it
//!   stays deterministic and can run anywhere;
//! - no import circle between sibling modules anywhere in `src/` (a module may use its parent's
//!   and its children's items; siblings depend one way);
//! - no source file grows past [`MAX_LINES`] lines unless it is a table of data ([`TABLES`]).
//!
//! Each failure names the file and line that breaks the rule.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Longest a source file under `src/` may be.
const MAX_LINES: usize = 600;

/// Files that are tables of data and may be longer than [`MAX_LINES`].
const TABLES: &[&str] = &[];

/// What `src/sim/` must not name, and why.
const SIM_FORBIDDEN_MODULES: &[(&[&str], &str)] = &[
    (
        &["scenario", "spec"],
        "the raw file format; the simulation reads the validated model",
    ),
    (&["drill"], "the drill front end"),
    (&["cli"], "the command line"),
    (&["eval"], "batch evaluation, which drives the simulation"),
];

/// The front ends (`src/drill/`, `src/cli/`, `src/eval/`, `src/output.rs`) read the simulation
/// through `Sim` and its views (`sim::command`'s `View`, `Truth`, `ReportingRecord`, the KPI
/// registry, orders, events), never through its inner rooms.
const FRONT_ENDS: &[&str] = &["drill", "cli", "eval", "output"];
const SIM_INSIDES: &[&str] = &[
    "components",
    "resources",
    "systems",
    "hazards",
    "roads",
    "schedule",
    "relief",
    "warning",
];

/// Words `src/sim/` must not contain outside comments and strings, and why.
const SIM_FORBIDDEN_WORDS: &[(&str, &str)] = &[
    ("std::fs", "the file system"),
    ("std::net", "the network"),
    ("SystemTime", "the wall clock"),
    ("Instant", "the wall clock"),
    ("thread_rng", "an unseeded random source"),
];

/// One source file: its module path (`src/sim/command/mod.rs` is `sim::command`) and its text
/// with comments and the contents of strings blanked (line breaks kept, so lines still count).
struct Source {
    path: PathBuf,
    module: Vec<String>,
    code: String,
    lines: usize,
}

fn module_of(relative: &Path) -> Vec<String> {
    let mut parts: Vec<String> = relative
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    let file = parts.pop().unwrap_or_default();
    let stem = file.trim_end_matches(".rs");
    if !matches!(stem, "mod" | "lib" | "main") {
        parts.push(stem.to_string());
    }
    parts
}

/// The code without comments (`//`, nested `/* */`) and with string and character literals
/// emptied, so that a doc comment or a message naming `std::fs` is not a use of it.
fn code_only(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    let keep_lines = |out: &mut String, from: &[char]| {
        out.extend(from.iter().filter(|&&c| c == '\n'));
    };
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        if c == '/' && next == Some('/') {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
        } else if c == '/' && next == Some('*') {
            let start = i;
            let mut depth = 0usize;
            while i < chars.len() {
                if chars[i] == '/' && chars.get(i + 1) == Some(&'*') {
                    depth += 1;
                    i += 2;
                } else if chars[i] == '*' && chars.get(i + 1) == Some(&'/') {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    i += 1;
                }
            }
            keep_lines(&mut out, &chars[start..i.min(chars.len())]);
        } else if c == 'r'
            && !i
                .checked_sub(1)
                .is_some_and(|p| chars[p].is_alphanumeric() || chars[p] == '_')
            && matches!(next, Some('"') | Some('#'))
            && chars[i + 1..]
                .iter()
                .find(|&&h| h != '#')
                .is_some_and(|&q| q == '"')
        {
            let hashes = chars[i + 1..].iter().take_while(|&&h| h == '#').count();
            let close: Vec<char> = std::iter::once('"')
                .chain(std::iter::repeat_n('#', hashes))
                .collect();
            let start = i;
            i += 2 + hashes;
            while i < chars.len() && !chars[i..].starts_with(&close) {
                i += 1;
            }
            i = (i + close.len()).min(chars.len());
            out.push_str("\"\"");
            keep_lines(&mut out, &chars[start..i]);
        } else if c == '"' {
            let start = i;
            i += 1;
            while i < chars.len() && chars[i] != '"' {
                i += if chars[i] == '\\' { 2 } else { 1 };
            }
            i = (i + 1).min(chars.len());
            out.push_str("\"\"");
            keep_lines(&mut out, &chars[start..i]);
        } else if c == '\'' && next == Some('\\') {
            // An escaped character literal: '\n', '\'', '\u{…}'.
            i += 2;
            while i < chars.len() && chars[i] != '\'' {
                i += 1;
            }
            i += 1;
            out.push_str("' '");
        } else if c == '\'' && chars.get(i + 2) == Some(&'\'') {
            i += 3;
            out.push_str("' '");
        } else {
            // A lifetime's quote, or any other character.
            out.push(c);
            i += 1;
        }
    }
    out
}

fn sources(root: &Path) -> Vec<Source> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        let mut entries: Vec<_> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        entries.sort();
        for path in entries {
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }
    let mut files = Vec::new();
    walk(root, &mut files);
    files
        .into_iter()
        .map(|path| {
            let text = std::fs::read_to_string(&path).unwrap();
            Source {
                module: module_of(path.strip_prefix(root).unwrap()),
                code: code_only(&text),
                lines: text.lines().count(),
                path,
            }
        })
        .collect()
}

/// Every path a piece of code names from `crate::`, `super::` or `self::`, resolved to a path
/// from the crate root, with the line it is on. Groups (`crate::sim::{a, b::c}`) are expanded.
fn references(code: &str, module: &[String]) -> Vec<(Vec<String>, usize)> {
    let bytes: Vec<char> = code.chars().collect();
    let mut out = Vec::new();
    let mut line = 1;
    let mut i = 0;
    let word_at = |i: usize, word: &str| -> bool {
        let w: Vec<char> = word.chars().collect();
        bytes[i..].starts_with(&w)
            && !i
                .checked_sub(1)
                .is_some_and(|p| bytes[p].is_alphanumeric() || bytes[p] == '_' || bytes[p] == ':')
    };
    while i < bytes.len() {
        if bytes[i] == '\n' {
            line += 1;
            i += 1;
            continue;
        }
        let base: Option<(Vec<String>, usize)> = if word_at(i, "crate::") {
            Some((Vec::new(), 7))
        } else if word_at(i, "self::") {
            // In `a/mod.rs` and `a.rs` alike, `self` is the file's own module.
            Some((module.to_vec(), 6))
        } else if word_at(i, "super::") {
            let mut base = module.to_vec();
            base.pop();
            let mut skip = 7;
            while bytes[i + skip..].starts_with(&['s', 'u', 'p', 'e', 'r', ':', ':']) {
                base.pop();
                skip += 7;
            }
            Some((base, skip))
        } else {
            None
        };
        match base {
            Some((base, skip)) => {
                let (paths, end) = parse_tree(&bytes, i + skip);
                for path in paths {
                    let mut full = base.clone();
                    full.extend(path);
                    out.push((full, line));
                }
                line += bytes[i..end].iter().filter(|&&c| c == '\n').count();
                i = end;
            }
            None => i += 1,
        }
    }
    out
}

/// Parses a use tree starting at `i` (after a `::`): `a::b`, `a::{b, c::d}`, `a::*`. Returns the
/// paths (segments only; `self` inside a group means the group's own path) and where it ended.
fn parse_tree(chars: &[char], mut i: usize) -> (Vec<Vec<String>>, usize) {
    let skip_space = |i: &mut usize| {
        while *i < chars.len() && chars[*i].is_whitespace() {
            *i += 1;
        }
    };
    let mut prefix = Vec::new();
    loop {
        skip_space(&mut i);
        if i < chars.len() && chars[i] == '{' {
            i += 1;
            let mut paths = Vec::new();
            loop {
                skip_space(&mut i);
                if i >= chars.len() {
                    break;
                }
                if chars[i] == '}' {
                    i += 1;
                    break;
                }
                if chars[i] == ',' {
                    i += 1;
                    continue;
                }
                let before = i;
                let (inner, end) = parse_tree(chars, i);
                for p in inner {
                    let mut full: Vec<String> = prefix.clone();
                    full.extend(p.into_iter().filter(|s| s != "self"));
                    paths.push(full);
                }
                i = end;
                // `as name` and anything unexpected: skip to the next comma or brace.
                while i < chars.len() && !matches!(chars[i], ',' | '}') {
                    i += 1;
                }
                if i == before {
                    i += 1;
                }
            }
            return (paths, i);
        }
        let start = i;
        while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_') {
            i += 1;
        }
        if i == start {
            // `*` or the end of the path.
            return (vec![prefix], i);
        }
        prefix.push(chars[start..i].iter().collect());
        if chars[i..].starts_with(&[':', ':']) {
            i += 2;
        } else {
            return (vec![prefix], i);
        }
    }
}

/// The longest prefix of `path` that is a module.
fn module_named(path: &[String], modules: &BTreeSet<Vec<String>>) -> Vec<String> {
    (0..=path.len())
        .rev()
        .map(|n| path[..n].to_vec())
        .find(|p| modules.contains(p))
        .unwrap_or_default()
}

/// One use of a module by another: where it is written.
#[derive(Clone)]
struct Evidence {
    file: PathBuf,
    line: usize,
    named: String,
}

/// Edges between sibling modules: a file in `a` naming something in sibling `b` (under the
/// same parent) is an edge `a → b`. A module using its parent or its children is not an edge.
fn sibling_edges(
    sources: &[Source],
    root: &Path,
) -> BTreeMap<(Vec<String>, Vec<String>), Evidence> {
    let mut modules: BTreeSet<Vec<String>> = BTreeSet::new();
    for source in sources {
        for n in 0..=source.module.len() {
            modules.insert(source.module[..n].to_vec());
        }
    }
    let mut edges = BTreeMap::new();
    for source in sources {
        for (path, line) in references(&source.code, &source.module) {
            let target = module_named(&path, &modules);
            let from = &source.module;
            let common = from.iter().zip(&target).take_while(|(a, b)| a == b).count();
            if common == from.len() || common == target.len() {
                continue; // itself, an ancestor or a descendant
            }
            let a = from[..=common].to_vec();
            let b = target[..=common].to_vec();
            edges.entry((a, b)).or_insert_with(|| Evidence {
                file: shown(&source.path, root),
                line,
                named: path.join("::"),
            });
        }
    }
    edges
}

/// Strongly connected groups of more than one module (Tarjan), each in a stable order.
fn circles(edges: &BTreeMap<(Vec<String>, Vec<String>), Evidence>) -> Vec<Vec<Vec<String>>> {
    let nodes: BTreeSet<&Vec<String>> = edges.keys().flat_map(|(a, b)| [a, b]).collect();
    let nodes: Vec<&Vec<String>> = nodes.into_iter().collect();
    let index_of = |n: &Vec<String>| nodes.iter().position(|m| *m == n).unwrap();
    let mut next: Vec<Vec<usize>> = vec![Vec::new(); nodes.len()];
    for (a, b) in edges.keys() {
        next[index_of(a)].push(index_of(b));
    }
    struct Tarjan<'a> {
        next: &'a [Vec<usize>],
        index: Vec<Option<usize>>,
        low: Vec<usize>,
        on_stack: Vec<bool>,
        stack: Vec<usize>,
        counter: usize,
        groups: Vec<Vec<usize>>,
    }
    impl Tarjan<'_> {
        fn visit(&mut self, v: usize) {
            self.index[v] = Some(self.counter);
            self.low[v] = self.counter;
            self.counter += 1;
            self.stack.push(v);
            self.on_stack[v] = true;
            for &w in &self.next[v] {
                match self.index[w] {
                    None => {
                        self.visit(w);
                        self.low[v] = self.low[v].min(self.low[w]);
                    }
                    Some(iw) if self.on_stack[w] => self.low[v] = self.low[v].min(iw),
                    Some(_) => {}
                }
            }
            if Some(self.low[v]) == self.index[v] {
                let mut group = Vec::new();
                while let Some(w) = self.stack.pop() {
                    self.on_stack[w] = false;
                    group.push(w);
                    if w == v {
                        break;
                    }
                }
                if group.len() > 1 {
                    group.sort();
                    self.groups.push(group);
                }
            }
        }
    }
    let mut t = Tarjan {
        next: &next,
        index: vec![None; nodes.len()],
        low: vec![0; nodes.len()],
        on_stack: vec![false; nodes.len()],
        stack: Vec::new(),
        counter: 0,
        groups: Vec::new(),
    };
    for v in 0..nodes.len() {
        if t.index[v].is_none() {
            t.visit(v);
        }
    }
    let mut groups: Vec<Vec<Vec<String>>> = t
        .groups
        .into_iter()
        .map(|g| g.into_iter().map(|i| nodes[i].clone()).collect())
        .collect();
    groups.sort();
    groups
}

fn describe_circles(sources: &[Source], root: &Path) -> Vec<String> {
    let edges = sibling_edges(sources, root);
    circles(&edges)
        .into_iter()
        .map(|group| {
            let names: Vec<String> = group.iter().map(|m| m.join("::")).collect();
            let mut text = format!("import circle among {}:", names.join(", "));
            for ((a, b), e) in &edges {
                if group.contains(a) && group.contains(b) {
                    text.push_str(&format!(
                        "\n    {} → {}: {}:{} names {}",
                        a.join("::"),
                        b.join("::"),
                        e.file.display(),
                        e.line,
                        e.named
                    ));
                }
            }
            text
        })
        .collect()
}

fn sim_violations(sources: &[Source], root: &Path) -> Vec<String> {
    let mut out = Vec::new();
    for source in sources
        .iter()
        .filter(|s| s.module.first().is_some_and(|m| m == "sim"))
    {
        let shown = shown(&source.path, root).display().to_string();
        for (path, line) in references(&source.code, &source.module) {
            for (forbidden, why) in SIM_FORBIDDEN_MODULES {
                if path.len() >= forbidden.len() && path[..forbidden.len()] == **forbidden {
                    out.push(format!(
                        "{shown}:{line}: the simulation names {} ({why})",
                        path.join("::")
                    ));
                }
            }
        }
        for (n, text) in source.code.lines().enumerate() {
            for (word, why) in SIM_FORBIDDEN_WORDS {
                let found = text.match_indices(word).any(|(at, _)| {
                    let before = text[..at].chars().next_back();
                    let after = text[at + word.len()..].chars().next();
                    !before.is_some_and(|c| c.is_alphanumeric() || c == '_')
                        && !after.is_some_and(|c| c.is_alphanumeric() || c == '_')
                });
                if found {
                    out.push(format!(
                        "{shown}:{}: the simulation uses {word} ({why})",
                        n + 1
                    ));
                }
            }
        }
    }
    out
}

/// A source's path as a person finds it: from the repository root (`src/sim/a.rs`).
fn shown(path: &Path, root: &Path) -> PathBuf {
    path.strip_prefix(root.parent().unwrap_or(root))
        .unwrap_or(path)
        .to_path_buf()
}

fn front_end_violations(sources: &[Source], root: &Path) -> Vec<String> {
    let mut out = Vec::new();
    for source in sources.iter().filter(|s| {
        s.module
            .first()
            .is_some_and(|m| FRONT_ENDS.contains(&m.as_str()))
    }) {
        let shown = shown(&source.path, root).display().to_string();
        for (path, line) in references(&source.code, &source.module) {
            if path.len() >= 2 && path[0] == "sim" && SIM_INSIDES.contains(&path[1].as_str()) {
                out.push(format!(
                    "{shown}:{line}: names {} (read the simulation through `Sim` and its views)",
                    path.join("::")
                ));
            }
        }
    }
    out
}

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

#[test]
fn the_simulation_reads_only_the_validated_model_and_no_clock_file_or_front_end() {
    let root = src();
    let problems = sim_violations(&sources(&root), &root);
    assert!(
        problems.is_empty(),
        "src/sim/ must stay a pure, deterministic core (ARCHITECTURE.md, \"Architecture \
         invariants\"):\n{}",
        problems.join("\n")
    );
}

#[test]
fn the_front_ends_read_the_simulation_through_its_views() {
    let root = src();
    let problems = front_end_violations(&sources(&root), &root);
    assert!(
        problems.is_empty(),
        "the drill, the command line and the reports see what a role may see, not the \
         simulation's inner state (ARCHITECTURE.md, \"Architecture invariants\"):\n{}",
        problems.join("\n")
    );
}

#[test]
fn no_import_circle_between_sibling_modules() {
    let root = src();
    let problems = describe_circles(&sources(&root), &root);
    assert!(
        problems.is_empty(),
        "sibling modules must depend one way (move what both need into one of them, or below \
         both):\n{}",
        problems.join("\n")
    );
}

#[test]
fn no_source_file_is_longer_than_the_limit() {
    let root = src();
    let long: Vec<String> = sources(&root)
        .iter()
        .filter(|s| s.lines > MAX_LINES)
        .map(|s| shown(&s.path, &root).display().to_string())
        .filter(|p| !TABLES.contains(&p.as_str()))
        .collect();
    assert!(
        long.is_empty(),
        "files above {MAX_LINES} lines (split them by job, or list a table of data in TABLES):\n{}",
        long.join("\n")
    );
}

// The checker itself, on made-up sources: each rule can fail.

fn made_up(files: &[(&str, &str)]) -> Vec<Source> {
    files
        .iter()
        .map(|(path, text)| Source {
            path: Path::new("src").join(path),
            module: module_of(Path::new(path)),
            code: code_only(text),
            lines: text.lines().count(),
        })
        .collect()
}

#[test]
fn the_checker_finds_a_circle_through_a_group_import_and_a_super_path() {
    let sources = made_up(&[
        ("sim/mod.rs", "pub mod a;\npub mod b;\npub mod c;\n"),
        ("sim/a.rs", "use crate::sim::{b::Thing, c};\n"),
        ("sim/b.rs", "fn f() { super::c::g(); }\n"),
        ("sim/c.rs", "use super::super::sim::a::Other;\n"),
    ]);
    let found = describe_circles(&sources, Path::new("src"));
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0].starts_with("import circle among sim::a, sim::b, sim::c:")
            && found[0].contains("sim::c → sim::a: src/sim/c.rs:1 names sim::a::Other"),
        "{}",
        found[0]
    );
}

#[test]
fn the_checker_ignores_parents_children_comments_and_strings() {
    let sources = made_up(&[
        (
            "sim/mod.rs",
            "pub mod a;\npub use a::Thing;\nuse crate::sim::a;\n",
        ),
        (
            "sim/a.rs",
            "use super::Shared; // crate::sim::b\n/* use crate::sim::b; */\nconst S: &str = \"crate::sim::b\";\nconst R: &str = r#\"crate::sim::b\"#;\nconst C: char = '\"';\n",
        ),
        ("sim/b.rs", "use crate::sim::a::Thing;\n"),
    ]);
    assert!(describe_circles(&sources, Path::new("src")).is_empty());
    assert!(sim_violations(&sources, Path::new("src")).is_empty());
}

#[test]
fn the_checker_names_what_the_simulation_must_not_use() {
    let sources = made_up(&[
        ("sim/mod.rs", "pub mod a;\n"),
        (
            "sim/a.rs",
            "use crate::scenario::spec::HazardKind;\nuse crate::{drill::Engine, scenario::Scenario};\nfn f() { let _ = std::time::Instant::now(); let _ = std::fs::read(\"x\"); }\n",
        ),
    ]);
    let found = sim_violations(&sources, Path::new("src"));
    assert_eq!(
        found,
        [
            "src/sim/a.rs:1: the simulation names scenario::spec::HazardKind (the raw file format; the simulation reads the validated model)",
            "src/sim/a.rs:2: the simulation names drill::Engine (the drill front end)",
            "src/sim/a.rs:3: the simulation uses std::fs (the file system)",
            "src/sim/a.rs:3: the simulation uses Instant (the wall clock)",
        ],
        "{found:#?}"
    );
}

#[test]
fn the_checker_sees_the_file_format_in_every_spelling() {
    for (text, named) in [
        ("use crate::scenario::{spec, Scenario};", true),
        ("use crate::scenario::{Scenario, spec::Tag};", true),
        ("fn f(x: crate::scenario::spec::Tag) {}", true),
        ("use super::super::scenario::spec::Tag;", true),
        ("use crate::scenario::{Scenario, model::Tag};", false),
        ("fn f() { let spec = 1; } // crate::scenario::spec", false),
    ] {
        let sources = made_up(&[("sim/mod.rs", "pub mod a;\n"), ("sim/a.rs", text)]);
        let found = sim_violations(&sources, Path::new("src"));
        assert_eq!(!found.is_empty(), named, "{text}: {found:?}");
    }
}

#[test]
fn the_checker_keeps_the_front_ends_out_of_the_simulations_rooms() {
    let sources = made_up(&[
        ("drill/mod.rs", "pub mod a;\n"),
        (
            "drill/a.rs",
            "use crate::sim::command::{Truth, View};\nuse crate::sim::{Sim, components::TeamState};\n",
        ),
    ]);
    assert_eq!(
        front_end_violations(&sources, Path::new("src")),
        [
            "src/drill/a.rs:2: names sim::components::TeamState (read the simulation through `Sim` and its views)"
        ]
    );
}
