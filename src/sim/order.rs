//! Orders: what a commander — a person, a script or the plan's doctrine — tells the response to
//! do, and the one textual grammar they are written in.
//!
//! ```text
//! dispatch TEAM to PLACE          send a team to rescue trapped people at a place
//! dispatch TEAM clear ROAD        send a team to clear a blocked road
//! recall TEAM                     send a team back to its base
//! declare level LEVEL             declare a response level: I, II, III, IV (or 1–4)
//! request-aid KIND                call in held forces: mutual-aid, military, aviation
//! field-post PLACE commander TEAM set up a field command post, naming its commander
//! priority PLACE N                rank an incident for the doctrine (higher goes first)
//! ```
//!
//! Scripts (`drillsim run --orders FILE`) put a time before each order: `30m dispatch fire1 to
//! t01`. Lines starting with `#` are comments. The same grammar serves the drill UI's order line
//! and exercise injects.

use std::fmt;

use crate::scenario::{Duration, Level, TeamKind};

/// One order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Order {
    /// Send a team to rescue trapped people at a place.
    DispatchRescue { team: String, place: String },
    /// Send a team to clear a blocked road.
    DispatchClearRoad { team: String, road: String },
    /// Recall a team to its base.
    Recall { team: String },
    /// Declare a response level (by the county HQ).
    DeclareLevel { level: Level },
    /// Call in forces the plan holds until a level is declared.
    RequestAid { kind: TeamKind },
    /// Set up a field command post at a place's incident and name its commander (a team).
    FieldPost { place: String, commander: String },
    /// Rank an incident for the doctrine: higher priorities get teams first.
    Priority { place: String, priority: u32 },
}

fn kind_word(kind: TeamKind) -> &'static str {
    match kind {
        TeamKind::MutualAid => "mutual-aid",
        TeamKind::Military => "military",
        TeamKind::Aviation => "aviation",
        TeamKind::Comprehensive => "comprehensive",
        TeamKind::Professional => "professional",
        TeamKind::Social => "social",
    }
}

impl fmt::Display for Order {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Order::DispatchRescue { team, place } => write!(f, "dispatch {team} to {place}"),
            Order::DispatchClearRoad { team, road } => write!(f, "dispatch {team} clear {road}"),
            Order::Recall { team } => write!(f, "recall {team}"),
            Order::DeclareLevel { level } => write!(f, "declare level {level:?}"),
            Order::RequestAid { kind } => write!(f, "request-aid {}", kind_word(*kind)),
            Order::FieldPost { place, commander } => {
                write!(f, "field-post {place} commander {commander}")
            }
            Order::Priority { place, priority } => write!(f, "priority {place} {priority}"),
        }
    }
}

/// Why an order cannot be carried out.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OrderError {
    #[error("unknown team `{0}`")]
    UnknownTeam(String),
    #[error("unknown place `{0}`")]
    UnknownPlace(String),
    #[error("unknown road `{0}`")]
    UnknownRoad(String),
}

impl Order {
    /// Every id the order names that the scenario lacks, in the order written. Scripts, exercise
    /// files and the drill's order line are all checked with this before anything runs.
    pub fn unknown_ids(&self, scenario: &crate::scenario::Scenario) -> Vec<OrderError> {
        let team = |id: &String| {
            (!scenario.teams.iter().any(|t| &t.id == id))
                .then(|| OrderError::UnknownTeam(id.clone()))
        };
        let place = |id: &String| {
            (!scenario.region.places.iter().any(|p| &p.id == id))
                .then(|| OrderError::UnknownPlace(id.clone()))
        };
        let road = |id: &String| {
            (!scenario.region.roads.iter().any(|r| &r.id == id))
                .then(|| OrderError::UnknownRoad(id.clone()))
        };
        match self {
            Order::DispatchRescue { team: t, place: p } => vec![team(t), place(p)],
            Order::DispatchClearRoad { team: t, road: r } => vec![team(t), road(r)],
            Order::Recall { team: t } => vec![team(t)],
            Order::FieldPost {
                place: p,
                commander: t,
            } => vec![place(p), team(t)],
            Order::Priority { place: p, .. } => vec![place(p)],
            Order::DeclareLevel { .. } | Order::RequestAid { .. } => vec![],
        }
        .into_iter()
        .flatten()
        .collect()
    }
}

/// A parse error: what was expected, and where (1-based character column).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("column {column}: {message}")]
pub struct ParseError {
    pub column: usize,
    pub message: String,
}

/// The order verbs, for completion and help.
pub const VERBS: [&str; 6] = [
    "dispatch",
    "recall",
    "declare",
    "request-aid",
    "field-post",
    "priority",
];

struct Tokens<'a> {
    items: Vec<(usize, &'a str)>,
    at: usize,
    end_column: usize,
}

impl<'a> Tokens<'a> {
    fn new(text: &'a str) -> Tokens<'a> {
        let mut items = Vec::new();
        let mut start = None;
        for (i, ch) in text.char_indices() {
            match (ch.is_whitespace(), start) {
                (true, Some(s)) => {
                    items.push((s, &text[s..i]));
                    start = None;
                }
                (false, None) => start = Some(i),
                _ => {}
            }
        }
        if let Some(s) = start {
            items.push((s, &text[s..]));
        }
        Tokens {
            items,
            at: 0,
            end_column: text.chars().count() + 1,
        }
    }

    fn column_of(&self, byte: usize, text: &str) -> usize {
        text[..byte].chars().count() + 1
    }

    fn next(&mut self, expected: &str) -> Result<&'a str, ParseError> {
        match self.items.get(self.at) {
            Some((_, token)) => {
                self.at += 1;
                Ok(token)
            }
            None => Err(ParseError {
                column: self.end_column,
                message: format!("expected {expected}, found the end of the line"),
            }),
        }
    }

    fn error_here(&self, text: &str, message: String) -> ParseError {
        let byte = self
            .items
            .get(self.at.saturating_sub(1))
            .map_or(0, |(b, _)| *b);
        ParseError {
            column: self.column_of(byte, text),
            message,
        }
    }

    fn finish(&self, text: &str) -> Result<(), ParseError> {
        match self.items.get(self.at) {
            None => Ok(()),
            Some((byte, token)) => Err(ParseError {
                column: self.column_of(*byte, text),
                message: format!("unexpected `{token}` after a complete order"),
            }),
        }
    }
}

fn parse_level(word: &str) -> Option<Level> {
    match word.to_ascii_uppercase().as_str() {
        "I" | "1" | "Ⅰ" => Some(Level::I),
        "II" | "2" | "Ⅱ" => Some(Level::II),
        "III" | "3" | "Ⅲ" => Some(Level::III),
        "IV" | "4" | "Ⅳ" => Some(Level::IV),
        _ => None,
    }
}

fn parse_kind(word: &str) -> Option<TeamKind> {
    match word {
        "mutual-aid" => Some(TeamKind::MutualAid),
        "military" => Some(TeamKind::Military),
        "aviation" => Some(TeamKind::Aviation),
        "comprehensive" => Some(TeamKind::Comprehensive),
        "professional" => Some(TeamKind::Professional),
        "social" => Some(TeamKind::Social),
        _ => None,
    }
}

/// Parses one order.
pub fn parse_order(text: &str) -> Result<Order, ParseError> {
    let mut t = Tokens::new(text);
    let verb = t.next(&format!("an order ({})", VERBS.join(", ")))?;
    let order = match verb {
        "dispatch" => {
            let team = t.next("a team id")?.to_string();
            match t.next("`to PLACE` or `clear ROAD`")? {
                "to" => Order::DispatchRescue {
                    team,
                    place: t.next("a place id")?.to_string(),
                },
                "clear" => Order::DispatchClearRoad {
                    team,
                    road: t.next("a road id")?.to_string(),
                },
                other => {
                    return Err(t.error_here(
                        text,
                        format!("expected `to` or `clear` after the team, found `{other}`"),
                    ));
                }
            }
        }
        "recall" => Order::Recall {
            team: t.next("a team id")?.to_string(),
        },
        "declare" => {
            let word = t.next("`level`")?;
            if word != "level" {
                return Err(t.error_here(text, format!("expected `level`, found `{word}`")));
            }
            let level = t.next("a level: I, II, III or IV")?;
            Order::DeclareLevel {
                level: parse_level(level).ok_or_else(|| {
                    t.error_here(
                        text,
                        format!("expected a level: I, II, III or IV, found `{level}`"),
                    )
                })?,
            }
        }
        "request-aid" => {
            let word = t.next("mutual-aid, military or aviation")?;
            Order::RequestAid {
                kind: parse_kind(word).ok_or_else(|| {
                    t.error_here(
                        text,
                        format!("expected mutual-aid, military or aviation, found `{word}`"),
                    )
                })?,
            }
        }
        "field-post" => {
            let place = t.next("a place id")?.to_string();
            let word = t.next("`commander TEAM`")?;
            if word != "commander" {
                return Err(t.error_here(text, format!("expected `commander`, found `{word}`")));
            }
            Order::FieldPost {
                place,
                commander: t.next("the commander's team id")?.to_string(),
            }
        }
        "priority" => {
            let place = t.next("a place id")?.to_string();
            let word = t.next("a priority number")?;
            Order::Priority {
                place,
                priority: word.parse().map_err(|_| {
                    t.error_here(text, format!("expected a priority number, found `{word}`"))
                })?,
            }
        }
        other => {
            return Err(ParseError {
                column: 1,
                message: format!("unknown order `{other}`; orders are {}", VERBS.join(", ")),
            });
        }
    };
    t.finish(text)?;
    Ok(order)
}

/// One timed order of a script.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScriptedOrder {
    /// Simulated minute the order is given.
    pub at: u32,
    pub order: Order,
    /// Line in the script (1-based).
    pub line: usize,
}

/// An error in a script line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScriptError {
    pub line: usize,
    pub column: usize,
    pub message: String,
    pub text: String,
}

impl fmt::Display for ScriptError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "line {}:{}: {}\n  | {}",
            self.line, self.column, self.message, self.text
        )
    }
}

/// Parses a script of timed orders, reporting every bad line.
pub fn parse_script(text: &str) -> Result<Vec<ScriptedOrder>, Vec<ScriptError>> {
    let mut orders = Vec::new();
    let mut errors = Vec::new();
    for (index, raw) in text.lines().enumerate() {
        let line = index + 1;
        let content = raw.split('#').next().unwrap_or("").trim_end();
        if content.trim().is_empty() {
            continue;
        }
        let trimmed = content.trim_start();
        let lead = content.len() - trimmed.len();
        let (time, rest) = trimmed
            .split_once(char::is_whitespace)
            .unwrap_or((trimmed, ""));
        let at = match time.parse::<Duration>() {
            Ok(d) => d.as_minutes(),
            Err(e) => {
                errors.push(ScriptError {
                    line,
                    column: lead + 1,
                    message: format!("expected a time such as 30m or 2h before the order: {e}"),
                    text: raw.to_string(),
                });
                continue;
            }
        };
        let order_start = content.len() - rest.trim_start().len();
        match parse_order(rest.trim()) {
            Ok(order) => orders.push(ScriptedOrder { at, order, line }),
            Err(e) => errors.push(ScriptError {
                line,
                column: content[..order_start].chars().count() + e.column,
                message: e.message,
                text: raw.to_string(),
            }),
        }
    }
    if errors.is_empty() {
        orders.sort_by_key(|o| (o.at, o.line));
        Ok(orders)
    } else {
        Err(errors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn check(text: &str, expect: Result<&str, &str>) {
        match (parse_order(text), expect) {
            (Ok(order), Ok(shown)) => {
                assert_eq!(order.to_string(), shown);
                assert_eq!(
                    parse_order(&order.to_string()).unwrap(),
                    order,
                    "round trip"
                );
            }
            (Err(e), Err(message)) => assert!(e.to_string().contains(message), "{text}: {e}"),
            (got, want) => panic!("{text}: got {got:?}, want {want:?}"),
        }
    }

    #[test]
    fn orders_parse_and_print_back() {
        check("dispatch fire1 to t01", Ok("dispatch fire1 to t01"));
        check(
            "  dispatch   eng2 clear r007 ",
            Ok("dispatch eng2 clear r007"),
        );
        check("recall fire1", Ok("recall fire1"));
        check("declare level II", Ok("declare level II"));
        check("declare level 1", Ok("declare level I"));
        check("request-aid mutual-aid", Ok("request-aid mutual-aid"));
        check(
            "field-post t01v02 commander fire1",
            Ok("field-post t01v02 commander fire1"),
        );
        check("priority t01v02 5", Ok("priority t01v02 5"));
    }

    #[test]
    fn parse_errors_say_what_was_expected() {
        check("", Err("expected an order (dispatch"));
        check(
            "dispatch",
            Err("column 9: expected a team id, found the end of the line"),
        );
        check(
            "dispatch fire1 from t01",
            Err("column 16: expected `to` or `clear` after the team, found `from`"),
        );
        check(
            "declare level V",
            Err("expected a level: I, II, III or IV, found `V`"),
        );
        check(
            "request-aid navy",
            Err("expected mutual-aid, military or aviation"),
        );
        check(
            "priority t01 high",
            Err("expected a priority number, found `high`"),
        );
        check(
            "recall fire1 now",
            Err("unexpected `now` after a complete order"),
        );
        check("launch fire1", Err("unknown order `launch`"));
    }

    #[test]
    fn scripts_have_times_comments_and_every_error() {
        let script = "# drill script\n30m dispatch fire1 to t01\n\n2h recall fire1  # back\n10m declare level III\n";
        let orders = parse_script(script).unwrap();
        assert_eq!(orders.len(), 3);
        assert_eq!((orders[0].at, orders[0].line), (10, 5), "sorted by time");
        assert_eq!(
            orders[2].order,
            Order::Recall {
                team: "fire1".into()
            }
        );

        let errors =
            parse_script("30m dispatch fire1\nsoon recall fire1\n1h recall\n").unwrap_err();
        assert_eq!(errors.len(), 3);
        assert_eq!(errors[0].line, 1);
        assert!(
            errors[0]
                .message
                .contains("expected `to PLACE` or `clear ROAD`")
        );
        assert!(errors[1].message.contains("expected a time"));
        assert_eq!((errors[2].line, errors[2].column), (3, 10));
    }
}
