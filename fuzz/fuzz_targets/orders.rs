//! The order grammar: `--orders` scripts (`parse_script`), single orders (`parse_order`), the
//! drill's order line (`parse_line`, player and controller) and its completion. Never a panic;
//! an order that parses prints back to itself; errors point inside the line.
#![no_main]

use drillsim::drill::line::{self, CONTROLLER_WORDS, Command, Vocabulary};
use drillsim::sim::order::{self, ParseError};
use libfuzzer_sys::fuzz_target;

fn words(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| s.to_string()).collect()
}

fn vocabulary() -> Vocabulary {
    Vocabulary {
        teams: words(&["fr01", "fr02", "pr10", "tc-t1", "team"]),
        places: words(&["county", "t1", "v1", "v2", "t10"]),
        roads: words(&["r001", "r01", "r1"]),
        roles: words(&["controller", "county-commander", "tc-t1"]),
        injects: words(&["I1", "I10", "I2"]),
        objectives: words(&["O1", "O2"]),
        controller: true,
    }
}

fn check_error(error: &ParseError, line: &str) {
    let _ = error.to_string();
    let end = line.chars().count() + 1;
    assert!(
        (1..=end).contains(&error.column),
        "column {} outside `{line}` (1..={end}): {}",
        error.column,
        error.message
    );
}

fn check_line(text: &str) {
    match order::parse_order(text) {
        Ok(parsed) => {
            let shown = parsed.to_string();
            assert_eq!(
                order::parse_order(&shown),
                Ok(parsed),
                "`{shown}` reads back"
            );
        }
        Err(error) => check_error(&error, text),
    }
    for controller in [false, true] {
        match line::parse_line(text, controller) {
            Ok(Command::Order(shown)) => {
                let parsed = order::parse_order(&shown).expect("an order line's order parses");
                assert_eq!(parsed.to_string(), shown, "order lines are shown as parsed");
            }
            Ok(other) => {
                let word = text.split_whitespace().next().unwrap_or("");
                assert!(
                    controller || !CONTROLLER_WORDS.contains(&word),
                    "a player may not use `{word}`: {other:?}"
                );
            }
            Err(error) => check_error(&error, text),
        }
    }
    let vocabulary = vocabulary();
    let (completed, candidates) = vocabulary.complete(text);
    let prefix = if text.ends_with(char::is_whitespace) {
        ""
    } else {
        text.split_whitespace().last().unwrap_or("")
    };
    assert!(
        completed.starts_with(&text[..text.len() - prefix.len()]),
        "completion kept the words before the last"
    );
    for candidate in &candidates {
        assert!(
            candidate.starts_with(prefix),
            "candidate `{candidate}` for `{prefix}`"
        );
    }
}

fuzz_target!(|text: &str| {
    match order::parse_script(text) {
        Ok(orders) => {
            let lines = text.lines().count();
            for pair in orders.windows(2) {
                assert!(
                    (pair[0].at, pair[0].line) <= (pair[1].at, pair[1].line),
                    "script order"
                );
            }
            for scripted in &orders {
                assert!(
                    (1..=lines).contains(&scripted.line),
                    "line {}",
                    scripted.line
                );
                let shown = scripted.order.to_string();
                assert_eq!(order::parse_order(&shown).as_ref(), Ok(&scripted.order));
            }
        }
        Err(errors) => {
            assert!(!errors.is_empty(), "a refused script says why");
            let lines: Vec<&str> = text.lines().collect();
            for error in &errors {
                let _ = error.to_string();
                assert!(
                    (1..=lines.len()).contains(&error.line),
                    "line {}",
                    error.line
                );
                assert_eq!(error.text, lines[error.line - 1], "the quoted line");
                assert!(error.column >= 1, "column {}", error.column);
            }
        }
    }
    for line in text.lines().take(64) {
        check_line(line);
    }
});
