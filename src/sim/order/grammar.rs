//! The one table of order forms ([`FORMS`]) and everything read from it: the parser, the words
//! that may come next (completion), the help lines and the id positions of exercise patterns.
//!
//! A form is a verb and its slots: fixed words (`to`, `level`, `commander`) and arguments of a
//! kind (team, place, road, level, aid kind, number). Adding a verb is one entry here, a variant
//! in [`Order`] with its arms in `Order::build` and `Order::values`, and what it does in the
//! simulation (`sim::systems::teams`).

use crate::scenario::{Level, TeamKind};

use super::words::{Info, kind_word, parse_kind, parse_level};
use super::{Order, OrderError, ParseError};

/// The kind of value an argument slot takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArgKind {
    /// A team id of the scenario.
    Team,
    /// A place id of the scenario.
    Place,
    /// A road id of the scenario.
    Road,
    /// A response level: I, II, III, IV (or 1–4, Ⅰ–Ⅳ).
    Level,
    /// A kind of held force: mutual-aid, military, aviation.
    Aid,
    /// A whole number.
    Number,
    /// A seat: a command node id of the scenario's organisation.
    Seat,
    /// What a seat shares: roads, incidents, forecasts, reservoirs, beds, teams.
    Info,
}

impl ArgKind {
    /// The words completion offers for a closed set (none for ids and numbers).
    pub fn words(self) -> &'static [&'static str] {
        match self {
            ArgKind::Level => &["I", "II", "III", "IV"],
            ArgKind::Aid => &["mutual-aid", "military", "aviation"],
            ArgKind::Info => &Info::WORDS,
            ArgKind::Team | ArgKind::Place | ArgKind::Road | ArgKind::Number | ArgKind::Seat => &[],
        }
    }

    /// Reads `word` as a value of this kind (ids are taken as written and checked later).
    pub fn parse(self, word: &str) -> Option<Value> {
        match self {
            ArgKind::Team => Some(Value::Team(word.to_string())),
            ArgKind::Place => Some(Value::Place(word.to_string())),
            ArgKind::Road => Some(Value::Road(word.to_string())),
            ArgKind::Level => parse_level(word).map(Value::Level),
            ArgKind::Aid => parse_kind(word).map(Value::Aid),
            ArgKind::Number => word.parse().ok().map(Value::Number),
            ArgKind::Seat => Some(Value::Seat(word.to_string())),
            ArgKind::Info => Info::parse(word).map(Value::Info),
        }
    }
}

/// One argument's value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    Team(String),
    Place(String),
    Road(String),
    Level(Level),
    Aid(TeamKind),
    Number(u32),
    Seat(String),
    Info(Info),
}

impl Value {
    /// The value as an order writes it.
    pub fn word(&self) -> String {
        match self {
            Value::Team(id) | Value::Place(id) | Value::Road(id) | Value::Seat(id) => id.clone(),
            Value::Level(level) => format!("{level:?}"),
            Value::Aid(kind) => kind_word(*kind).to_string(),
            Value::Number(n) => n.to_string(),
            Value::Info(info) => info.word().to_string(),
        }
    }

    /// The id this value names, if the scenario lacks it. **The one id check**: orders from
    /// scripts, the drill's order line, exercise injects and expected actions all come here.
    pub fn unknown_id(&self, scenario: &crate::scenario::Scenario) -> Option<OrderError> {
        match self {
            Value::Team(id) => (!scenario.teams.iter().any(|t| &t.id == id))
                .then(|| OrderError::UnknownTeam(id.clone())),
            Value::Place(id) => (!scenario.region.places.iter().any(|p| &p.id == id))
                .then(|| OrderError::UnknownPlace(id.clone())),
            Value::Road(id) => (!scenario.region.roads.iter().any(|r| &r.id == id))
                .then(|| OrderError::UnknownRoad(id.clone())),
            Value::Seat(id) => {
                let org = &scenario.organisation;
                let known = if org.is_empty() {
                    id == "county-hq"
                } else {
                    org.iter().any(|n| &n.id == id)
                };
                (!known).then(|| OrderError::UnknownSeat(id.clone()))
            }
            Value::Level(_) | Value::Aid(_) | Value::Number(_) | Value::Info(_) => None,
        }
    }
}

/// One position of a form after its verb.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Slot {
    /// A fixed word. `shown` names it where it is missing (`` `to PLACE` ``); `after` follows the
    /// words in the message for a wrong word (` after the team`).
    Word {
        word: &'static str,
        shown: &'static str,
        after: &'static str,
        after_zh: &'static str,
    },
    /// An argument; `what` (and `what_zh`) names it in errors (`a team id`).
    Arg {
        kind: ArgKind,
        what: &'static str,
        what_zh: &'static str,
    },
}

/// One form of an order: its verb, slots and help line.
#[derive(Debug, Clone, Copy)]
pub struct Form {
    pub verb: &'static str,
    pub slots: &'static [Slot],
    /// The form as the drill's help shows it.
    pub help_syntax: &'static str,
    pub help_zh: &'static str,
    pub help_en: &'static str,
}

const fn word(word: &'static str, shown: &'static str) -> Slot {
    Slot::Word {
        word,
        shown,
        after: "",
        after_zh: "",
    }
}

const fn arg(kind: ArgKind, what: &'static str, what_zh: &'static str) -> Slot {
    Slot::Arg {
        kind,
        what,
        what_zh,
    }
}

const TEAM: Slot = arg(ArgKind::Team, "a team id", "队伍编号");
const PLACE: Slot = arg(ArgKind::Place, "a place id", "地点编号");
const SEAT: Slot = arg(ArgKind::Seat, "a seat (node id)", "席位（节点编号）");

/// Every order form, in the order help lists them. Forms of one verb are adjacent, have the same
/// number of slots, and at each position either all fixed words or all the same argument.
pub const FORMS: [Form; 12] = [
    Form {
        verb: "dispatch",
        slots: &[
            TEAM,
            Slot::Word {
                word: "to",
                shown: "`to PLACE`",
                after: " after the team",
                after_zh: "队伍之后",
            },
            PLACE,
        ],
        help_syntax: "dispatch T to P",
        help_zh: "调派队伍救援",
        help_en: "send a team to rescue",
    },
    Form {
        verb: "dispatch",
        slots: &[
            TEAM,
            Slot::Word {
                word: "clear",
                shown: "`clear ROAD`",
                after: " after the team",
                after_zh: "队伍之后",
            },
            arg(ArgKind::Road, "a road id", "道路编号"),
        ],
        help_syntax: "dispatch T clear R",
        help_zh: "调派队伍抢通道路",
        help_en: "send a team to clear a road",
    },
    Form {
        verb: "recall",
        slots: &[TEAM],
        help_syntax: "recall T",
        help_zh: "召回队伍",
        help_en: "recall a team",
    },
    Form {
        verb: "declare",
        slots: &[
            word("level", "`level`"),
            arg(
                ArgKind::Level,
                "a level: I, II, III or IV",
                "响应级别：I、II、III 或 IV",
            ),
        ],
        help_syntax: "declare level II",
        help_zh: "启动响应级别",
        help_en: "declare a response level",
    },
    Form {
        verb: "request-aid",
        slots: &[arg(
            ArgKind::Aid,
            "mutual-aid, military or aviation",
            "mutual-aid、military 或 aviation",
        )],
        help_syntax: "request-aid KIND",
        help_zh: "请求增援 mutual-aid/military/aviation",
        help_en: "call mutual-aid / military / aviation",
    },
    Form {
        verb: "request-support",
        slots: &[
            SEAT,
            arg(ArgKind::Aid, "a kind of force", "力量类型"),
            arg(ArgKind::Number, "how many echelons", "梯队数"),
        ],
        help_syntax: "request-support SEAT K N",
        help_zh: "向上级或邻近席位请求支援 N 个梯队",
        help_en: "ask a seat above or across for N echelons",
    },
    Form {
        verb: "field-post",
        slots: &[
            PLACE,
            word("commander", "`commander TEAM`"),
            arg(ArgKind::Team, "the commander's team id", "指挥员的队伍编号"),
        ],
        help_syntax: "field-post P commander T",
        help_zh: "设立现场指挥部",
        help_en: "set up a field command post",
    },
    Form {
        verb: "handover",
        slots: &[PLACE, word("commander", "`commander TEAM`"), TEAM],
        help_syntax: "handover P commander T",
        help_zh: "移交现场指挥部指挥权（给现场队伍）",
        help_en: "hand a field post over to a team there",
    },
    Form {
        verb: "priority",
        slots: &[
            PLACE,
            arg(ArgKind::Number, "a priority number", "优先级数字"),
        ],
        help_syntax: "priority P N",
        help_zh: "设定灾情点优先级",
        help_en: "rank an incident",
    },
    Form {
        verb: "share",
        slots: &[
            SEAT,
            arg(
                ArgKind::Info,
                "what to share: roads, incidents, forecasts, reservoirs, beds or teams",
                "共享内容：roads、incidents、forecasts、reservoirs、beds 或 teams",
            ),
        ],
        help_syntax: "share SEAT WHAT",
        help_zh: "向席位共享信息（道路/灾情/预报/水库/床位/队伍）",
        help_en: "share roads/incidents/forecasts/… with a seat",
    },
    Form {
        verb: "sizeup",
        slots: &[PLACE],
        help_syntax: "sizeup P",
        help_zh: "上报现场初步评估（首报）",
        help_en: "send a size-up of the scene",
    },
    Form {
        verb: "sitrep",
        slots: &[PLACE],
        help_syntax: "sitrep P",
        help_zh: "上报现场情况（续报）",
        help_en: "send a situation report",
    },
];

/// The order verbs, each once, in table order.
pub fn verbs() -> Vec<&'static str> {
    let mut verbs: Vec<&'static str> = FORMS.iter().map(|f| f.verb).collect();
    verbs.dedup();
    verbs
}

/// What may stand at a position: a fixed word or an argument of a kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Next {
    Word(&'static str),
    Arg(ArgKind),
}

/// What may stand at word `index` of an order that starts with `words` (index 0: the verbs),
/// each once, in table order. Earlier fixed words choose among a verb's forms; `*` (a pattern's
/// wildcard) stands for any word.
pub fn next(words: &[&str], index: usize) -> Vec<Next> {
    if index == 0 {
        return verbs().into_iter().map(Next::Word).collect();
    }
    let mut out = Vec::new();
    for form in forms_matching(words, index) {
        let item = match form.slots.get(index - 1) {
            Some(Slot::Word { word, .. }) => Next::Word(word),
            Some(Slot::Arg { kind, .. }) => Next::Arg(*kind),
            None => continue,
        };
        if !out.contains(&item) {
            out.push(item);
        }
    }
    out
}

/// The forms of `words[0]` whose fixed words before `index` agree with `words`.
fn forms_matching<'a>(words: &'a [&str], index: usize) -> impl Iterator<Item = &'static Form> + 'a {
    FORMS.iter().filter(move |form| {
        words.first() == Some(&form.verb)
            && form
                .slots
                .iter()
                .enumerate()
                .take(index.saturating_sub(1))
                .all(|(i, slot)| match (slot, words.get(i + 1)) {
                    (Slot::Word { word, .. }, Some(w)) => w == word || *w == "*",
                    _ => true,
                })
    })
}

/// The ids an order pattern (an exercise's expected action: `*` matches any one word, and a
/// pattern may stop early) names that the scenario lacks, by position. An id is checked where
/// every form the pattern may match expects the same kind there.
pub fn pattern_unknown_ids(
    pattern: &[&str],
    scenario: &crate::scenario::Scenario,
) -> Vec<OrderError> {
    (1..pattern.len())
        .filter(|&i| pattern[i] != "*")
        .filter_map(|i| match next(pattern, i).as_slice() {
            [
                Next::Arg(kind @ (ArgKind::Team | ArgKind::Place | ArgKind::Road | ArgKind::Seat)),
            ] => kind.parse(pattern[i]),
            _ => None,
        })
        .filter_map(|value| value.unknown_id(scenario))
        .collect()
}

pub(super) struct Tokens<'a> {
    pub(super) items: Vec<(usize, &'a str)>,
    at: usize,
    end_column: usize,
}
impl<'a> Tokens<'a> {
    pub(super) fn new(text: &'a str) -> Tokens<'a> {
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

    pub(super) fn column_of(&self, byte: usize, text: &str) -> usize {
        text[..byte].chars().count() + 1
    }

    fn next(&mut self, expected: &str, expected_zh: &str) -> Result<&'a str, ParseError> {
        match self.items.get(self.at) {
            Some((_, token)) => {
                self.at += 1;
                Ok(token)
            }
            None => Err(ParseError {
                column: self.end_column,
                message: format!("expected {expected}, found the end of the line"),
                message_zh: format!("缺少{expected_zh}（命令已结束）"),
            }),
        }
    }

    fn error_here(&self, text: &str, message: String, message_zh: String) -> ParseError {
        let byte = self
            .items
            .get(self.at.saturating_sub(1))
            .map_or(0, |(b, _)| *b);
        ParseError {
            column: self.column_of(byte, text),
            message,
            message_zh,
        }
    }

    fn finish(&self, text: &str) -> Result<(), ParseError> {
        match self.items.get(self.at) {
            None => Ok(()),
            Some((byte, token)) => Err(ParseError {
                column: self.column_of(*byte, text),
                message: format!("unexpected `{token}` after a complete order"),
                message_zh: format!("命令已完整，多出 `{token}`"),
            }),
        }
    }
}

/// Parses one order, reading its form from [`FORMS`].
pub fn parse_order(text: &str) -> Result<Order, ParseError> {
    let mut t = Tokens::new(text);
    let verb = t.next(
        &format!("an order ({})", verbs().join(", ")),
        &format!("命令（{}）", verbs().join(", ")),
    )?;
    let mut alive: Vec<&Form> = FORMS.iter().filter(|f| f.verb == verb).collect();
    if alive.is_empty() {
        return Err(ParseError {
            column: 1,
            message: format!("unknown order `{verb}`; orders are {}", verbs().join(", ")),
            message_zh: format!("未知命令 `{verb}`；命令有 {}", verbs().join(", ")),
        });
    }
    let mut values = Vec::new();
    for i in 0.. {
        let slots: Vec<Slot> = alive
            .iter()
            .filter_map(|f| f.slots.get(i).copied())
            .collect();
        match slots.first() {
            None => break,
            Some(Slot::Arg {
                kind,
                what,
                what_zh,
            }) => {
                let word = t.next(what, what_zh)?;
                let value = kind.parse(word).ok_or_else(|| {
                    t.error_here(
                        text,
                        format!("expected {what}, found `{word}`"),
                        format!("应为{what_zh}，而不是 `{word}`"),
                    )
                })?;
                values.push(value);
            }
            Some(Slot::Word {
                after, after_zh, ..
            }) => {
                let fixed: Vec<(&str, &str)> = slots
                    .iter()
                    .filter_map(|s| match s {
                        Slot::Word { word, shown, .. } => Some((*word, *shown)),
                        Slot::Arg { .. } => None,
                    })
                    .collect();
                let shown: Vec<&str> = fixed.iter().map(|(_, s)| *s).collect();
                let word = t.next(&shown.join(" or "), &shown.join(" 或 "))?;
                alive.retain(
                    |f| matches!(f.slots.get(i), Some(Slot::Word { word: w, .. }) if *w == word),
                );
                if alive.is_empty() {
                    let words: Vec<String> = fixed.iter().map(|(w, _)| format!("`{w}`")).collect();
                    return Err(t.error_here(
                        text,
                        format!("expected {}{after}, found `{word}`", words.join(" or ")),
                        format!("{after_zh}应为 {}，而不是 `{word}`", words.join(" 或 ")),
                    ));
                }
            }
        }
    }
    t.finish(text)?;
    Order::build(verb, values).ok_or_else(|| ParseError {
        column: 1,
        message: format!("`{verb}` is in the grammar but no order is built from it"),
        message_zh: format!("`{verb}` 在语法表中，但无法组成命令"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms_of_one_verb_are_adjacent_and_agree_until_a_fixed_word_tells_them_apart() {
        for (i, form) in FORMS.iter().enumerate() {
            assert!(
                FORMS[..i].iter().all(|f| f.verb != form.verb) || FORMS[i - 1].verb == form.verb,
                "forms of `{}` are adjacent",
                form.verb
            );
            for other in FORMS.iter().filter(|f| f.verb == form.verb) {
                assert_eq!(other.slots.len(), form.slots.len(), "{}", form.verb);
                for (a, b) in form.slots.iter().zip(other.slots) {
                    match (a, b) {
                        (Slot::Word { word: x, .. }, Slot::Word { word: y, .. }) if x != y => break,
                        (Slot::Word { .. }, Slot::Word { .. }) => {}
                        (Slot::Arg { kind: x, .. }, Slot::Arg { kind: y, .. }) => {
                            assert_eq!(x, y, "{}", form.verb)
                        }
                        _ => panic!("`{}`: a word and an argument at one position", form.verb),
                    }
                }
            }
        }
    }

    #[test]
    fn every_form_parses_prints_back_and_names_its_ids() {
        let example = |kind: ArgKind| match kind {
            ArgKind::Team => "fire1",
            ArgKind::Place => "t01",
            ArgKind::Road => "r007",
            ArgKind::Level => "II",
            ArgKind::Aid => "military",
            ArgKind::Number => "5",
            ArgKind::Seat => "hq",
            ArgKind::Info => "roads",
        };
        for form in &FORMS {
            let mut text = form.verb.to_string();
            for slot in form.slots {
                text.push(' ');
                text.push_str(match slot {
                    Slot::Word { word, .. } => word,
                    Slot::Arg { kind, .. } => example(*kind),
                });
            }
            let order = parse_order(&text).unwrap_or_else(|e| panic!("{text}: {e}"));
            assert_eq!(order.to_string(), text);
            let (verb, values) = order.values();
            assert_eq!(Order::build(verb, values), Some(order));
        }
    }

    #[test]
    fn pattern_ids_are_checked_where_every_matching_form_expects_an_id() {
        let loaded = crate::scenario::load_str(crate::template::TEMPLATE, "template.ron").unwrap();
        let scenario = &loaded.scenario;
        let team = scenario.teams[0].id.as_str();
        let place = scenario.region.places[0].id.as_str();
        let unknown = |pattern: &str| {
            let words: Vec<&str> = pattern.split_whitespace().collect();
            pattern_unknown_ids(&words, scenario)
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
        };
        assert!(unknown(&format!("dispatch {team} to {place}")).is_empty());
        assert_eq!(
            unknown("dispatch nobody to nowhere"),
            ["unknown team `nobody`", "unknown place `nowhere`"]
        );
        assert_eq!(
            unknown("dispatch * clear r-none"),
            ["unknown road `r-none`"]
        );
        // `*` could be `to` or `clear`: the last word may be a place or a road.
        assert!(unknown("dispatch * * anything").is_empty());
        assert_eq!(
            unknown("field-post nowhere commander nobody"),
            ["unknown place `nowhere`", "unknown team `nobody`"]
        );
        assert_eq!(unknown("priority nowhere"), ["unknown place `nowhere`"]);
        assert!(unknown("declare level").is_empty());
        assert_eq!(unknown("share nobody roads"), ["unknown seat `nobody`"]);
    }
}
