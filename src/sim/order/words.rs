//! The closed word sets of the order grammar: response levels, kinds of held force, and what a
//! seat can share (`share SEAT WHAT`).

use crate::scenario::{Level, TeamKind};

/// What a seat shares with another (`share SEAT WHAT`): its road states, the incidents it
/// knows, or a department's facts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Info {
    Roads,
    Incidents,
    Forecasts,
    Reservoirs,
    Beds,
    Teams,
}

impl Info {
    /// Every kind, in the order help lists them.
    pub const ALL: [Info; 6] = [
        Info::Roads,
        Info::Incidents,
        Info::Forecasts,
        Info::Reservoirs,
        Info::Beds,
        Info::Teams,
    ];
    /// Their words, in the same order.
    pub const WORDS: [&'static str; 6] = [
        "roads",
        "incidents",
        "forecasts",
        "reservoirs",
        "beds",
        "teams",
    ];

    /// The word an order writes.
    pub fn word(self) -> &'static str {
        Info::WORDS[self as usize]
    }

    /// The kind a word names.
    pub fn parse(word: &str) -> Option<Info> {
        Info::ALL.into_iter().find(|i| i.word() == word)
    }

    /// What people call it: (Chinese, English).
    pub fn labels(self) -> (&'static str, &'static str) {
        match self {
            Info::Roads => ("道路状态", "road states"),
            Info::Incidents => ("灾情", "incidents"),
            Info::Forecasts => ("预报", "forecasts"),
            Info::Reservoirs => ("水库与河道", "reservoirs and rivers"),
            Info::Beds => ("医院床位", "hospital beds"),
            Info::Teams => ("队伍状态", "team states"),
        }
    }
}

pub(super) fn parse_level(word: &str) -> Option<Level> {
    match word.to_ascii_uppercase().as_str() {
        "I" | "1" | "Ⅰ" => Some(Level::I),
        "II" | "2" | "Ⅱ" => Some(Level::II),
        "III" | "3" | "Ⅲ" => Some(Level::III),
        "IV" | "4" | "Ⅳ" => Some(Level::IV),
        _ => None,
    }
}

pub(super) fn parse_kind(word: &str) -> Option<TeamKind> {
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

/// The word an order writes for a kind of force (`request-aid`, `request-support`).
pub fn kind_word(kind: TeamKind) -> &'static str {
    match kind {
        TeamKind::MutualAid => "mutual-aid",
        TeamKind::Military => "military",
        TeamKind::Aviation => "aviation",
        TeamKind::Comprehensive => "comprehensive",
        TeamKind::Professional => "professional",
        TeamKind::Social => "social",
    }
}
