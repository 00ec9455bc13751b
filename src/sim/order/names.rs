//! Teams and places by name as well as id: a person may write `dispatch pr02 to 三江镇`; the
//! order is kept in its canonical form, with ids, so journals and replays stay exact.

use super::grammar::{ArgKind, Tokens, Value, parse_order};
use super::{Order, ParseError};

/// The names a person may write instead of ids: each team's and each place's name, beside
/// its id. Roads go by id only. Built once per scenario ([`Names::of`]).
#[derive(Debug, Clone, Default)]
pub struct Names {
    /// (name, id) of every team.
    pub teams: Vec<(String, String)>,
    /// (name, id) of every place.
    pub places: Vec<(String, String)>,
}

impl Names {
    /// The teams' and places' names of `scenario`.
    pub fn of(scenario: &crate::scenario::Scenario) -> Names {
        Names {
            teams: scenario
                .teams
                .iter()
                .map(|t| (t.name.clone(), t.id.clone()))
                .collect(),
            places: scenario
                .region
                .places
                .iter()
                .map(|p| (p.name.clone(), p.id.clone()))
                .collect(),
        }
    }

    /// The id `word` stands for as a `kind`: itself when it is an id, else the one team or
    /// place of that name; `Err` lists the candidates (id and name) when several share it.
    /// A word that is neither is returned as written (the id check refuses it later).
    pub fn resolve(&self, kind: ArgKind, word: &str) -> Result<String, Vec<(String, String)>> {
        let list = match kind {
            ArgKind::Team => &self.teams,
            ArgKind::Place => &self.places,
            _ => return Ok(word.to_string()),
        };
        if list.iter().any(|(_, id)| id == word) {
            return Ok(word.to_string());
        }
        let named: Vec<(String, String)> = list
            .iter()
            .filter(|(name, _)| name == word || name.eq_ignore_ascii_case(word))
            .map(|(name, id)| (id.clone(), name.clone()))
            .collect();
        match named.as_slice() {
            [] => Ok(word.to_string()),
            [(id, _)] => Ok(id.clone()),
            _ => Err(named),
        }
    }
}

/// Parses one order whose teams and places may be written by name (`dispatch pr02 to 三江镇`):
/// the order comes back in its canonical form, with ids, so journals and replays stay exact. A
/// name several teams or places share is refused, listing them.
pub fn parse_order_named(text: &str, names: &Names) -> Result<Order, ParseError> {
    let order = parse_order(text)?;
    let (verb, values) = order.values();
    let tokens = Tokens::new(text);
    let mut resolved = Vec::with_capacity(values.len());
    for value in values {
        let (kind, word) = match &value {
            Value::Team(w) => (ArgKind::Team, w.clone()),
            Value::Place(w) => (ArgKind::Place, w.clone()),
            _ => {
                resolved.push(value);
                continue;
            }
        };
        match names.resolve(kind, &word) {
            Ok(id) => resolved.push(kind.parse(&id).unwrap_or(value)),
            Err(candidates) => {
                let byte = tokens
                    .items
                    .iter()
                    .skip(1)
                    .find(|(_, t)| *t == word)
                    .map_or(0, |(b, _)| *b);
                let listed: Vec<String> = candidates
                    .iter()
                    .map(|(id, name)| format!("{id} ({name})"))
                    .collect();
                return Err(ParseError {
                    column: tokens.column_of(byte, text),
                    message: format!(
                        "`{word}` names more than one; write the id: {}",
                        listed.join(", ")
                    ),
                    message_zh: format!("`{word}` 不唯一，请写编号：{}", listed.join("、")),
                });
            }
        }
    }
    Ok(Order::build(verb, resolved).unwrap_or(order))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names() -> Names {
        Names {
            teams: vec![
                ("县医院急诊分队".into(), "pr02".into()),
                ("镇专职消防队".into(), "fr01".into()),
            ],
            places: vec![
                ("三江镇".into(), "t17".into()),
                ("青岗村".into(), "t17v01".into()),
                ("青岗村".into(), "t03v02".into()),
            ],
        }
    }

    #[test]
    fn teams_and_places_may_be_written_by_name_and_come_back_as_ids() {
        let order = parse_order_named("dispatch pr02 to 三江镇", &names()).unwrap();
        assert_eq!(order.to_string(), "dispatch pr02 to t17");
        let order = parse_order_named("dispatch 县医院急诊分队 to t17", &names()).unwrap();
        assert_eq!(order.to_string(), "dispatch pr02 to t17");
        let order = parse_order_named("field-post 三江镇 commander 镇专职消防队", &names());
        assert_eq!(order.unwrap().to_string(), "field-post t17 commander fr01");
        // Ids stay ids; an unknown word is left for the id check.
        let order = parse_order_named("dispatch fr01 to nowhere", &names()).unwrap();
        assert_eq!(order.to_string(), "dispatch fr01 to nowhere");
    }

    #[test]
    fn a_name_two_places_share_is_refused_listing_both() {
        let e = parse_order_named("dispatch pr02 to 青岗村", &names()).unwrap_err();
        assert_eq!(e.column, 18);
        assert_eq!(
            e.message,
            "`青岗村` names more than one; write the id: t17v01 (青岗村), t03v02 (青岗村)"
        );
        assert_eq!(
            e.message_zh,
            "`青岗村` 不唯一，请写编号：t17v01 (青岗村)、t03v02 (青岗村)"
        );
    }
}
