//! The order line: the command-chain order grammar (`sim::order`), plus the controller's own
//! words (`inject`, `retime`, `cancel`, `rate`, `note`), and completion by prefix.

use crate::scenario::Duration;
use crate::sim::order::{self, ArgKind, Next, ParseError};

/// What the engine is asked to do.
#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    /// An order in the grammar, checked by the parser.
    Order(String),
    /// An ad-hoc inject to a role (controller).
    Inject { to: String, text: String },
    /// Cancel a waiting inject (controller).
    Cancel(String),
    /// Re-time a waiting inject to a simulated minute (controller).
    Retime { id: String, at: u32 },
    /// Rate an objective P/S/M/U with a note (controller, as evaluator).
    Rate {
        objective: String,
        rating: String,
        note: String,
    },
    /// An evaluator's observation (controller).
    Note(String),
    /// Set the clock's speed.
    Speed(u32),
    /// Pause or resume.
    TogglePause,
    /// Run one tick while paused.
    Step,
    /// End the drill.
    Quit,
}

/// The speeds the clock offers (simulated minutes per wall minute).
pub const SPEEDS: [u32; 4] = [1, 10, 60, 600];

/// The word that asks for an order beyond the seat's authority: `request declare level III`.
pub const REQUEST: &str = "request";

/// The order a `request ORDER` line asks for, and the 1-based column where it starts; `None`
/// when the line is not a request.
pub fn request_body(text: &str) -> Option<(&str, usize)> {
    let trimmed = text.trim_start();
    let rest = trimmed.strip_prefix(REQUEST)?;
    if !(rest.is_empty() || rest.starts_with(char::is_whitespace)) {
        return None;
    }
    let body = rest.trim_start();
    let start = text.len() - body.len();
    Some((body, text[..start].chars().count() + 1))
}

/// Parses the order of a `request ORDER` line (names as well as ids), its errors' columns
/// counted on the whole line.
pub fn parse_request(
    body: &str,
    column: usize,
    names: &order::Names,
) -> Result<order::Order, ParseError> {
    if body.trim().is_empty() {
        return Err(ParseError {
            column,
            message: "expected the order to request after `request`, found the end of the line"
                .into(),
            message_zh: "缺少要请求的命令（命令已结束）".into(),
        });
    }
    order::parse_order_named(body, names).map_err(|mut e| {
        e.column += column - 1;
        e
    })
}

/// The controller's words, after the order verbs.
pub const CONTROLLER_WORDS: [&str; 5] = ["inject", "retime", "cancel", "rate", "note"];

/// Parses one line from the order line. `controller` allows the controller's words.
pub fn parse_line(text: &str, controller: bool) -> Result<Command, ParseError> {
    parse_line_named(text, controller, &order::Names::default())
}

/// Parses one line whose teams and places may be written by name ([`order::Names`]); an
/// order comes back in its canonical form, with ids.
pub fn parse_line_named(
    text: &str,
    controller: bool,
    names: &order::Names,
) -> Result<Command, ParseError> {
    let trimmed = text.trim();
    let (word, rest) = trimmed
        .split_once(char::is_whitespace)
        .map(|(w, r)| (w, r.trim()))
        .unwrap_or((trimmed, ""));
    // `rest` is a slice of `text`: its column is where it starts, whatever blank space trails it.
    let column_of_rest = || {
        let start = (rest.as_ptr() as usize)
            .saturating_sub(text.as_ptr() as usize)
            .min(text.len());
        text.get(..start)
            .map_or(1, |before| before.chars().count() + 1)
    };
    let missing = |what: &str, what_zh: &str| ParseError {
        column: text.chars().count() + 1,
        message: format!("expected {what}, found the end of the line"),
        message_zh: format!("缺少{what_zh}（命令已结束）"),
    };
    if CONTROLLER_WORDS.contains(&word) && !controller {
        return Err(ParseError {
            column: 1,
            message: format!("`{word}` is for the exercise controller"),
            message_zh: format!("`{word}` 仅限导调人员使用"),
        });
    }
    match word {
        "inject" => {
            let (to, message) = rest
                .split_once(char::is_whitespace)
                .ok_or_else(|| missing("a role and the message text", "角色和信息内容"))?;
            Ok(Command::Inject {
                to: to.to_string(),
                text: message.trim().to_string(),
            })
        }
        "cancel" => {
            if rest.is_empty() {
                return Err(missing("an inject id", "注入编号"));
            }
            Ok(Command::Cancel(rest.to_string()))
        }
        "retime" => {
            let (id, at) = rest.split_once(char::is_whitespace).ok_or_else(|| {
                missing(
                    "an inject id and a time such as 45m",
                    "注入编号和时间（如 45m）",
                )
            })?;
            let at: Duration = at.trim().parse().map_err(|e| ParseError {
                column: column_of_rest() + id.chars().count() + 1,
                message: format!("expected a time such as 45m or 2h: {e}"),
                message_zh: format!("应为时间，如 45m 或 2h：{e}"),
            })?;
            Ok(Command::Retime {
                id: id.to_string(),
                at: at.as_minutes(),
            })
        }
        "rate" => {
            let mut parts = rest.splitn(3, char::is_whitespace);
            let objective = parts
                .next()
                .filter(|s| !s.is_empty())
                .ok_or_else(|| missing("an objective id", "评估目标编号"))?;
            let rating = parts
                .next()
                .ok_or_else(|| missing("a rating: P, S, M or U", "评定：P、S、M 或 U"))?;
            let rating = rating.to_ascii_uppercase();
            if !["P", "S", "M", "U"].contains(&rating.as_str()) {
                return Err(ParseError {
                    column: column_of_rest() + objective.chars().count() + 1,
                    message: format!("expected a rating: P, S, M or U, found `{rating}`"),
                    message_zh: format!("应为评定：P、S、M 或 U，而不是 `{rating}`"),
                });
            }
            Ok(Command::Rate {
                objective: objective.to_string(),
                rating,
                note: parts.next().unwrap_or("").trim().to_string(),
            })
        }
        "note" => {
            if rest.is_empty() {
                return Err(missing("the observation", "观察内容"));
            }
            Ok(Command::Note(rest.to_string()))
        }
        REQUEST => {
            let (body, column) = request_body(text).unwrap_or((rest, column_of_rest()));
            parse_request(body, column, names).map(|o| Command::Order(format!("{REQUEST} {o}")))
        }
        _ => order::parse_order_named(text, names).map(|o| Command::Order(o.to_string())),
    }
}

/// What the completer can offer: ids from the scenario and the exercise.
#[derive(Debug, Clone, Default)]
pub struct Vocabulary {
    pub teams: Vec<String>,
    pub places: Vec<String>,
    pub roads: Vec<String>,
    pub roles: Vec<String>,
    pub injects: Vec<String>,
    pub objectives: Vec<String>,
    pub controller: bool,
    /// Teams' and places' names, which orders may use and completion offers.
    pub names: order::Names,
}

impl Vocabulary {
    /// The words that may stand at word `index` of a line starting with `words`: the order
    /// grammar's (`sim::order::next`) with this drill's ids, then the controller's words.
    fn candidates(&self, words: &[&str], index: usize) -> Vec<String> {
        let owned = |list: &[&str]| list.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        if index == 0 {
            let mut verbs = owned(&order::verbs());
            verbs.push(REQUEST.to_string());
            if self.controller {
                verbs.extend(owned(&CONTROLLER_WORDS));
            }
            return verbs;
        }
        if words[0] == REQUEST {
            // `request` then any order: complete the order after it.
            return self.candidates(&words[1..], index - 1);
        }
        match (words[0], index) {
            ("inject", 1) => return self.roles.clone(),
            ("retime", 1) | ("cancel", 1) => return self.injects.clone(),
            ("rate", 1) => return self.objectives.clone(),
            ("rate", 2) => return owned(&["P", "S", "M", "U"]),
            _ => {}
        }
        let mut out = Vec::new();
        for next in order::next(words, index) {
            match next {
                Next::Word(word) => out.push(word.to_string()),
                Next::Arg(ArgKind::Team) => {
                    out.extend(self.teams.iter().cloned());
                    out.extend(self.names.teams.iter().map(|(name, _)| name.clone()));
                }
                Next::Arg(ArgKind::Place) => {
                    out.extend(self.places.iter().cloned());
                    out.extend(self.names.places.iter().map(|(name, _)| name.clone()));
                }
                Next::Arg(ArgKind::Road) => out.extend(self.roads.iter().cloned()),
                Next::Arg(ArgKind::Seat) => out.extend(
                    self.roles
                        .iter()
                        .filter(|r| *r != "county-commander")
                        .cloned(),
                ),
                Next::Arg(
                    kind @ (ArgKind::Level | ArgKind::Aid | ArgKind::Number | ArgKind::Info),
                ) => out.extend(owned(kind.words())),
            }
        }
        out
    }

    /// Completes the last word of `line`: the longest common prefix of the candidates, plus a
    /// space when only one fits. Returns the new line and the candidates (for display).
    pub fn complete(&self, line: &str) -> (String, Vec<String>) {
        let ends_with_space = line.ends_with(char::is_whitespace) || line.is_empty();
        let words: Vec<&str> = line.split_whitespace().collect();
        let (index, prefix) = if ends_with_space {
            (words.len(), "")
        } else {
            (words.len() - 1, *words.last().unwrap_or(&""))
        };
        let mut matching: Vec<String> = self
            .candidates(&words, index)
            .into_iter()
            .filter(|c| c.starts_with(prefix))
            .collect();
        matching.dedup();
        if matching.is_empty() {
            return (line.to_string(), matching);
        }
        let common = matching.iter().skip(1).fold(matching[0].clone(), |acc, c| {
            acc.chars()
                .zip(c.chars())
                .take_while(|(a, b)| a == b)
                .map(|(a, _)| a)
                .collect()
        });
        let head = &line[..line.len() - prefix.len()];
        let mut completed = format!("{head}{common}");
        if matching.len() == 1 {
            completed.push(' ');
        }
        (completed, matching)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vocabulary() -> Vocabulary {
        Vocabulary {
            teams: vec!["fire-county".into(), "fire-town".into(), "roads".into()],
            places: vec!["county".into(), "t1".into(), "v1".into(), "v2".into()],
            roads: vec!["r1".into(), "r2".into()],
            controller: true,
            ..Vocabulary::default()
        }
    }

    #[test]
    fn completion_extends_by_prefix() {
        let v = vocabulary();
        assert_eq!(v.complete("dis").0, "dispatch ");
        assert_eq!(v.complete("dispatch f").0, "dispatch fire-");
        assert_eq!(v.complete("dispatch fire-c").0, "dispatch fire-county ");
        assert_eq!(v.complete("dispatch roads cl").0, "dispatch roads clear ");
        assert_eq!(
            v.complete("dispatch roads clear r").0,
            "dispatch roads clear r"
        );
        assert_eq!(v.complete("dispatch roads clear r").1, vec!["r1", "r2"]);
        assert_eq!(
            v.complete("re").1,
            vec![
                "recall",
                "request-aid",
                "request-support",
                "request",
                "retime"
            ]
        );
        assert_eq!(v.complete("request de").0, "request declare ");
        assert_eq!(
            v.complete("request dispatch fire-c").0,
            "request dispatch fire-county "
        );
        assert_eq!(
            v.complete("request request-aid ").1,
            vec!["mutual-aid", "military", "aviation"]
        );
        assert_eq!(v.complete("declare ").0, "declare level ");
        assert_eq!(v.complete("declare level ").1, vec!["I", "II", "III", "IV"]);
        assert_eq!(
            v.complete("request-aid ").1,
            vec!["mutual-aid", "military", "aviation"]
        );
        assert_eq!(v.complete("field-post t1 c").0, "field-post t1 commander ");
        assert_eq!(
            v.complete("field-post t1 commander r").0,
            "field-post t1 commander roads "
        );
        assert_eq!(v.complete("priority v").1, vec!["v1", "v2"]);
        assert!(
            v.complete("priority v1 ").1.is_empty(),
            "no words for a number"
        );
        assert_eq!(v.complete("rate O").0, "rate O");
    }

    #[test]
    fn lines_parse_into_commands_or_say_where_they_fail() {
        assert_eq!(
            parse_line("dispatch fire-county to v1", false),
            Ok(Command::Order("dispatch fire-county to v1".into()))
        );
        assert_eq!(
            parse_line("rate O1 s slow to declare", true),
            Ok(Command::Rate {
                objective: "O1".into(),
                rating: "S".into(),
                note: "slow to declare".into()
            })
        );
        assert_eq!(
            parse_line("retime I03 45m", true),
            Ok(Command::Retime {
                id: "I03".into(),
                at: 45
            })
        );
        assert_eq!(
            parse_line("  request   declare level 3", false),
            Ok(Command::Order("request declare level III".into()))
        );
        let e = parse_line("request dispatch", false).unwrap_err();
        assert_eq!(e.column, 17, "counted on the whole line: {e}");
        let e = parse_line("request", false).unwrap_err();
        assert_eq!(e.message_zh, "缺少要请求的命令（命令已结束）");
        assert!(
            parse_line("requested", false).is_err(),
            "not the word request"
        );
        assert!(parse_line("inject county-commander", true).is_err());
        let e = parse_line("rate O1 X", true).unwrap_err();
        assert_eq!(e.column, 9, "{e}");
        // Blank space after the line does not move the column the error points at.
        let e = parse_line("rate F1 X   ", true).unwrap_err();
        assert_eq!(e.column, 9, "{e}");
        let e = parse_line("retime FC2 bad   ", true).unwrap_err();
        assert_eq!(e.column, 12, "{e}");
        assert!(
            parse_line("note hi", false)
                .unwrap_err()
                .message
                .contains("controller")
        );
        assert!(
            parse_line("dispatch", false)
                .unwrap_err()
                .message
                .contains("team id")
        );
    }

    #[test]
    fn every_order_line_error_is_written_in_chinese_too() {
        let zh =
            |line: &str, controller: bool| parse_line(line, controller).unwrap_err().message_zh;
        assert_eq!(zh("dispatch", false), "缺少队伍编号（命令已结束）");
        assert_eq!(
            zh("dispatch fire-county frm v1", false),
            "队伍之后应为 `to` 或 `clear`，而不是 `frm`"
        );
        assert_eq!(
            zh("dispatch fire-county", false),
            "缺少`to PLACE` 或 `clear ROAD`（命令已结束）"
        );
        assert_eq!(
            zh("declare level V", false),
            "应为响应级别：I、II、III 或 IV，而不是 `V`"
        );
        assert_eq!(zh("recall fire1 now", false), "命令已完整，多出 `now`");
        assert!(zh("launch", false).starts_with("未知命令 `launch`；命令有 dispatch"));
        assert_eq!(zh("note hi", false), "`note` 仅限导调人员使用");
        assert_eq!(zh("rate O1 X", true), "应为评定：P、S、M 或 U，而不是 `X`");
        assert_eq!(zh("cancel", true), "缺少注入编号（命令已结束）");
        for line in [
            "",
            "priority t1 high",
            "request-aid navy",
            "field-post t1 boss x",
            "inject",
        ] {
            let e = parse_line(line, true).unwrap_err();
            assert!(
                !e.message_zh.contains("expected"),
                "{line}: {}",
                e.message_zh
            );
        }
    }
}
