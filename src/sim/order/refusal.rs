//! Why an order that reached its recipient could not be carried out: a typed reason with its
//! English sentence (the event log's `reason`, unchanged) and its Chinese one (the drill).

use std::fmt;

/// Why the simulation refused an order when it reached its recipient.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OrderRefusal {
    /// The order names a place the scenario does not have.
    UnknownPlace(String),
    /// The order names a team the scenario does not have.
    UnknownTeam(String),
    /// A field post at a place without an open incident.
    NoOpenIncident(String),
    /// A rescue at a place without an open rescue incident.
    NoOpenRescueIncident(String),
    /// A road to clear that is not blocked.
    NotBlocked(String),
    /// No open road reaches either end of the road to clear.
    NoRoadToEitherEnd(String),
    /// The team waits for a level or a request for aid.
    NotReleased,
    /// The team is resting until a minute.
    Resting { until: u32 },
    /// The team is travelling until a minute.
    OnTheRoad { arrive_at: u32 },
    /// No open road from the team's place to the destination (place ids).
    NoOpenRoad { from: String, to: String },
    /// Information (`share`, `sizeup`, `sitrep`) that could not be sent, in both languages.
    Information { en: String, zh: String },
    /// A second `field-post` at a place whose incident has a post already.
    PostAlreadySetUp {
        place: String,
        commander: String,
        at: u32,
    },
    /// A `handover` at a place whose incident has no post.
    NoPost(String),
    /// A `handover` to a team not tasked to the place's incident.
    NotAtSite { team: String, place: String },
    /// A `handover` to the team already in command.
    AlreadyInCommand { team: String, place: String },
}

impl OrderRefusal {
    /// The reason in Chinese (`zh`) or English.
    pub fn text(&self, zh: bool) -> String {
        if !zh {
            return self.to_string();
        }
        let hhmm = |m: &u32| format!("T+{:02}:{:02}", m / 60, m % 60);
        match self {
            OrderRefusal::UnknownPlace(p) => format!("未知地点 {p}"),
            OrderRefusal::UnknownTeam(t) => format!("未知队伍 {t}"),
            OrderRefusal::NoOpenIncident(p) => format!("{p} 没有正在处置的灾情"),
            OrderRefusal::NoOpenRescueIncident(p) => format!("{p} 没有正在救援的灾情点"),
            OrderRefusal::NotBlocked(r) => format!("道路 {r} 未中断，无需抢通"),
            OrderRefusal::NoRoadToEitherEnd(r) => format!("没有畅通道路通往 {r} 的任一端"),
            OrderRefusal::NotReleased => "队伍尚未启用：先启动响应级别或请求增援".into(),
            OrderRefusal::Resting { until } => format!("队伍休整至 {}", hhmm(until)),
            OrderRefusal::OnTheRoad { arrive_at } => {
                format!("队伍在途，{} 到达后再改派", hhmm(arrive_at))
            }
            OrderRefusal::NoOpenRoad { from, to } => format!("{from} 到 {to} 没有畅通道路"),
            OrderRefusal::Information { zh, .. } => zh.clone(),
            OrderRefusal::PostAlreadySetUp {
                place,
                commander,
                at,
            } => format!(
                "{place} 已设立现场指挥部（指挥员 {commander}，{} 设立）：更换指挥员请用 `handover {place} commander 队伍`",
                hhmm(at)
            ),
            OrderRefusal::NoPost(p) => {
                format!("{p} 尚未设立现场指挥部，无从移交：请先 `field-post`")
            }
            OrderRefusal::NotAtSite { team, place } => {
                format!("{team} 不在 {place} 现场：指挥部只能移交给在现场的队伍")
            }
            OrderRefusal::AlreadyInCommand { team, place } => {
                format!("{team} 已是 {place} 现场指挥部的指挥员")
            }
        }
    }
}

/// The English sentence the event log has always carried.
impl fmt::Display for OrderRefusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            OrderRefusal::UnknownPlace(p) => write!(f, "unknown place {p}"),
            OrderRefusal::UnknownTeam(t) => write!(f, "unknown team {t}"),
            OrderRefusal::NoOpenIncident(p) => write!(f, "no open incident at {p}"),
            OrderRefusal::NoOpenRescueIncident(p) => write!(f, "no open rescue incident at {p}"),
            OrderRefusal::NotBlocked(r) => write!(f, "{r} is not blocked"),
            OrderRefusal::NoRoadToEitherEnd(r) => write!(f, "no open road to either end of {r}"),
            OrderRefusal::NotReleased => {
                f.write_str("the team has not been released: declare a level or request aid")
            }
            OrderRefusal::Resting { until } => {
                write!(f, "the team is resting until minute {until}")
            }
            OrderRefusal::OnTheRoad { arrive_at } => write!(
                f,
                "the team is on the road until minute {arrive_at}; re-task it when it arrives"
            ),
            OrderRefusal::NoOpenRoad { from, to } => write!(f, "no open road from {from} to {to}"),
            OrderRefusal::Information { en, .. } => f.write_str(en),
            OrderRefusal::PostAlreadySetUp {
                place,
                commander,
                at,
            } => write!(
                f,
                "{place} already has a field post (commander {commander}, set up at minute {at}): \
                 to change its commander, use `handover {place} commander TEAM`"
            ),
            OrderRefusal::NoPost(p) => write!(
                f,
                "no field post at {p} to hand over: set one up with `field-post`"
            ),
            OrderRefusal::NotAtSite { team, place } => write!(
                f,
                "{team} is not at the scene at {place}: a post is handed over to a team there"
            ),
            OrderRefusal::AlreadyInCommand { team, place } => {
                write!(f, "{team} already commands the field post at {place}")
            }
        }
    }
}

/// Serialised as its English sentence, so the event log's `reason` string does not change.
impl serde::Serialize for OrderRefusal {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_refusal_keeps_its_english_sentence_and_has_a_chinese_one() {
        let r = OrderRefusal::NotBlocked("r010".into());
        assert_eq!(r.to_string(), "r010 is not blocked");
        assert_eq!(
            serde_json::to_string(&r).unwrap(),
            "\"r010 is not blocked\""
        );
        assert_eq!(r.text(true), "道路 r010 未中断，无需抢通");
        let r = OrderRefusal::Resting { until: 95 };
        assert_eq!(r.text(true), "队伍休整至 T+01:35");
        assert_eq!(r.text(false), "the team is resting until minute 95");
    }
}
