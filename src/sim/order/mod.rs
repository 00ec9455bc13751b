//! Orders: what a commander — a person, a script or the plan's doctrine — tells the response to
//! do, and the one textual grammar they are written in (the table [`FORMS`] in `grammar.rs`).
//!
//! ```text
//! dispatch TEAM to PLACE          send a team to rescue trapped people at a place
//! dispatch TEAM clear ROAD        send a team to clear a blocked road
//! recall TEAM                     send a team back to its base
//! declare level LEVEL             declare a response level: I, II, III, IV (or 1–4)
//! request-aid KIND                call in held forces: mutual-aid, military, aviation
//! field-post PLACE commander TEAM set up a field command post, naming its commander
//! handover PLACE commander TEAM   hand the field post over to a new commander (a team there)
//! priority PLACE N                rank an incident for the doctrine (higher goes first)
//! share SEAT WHAT                 share roads, incidents, forecasts, reservoirs, beds, teams
//! sizeup PLACE                    send the size-up of the scene at a place (the field post's)
//! sitrep PLACE                    send a situation report of the scene at a place
//! ```
//!
//! `share`, `sizeup` and `sitrep` are information, not orders to forces: they never queue for
//! a team, travel with the chain's latency and land in the recipient's belief and inbox
//! (`sim::command::share`).
//!
//! Scripts (`drillsim run --orders FILE`, `script.rs`) put a time before each order: `30m
//! dispatch fire1 to t01`. Lines starting with `#` are comments. The same grammar serves the
//! drill UI's order line, its completion and help, and exercise injects and expected actions.

use std::fmt;

use crate::scenario::{Level, TeamKind};

mod grammar;
mod names;
mod refusal;
mod script;
mod words;

pub use grammar::{
    ArgKind, FORMS, Form, Next, Slot, Value, next, parse_order, pattern_unknown_ids, verbs,
};
pub use names::{Names, parse_order_named};
pub use refusal::OrderRefusal;
pub use script::{ScriptError, ScriptedOrder, parse_script};
pub use words::{Info, kind_word};

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
    /// Ask seat `seat` (up the chain or across) for `count` reinforcement echelons of `kind`
    /// (请求支援): the request climbs as every request does, and the seat asked answers.
    RequestSupport {
        seat: String,
        kind: TeamKind,
        count: u32,
    },
    /// Set up a field command post at a place's incident and name its commander (a team).
    FieldPost { place: String, commander: String },
    /// Hand the field post at a place's incident over to a new commander (a team there).
    Handover { place: String, commander: String },
    /// Rank an incident for the doctrine: higher priorities get teams first.
    Priority { place: String, priority: u32 },
    /// Share what the issuing seat knows of one kind with another seat.
    Share { seat: String, what: Info },
    /// Send the size-up (首报) of the scene at a place, from its field post up the chain.
    SizeUp { place: String },
    /// Send a situation report (续报) of the scene at a place, from its field post up the chain.
    Sitrep { place: String },
}

impl Order {
    /// The team this order tasks (sends, re-routes or recalls), if it tasks one: while it is
    /// on its way the team is not the doctrine's to task, and the drill shows it as the
    /// player's last order to that team. Every order says, so a new verb must too.
    pub fn tasked_team(&self) -> Option<&str> {
        match self {
            Order::DispatchRescue { team, .. }
            | Order::DispatchClearRoad { team, .. }
            | Order::Recall { team } => Some(team),
            Order::DeclareLevel { .. }
            | Order::RequestAid { .. }
            | Order::RequestSupport { .. }
            | Order::FieldPost { .. }
            | Order::Handover { .. }
            | Order::Priority { .. }
            | Order::Share { .. }
            | Order::SizeUp { .. }
            | Order::Sitrep { .. } => None,
        }
    }

    /// Whether it is information (`share`, `sizeup`, `sitrep`) rather than an order to forces:
    /// it is sent at once and never queued for a team.
    pub fn is_information(&self) -> bool {
        matches!(
            self,
            Order::Share { .. } | Order::SizeUp { .. } | Order::Sitrep { .. }
        )
    }

    /// The order a form's verb and argument values make (`None` when they fit no order).
    fn build(verb: &str, values: Vec<Value>) -> Option<Order> {
        if let ("request-support", [Value::Seat(seat), Value::Aid(kind), Value::Number(count)]) =
            (verb, values.as_slice())
        {
            return Some(Order::RequestSupport {
                seat: seat.clone(),
                kind: *kind,
                count: *count,
            });
        }
        let mut values = values.into_iter();
        let order = match (verb, values.next(), values.next()) {
            ("dispatch", Some(Value::Team(team)), Some(Value::Place(place))) => {
                Order::DispatchRescue { team, place }
            }
            ("dispatch", Some(Value::Team(team)), Some(Value::Road(road))) => {
                Order::DispatchClearRoad { team, road }
            }
            ("recall", Some(Value::Team(team)), None) => Order::Recall { team },
            ("declare", Some(Value::Level(level)), None) => Order::DeclareLevel { level },
            ("request-aid", Some(Value::Aid(kind)), None) => Order::RequestAid { kind },
            ("field-post", Some(Value::Place(place)), Some(Value::Team(commander))) => {
                Order::FieldPost { place, commander }
            }
            ("handover", Some(Value::Place(place)), Some(Value::Team(commander))) => {
                Order::Handover { place, commander }
            }
            ("priority", Some(Value::Place(place)), Some(Value::Number(priority))) => {
                Order::Priority { place, priority }
            }
            ("share", Some(Value::Seat(seat)), Some(Value::Info(what))) => {
                Order::Share { seat, what }
            }
            ("sizeup", Some(Value::Place(place)), None) => Order::SizeUp { place },
            ("sitrep", Some(Value::Place(place)), None) => Order::Sitrep { place },
            _ => return None,
        };
        values.next().is_none().then_some(order)
    }

    /// Its verb and argument values, in the order written (the inverse of `build`).
    pub fn values(&self) -> (&'static str, Vec<Value>) {
        match self {
            Order::DispatchRescue { team, place } => (
                "dispatch",
                vec![Value::Team(team.clone()), Value::Place(place.clone())],
            ),
            Order::DispatchClearRoad { team, road } => (
                "dispatch",
                vec![Value::Team(team.clone()), Value::Road(road.clone())],
            ),
            Order::Recall { team } => ("recall", vec![Value::Team(team.clone())]),
            Order::DeclareLevel { level } => ("declare", vec![Value::Level(*level)]),
            Order::RequestAid { kind } => ("request-aid", vec![Value::Aid(*kind)]),
            Order::RequestSupport { seat, kind, count } => (
                "request-support",
                vec![
                    Value::Seat(seat.clone()),
                    Value::Aid(*kind),
                    Value::Number(*count),
                ],
            ),
            Order::FieldPost { place, commander } => (
                "field-post",
                vec![Value::Place(place.clone()), Value::Team(commander.clone())],
            ),
            Order::Handover { place, commander } => (
                "handover",
                vec![Value::Place(place.clone()), Value::Team(commander.clone())],
            ),
            Order::Priority { place, priority } => (
                "priority",
                vec![Value::Place(place.clone()), Value::Number(*priority)],
            ),
            Order::Share { seat, what } => {
                ("share", vec![Value::Seat(seat.clone()), Value::Info(*what)])
            }
            Order::SizeUp { place } => ("sizeup", vec![Value::Place(place.clone())]),
            Order::Sitrep { place } => ("sitrep", vec![Value::Place(place.clone())]),
        }
    }

    /// Every id the order names that the scenario lacks, in the order written. Scripts, exercise
    /// files and the drill's order line are all checked with this before anything runs.
    pub fn unknown_ids(&self, scenario: &crate::scenario::Scenario) -> Vec<OrderError> {
        self.values()
            .1
            .iter()
            .filter_map(|value| value.unknown_id(scenario))
            .collect()
    }
}

impl fmt::Display for Order {
    /// The order in the grammar: its form's fixed words between its values.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (verb, values) = self.values();
        let kind_of = |value: &Value| match value {
            Value::Team(_) => ArgKind::Team,
            Value::Place(_) => ArgKind::Place,
            Value::Road(_) => ArgKind::Road,
            Value::Level(_) => ArgKind::Level,
            Value::Aid(_) => ArgKind::Aid,
            Value::Number(_) => ArgKind::Number,
            Value::Seat(_) => ArgKind::Seat,
            Value::Info(_) => ArgKind::Info,
        };
        let fits = |form: &&Form| {
            let kinds = form.slots.iter().filter_map(|slot| match slot {
                Slot::Arg { kind, .. } => Some(*kind),
                Slot::Word { .. } => None,
            });
            form.verb == verb && kinds.eq(values.iter().map(kind_of))
        };
        let Some(form) = FORMS.iter().find(fits) else {
            return Err(fmt::Error);
        };
        f.write_str(verb)?;
        let mut values = values.iter();
        for slot in form.slots {
            match slot {
                Slot::Word { word, .. } => write!(f, " {word}")?,
                Slot::Arg { .. } => match values.next() {
                    Some(value) => write!(f, " {}", value.word())?,
                    None => return Err(fmt::Error),
                },
            }
        }
        Ok(())
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
    #[error("unknown seat `{0}`")]
    UnknownSeat(String),
}

/// A parse error: what was expected, and where (1-based character column).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("column {column}: {message}")]
pub struct ParseError {
    pub column: usize,
    /// What was expected, in English (scripts, `Display`).
    pub message: String,
    /// The same in Chinese (the drill's order line).
    pub message_zh: String,
}

impl ParseError {
    /// The message in Chinese (`zh`) or English.
    pub fn message_in(&self, zh: bool) -> &str {
        if zh { &self.message_zh } else { &self.message }
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
        check(
            "handover  t01v02 commander fire2",
            Ok("handover t01v02 commander fire2"),
        );
        check("share hq roads", Ok("share hq roads"));
        check("sizeup v1", Ok("sizeup v1"));
        check("sitrep  v1", Ok("sitrep v1"));
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
        check(
            "share hq gossip",
            Err(
                "expected what to share: roads, incidents, forecasts, reservoirs, beds or teams, found `gossip`",
            ),
        );
        check(
            "sizeup",
            Err("expected a place id, found the end of the line"),
        );
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
