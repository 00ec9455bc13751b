//! Authority: which seat may issue which order, over which forces and places.
//!
//! One table, [`AUTHORITY`], says for each class of seat how far it holds each verb; one
//! function, [`owner_of_team`], says whose forces each team is. [`authorise`] reads both and
//! answers an order with `Ok` or a typed [`Beyond`] that names why and who holds the order
//! (the nearest seat up the chain that may give it). The controller may give anything; scripts
//! and the doctrine act as the county HQ. Documented in docs/command-model.md §8a.

use std::fmt;

use super::chain::Chain;
use super::view::Role;
use crate::scenario::{Capability, CommandKind, Desk, PlaceKind, Scenario, TeamKind};
use crate::sim::order::Order;

/// The order verbs, as authority sees them (`dispatch … to` and `dispatch … clear` are one).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verb {
    Dispatch,
    Recall,
    Declare,
    RequestAid,
    FieldPost,
    Priority,
}

impl Verb {
    /// Every verb, in the columns' order of [`AUTHORITY`].
    pub const ALL: [Verb; 6] = [
        Verb::Dispatch,
        Verb::Recall,
        Verb::Declare,
        Verb::RequestAid,
        Verb::FieldPost,
        Verb::Priority,
    ];

    /// The verb of an order; `None` for information (`share`, `sizeup`, `sitrep`), which every
    /// seat may send — whether the place is under the sender's command is checked when it is
    /// sent (`Sim::send_information`).
    pub fn of(order: &Order) -> Option<Verb> {
        Some(match order {
            Order::DispatchRescue { .. } | Order::DispatchClearRoad { .. } => Verb::Dispatch,
            Order::Recall { .. } => Verb::Recall,
            Order::DeclareLevel { .. } => Verb::Declare,
            Order::RequestAid { .. } | Order::RequestSupport { .. } => Verb::RequestAid,
            // Handing a post over is held as setting one up is.
            Order::FieldPost { .. } | Order::Handover { .. } => Verb::FieldPost,
            Order::Priority { .. } => Verb::Priority,
            Order::Share { .. } | Order::SizeUp { .. } | Order::Sitrep { .. } => return None,
        })
    }

    /// The verb as written in orders.
    pub fn word(self) -> &'static str {
        match self {
            Verb::Dispatch => "dispatch",
            Verb::Recall => "recall",
            Verb::Declare => "declare",
            Verb::RequestAid => "request-aid",
            Verb::FieldPost => "field-post",
            Verb::Priority => "priority",
        }
    }

    /// The act, in Chinese and English ("declaring a response level").
    fn act(self) -> (&'static str, &'static str) {
        match self {
            Verb::Dispatch => ("调派队伍", "dispatching teams"),
            Verb::Recall => ("召回队伍", "recalling teams"),
            Verb::Declare => ("宣布响应级别", "declaring a response level"),
            Verb::RequestAid => ("请求增援", "requesting aid"),
            Verb::FieldPost => ("设立现场指挥部", "setting up a field post"),
            Verb::Priority => ("确定救援优先级", "setting a priority"),
        }
    }

    fn index(self) -> usize {
        Verb::ALL.iter().position(|v| *v == self).unwrap_or(0)
    }
}

/// How far a seat holds a verb.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reach {
    /// Not held.
    No,
    /// Over every team and every place.
    All,
    /// Over the teams it owns ([`owner_of_team`]).
    OwnTeams,
    /// At places in its town (the town and its villages).
    TownPlaces,
    /// At its own place only.
    OwnPlace,
    /// `request-aid military` only.
    MilitaryOnly,
}

impl Reach {
    /// What the reach covers, in Chinese and English (`drillsim seats`).
    pub fn labels(self) -> (&'static str, &'static str) {
        match self {
            Reach::No => ("无", "none"),
            Reach::All => ("全部队伍与地点", "every team and place"),
            Reach::OwnTeams => ("本席位所属队伍", "its own teams"),
            Reach::TownPlaces => ("本镇辖区内", "places in its town"),
            Reach::OwnPlace => ("本地", "its own place"),
            Reach::MilitaryOnly => ("仅军队", "military only"),
        }
    }

    /// A short word for tools (`drillsim seats --json`).
    pub fn word(self) -> &'static str {
        match self {
            Reach::No => "none",
            Reach::All => "all",
            Reach::OwnTeams => "own-teams",
            Reach::TownPlaces => "town-places",
            Reach::OwnPlace => "own-place",
            Reach::MilitaryOnly => "military",
        }
    }
}

/// Classes of seat: the rows of [`AUTHORITY`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Class {
    CountyHq,
    DeputyHq,
    SpecialisedHq,
    Town,
    Village,
    FieldPost,
    Department,
    MilitaryLiaison,
    NeighbourCounty,
    Enterprise,
    /// The prefecture's, province's and nation's HQs.
    AboveCounty,
}

impl Class {
    /// The class of a command kind.
    pub fn of(kind: CommandKind) -> Class {
        match kind {
            CommandKind::CountyHq => Class::CountyHq,
            CommandKind::DeputyHq => Class::DeputyHq,
            CommandKind::FloodDroughtHq
            | CommandKind::ForestFireHq
            | CommandKind::EarthquakeHq
            | CommandKind::GeologicalHq => Class::SpecialisedHq,
            CommandKind::TownCommand => Class::Town,
            CommandKind::VillageCommand => Class::Village,
            CommandKind::FieldPost => Class::FieldPost,
            CommandKind::Department(_) => Class::Department,
            CommandKind::MilitaryLiaison => Class::MilitaryLiaison,
            CommandKind::NeighbourCounty => Class::NeighbourCounty,
            CommandKind::Enterprise => Class::Enterprise,
            CommandKind::PrefectureHq | CommandKind::ProvincialHq | CommandKind::NationalHq => {
                Class::AboveCounty
            }
        }
    }
}

/// Who may issue which verb, and over what: one row per class of seat, one column per verb in
/// [`Verb::ALL`]'s order (dispatch, recall, declare, request-aid, field-post, priority). The
/// controller holds everything. docs/command-model.md §8a prints this table with the plan's
/// articles behind each row.
pub const AUTHORITY: [(Class, [Reach; 6]); 11] = {
    use Reach::*;
    [
        (Class::CountyHq, [All, All, All, All, All, All]),
        (Class::DeputyHq, [All, All, All, All, All, All]),
        (Class::SpecialisedHq, [All, All, All, All, All, All]),
        (
            Class::Town,
            [OwnTeams, OwnTeams, No, No, TownPlaces, TownPlaces],
        ),
        (Class::Village, [No, No, No, No, No, OwnPlace]),
        (Class::FieldPost, [No, No, No, No, OwnPlace, OwnPlace]),
        (Class::Department, [OwnTeams, OwnTeams, No, No, No, No]),
        (
            Class::MilitaryLiaison,
            [OwnTeams, OwnTeams, No, MilitaryOnly, No, No],
        ),
        (Class::NeighbourCounty, [OwnTeams, OwnTeams, No, No, No, No]),
        (Class::Enterprise, [No, No, No, No, No, No]),
        // An HQ above the county declares its own levels, commands the forces it holds and
        // asks the HQ above it for support.
        (Class::AboveCounty, [OwnTeams, OwnTeams, All, All, No, No]),
    ]
};

/// How far a seat of `kind` holds `verb` (a row and column of [`AUTHORITY`]).
pub fn reach(kind: CommandKind, verb: Verb) -> Reach {
    let class = Class::of(kind);
    AUTHORITY
        .iter()
        .find(|(c, _)| *c == class)
        .map_or(Reach::No, |(_, row)| row[verb.index()])
}

/// The desk whose teams a team is: fire and rescue the comprehensive teams, health the
/// professional medical teams, transport the road-clearing teams; none for others.
pub fn desk_of_team(team: &crate::scenario::Team) -> Option<Desk> {
    if team.kind == TeamKind::Comprehensive {
        Some(Desk::FireRescue)
    } else if team.kind == TeamKind::Professional && team.rate(Capability::Medical).is_some() {
        Some(Desk::Health)
    } else if team.rate(Capability::RoadClearing).is_some() {
        Some(Desk::Transport)
    } else {
        None
    }
}

/// The town a place lies in: itself if a town, the nearest town above it otherwise.
pub fn town_of_place(scenario: &Scenario, place: usize) -> Option<usize> {
    let places = &scenario.region.places;
    let mut at = Some(place);
    // Parents form a tree (validated); the bound only guards against a cycle.
    for _ in 0..=places.len() {
        let p = at?;
        if places.get(p)?.kind == PlaceKind::Town {
            return Some(p);
        }
        at = places[p].parent;
    }
    None
}

/// The seat (command node) whose forces team `team` is, below the county HQ, its deputy and the
/// specialised HQs (which command every team): army units are the military liaison's, mutual-aid
/// teams the neighbouring county's; a team based in a town or one of its villages is that town
/// command's; any other team is its desk's department ([`desk_of_team`]). `None`: the county
/// HQ's own — so is every reinforcement echelon (held off the map, then commanded by the county
/// HQ it is sent to). Of several nodes of a kind, the first in the team's county is the one, else
/// the first in the organisation.
pub fn owner_of_team(scenario: &Scenario, chain: &Chain, team: usize) -> Option<usize> {
    let team = scenario.teams.get(team)?;
    if team.echelon.is_some() {
        return None;
    }
    let county = chain.hq_of_place.get(team.base).copied();
    let first = |pred: &dyn Fn(CommandKind) -> bool| {
        let of_kind = || (0..chain.kinds.len()).filter(|&n| pred(chain.kinds[n]));
        of_kind()
            .find(|&n| Some(chain.hq_of_node[n]) == county)
            .or_else(|| of_kind().next())
    };
    match team.kind {
        TeamKind::Military => return first(&|k| k == CommandKind::MilitaryLiaison),
        TeamKind::MutualAid => return first(&|k| k == CommandKind::NeighbourCounty),
        _ => {}
    }
    if let Some(town) = town_of_place(scenario, team.base)
        && let Some(node) = (0..chain.kinds.len())
            .find(|&n| chain.kinds[n] == CommandKind::TownCommand && chain.node_place[n] == town)
    {
        return Some(node);
    }
    let desk = desk_of_team(team)?;
    first(&|k| k == CommandKind::Department(desk))
}

/// Why an order is beyond a seat.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Why {
    /// The seat does not hold the verb at all.
    Verb(Verb),
    /// It requests aid of a kind it may not (the military liaison asks for the army only).
    Aid(TeamKind),
    /// The team is not among its forces.
    Team(String),
    /// The place is outside its area.
    Place(String),
}

/// An order beyond the authority of the seat that gave it: refused at once, never queued.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Beyond {
    /// The order, as written.
    pub order: String,
    /// The seat that gave it: its id and kind.
    pub seat: String,
    pub seat_kind: CommandKind,
    pub why: Why,
    /// The nearest seat up the chain that may give the order: its id and kind.
    pub holder: Option<(String, CommandKind)>,
}

impl Beyond {
    /// Why, and who holds the order, in Chinese (`zh`) or English.
    pub fn text(&self, zh: bool) -> String {
        let (seat_zh, seat_en) = self.seat_kind.labels();
        let seat = &self.seat;
        let holder = |zh: bool| match &self.holder {
            Some((id, kind)) if zh => format!("属{}（{id}）权限", kind.labels().0),
            Some((id, kind)) => format!("is the {}'s ({id})", kind.labels().1),
            None if zh => "超出本席位权限".to_string(),
            None => "is beyond this seat".to_string(),
        };
        match (&self.why, zh) {
            (Why::Verb(verb), true) => format!("{}{}", verb.act().0, holder(true)),
            (Why::Verb(verb), false) => format!("{} {}", verb.act().1, holder(false)),
            (Why::Aid(kind), true) => {
                format!("请求{}增援{}", aid_word(*kind), holder(true))
            }
            (Why::Aid(kind), false) => {
                format!("requesting {} aid {}", aid_word(*kind), holder(false))
            }
            (Why::Team(team), true) => {
                format!("{team}不归{seat_zh}（{seat}）指挥，调动它{}", holder(true))
            }
            (Why::Team(team), false) => format!(
                "{team} is not among the {seat_en}'s ({seat}) forces: tasking it {}",
                holder(false)
            ),
            (Why::Place(place), true) => format!(
                "{place}不在{seat_zh}（{seat}）辖区，在此下令{}",
                holder(true)
            ),
            (Why::Place(place), false) => format!(
                "{place} is outside the {seat_en}'s ({seat}) area: this order there {}",
                holder(false)
            ),
        }
    }
}

impl fmt::Display for Beyond {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text(false))
    }
}

impl std::error::Error for Beyond {}

fn aid_word(kind: TeamKind) -> &'static str {
    match kind {
        TeamKind::MutualAid => "mutual-aid",
        TeamKind::Military => "military",
        TeamKind::Aviation => "aviation",
        TeamKind::Comprehensive => "comprehensive",
        TeamKind::Professional => "professional",
        TeamKind::Social => "social",
    }
}

/// Whether `node` may give `order`; `Err` says why not.
fn holds(scenario: &Scenario, chain: &Chain, node: usize, order: &Order) -> Result<(), Why> {
    let Some(verb) = Verb::of(order) else {
        return Ok(());
    };
    let Some(&kind) = chain.kinds.get(node) else {
        return Err(Why::Verb(verb));
    };
    let place_index = |id: &str| scenario.region.places.iter().position(|p| p.id == id);
    match reach(kind, verb) {
        Reach::All => Ok(()),
        Reach::No => Err(Why::Verb(verb)),
        Reach::MilitaryOnly => match order {
            Order::RequestAid {
                kind: TeamKind::Military,
            } => Ok(()),
            Order::RequestAid { kind } => Err(Why::Aid(*kind)),
            _ => Err(Why::Verb(verb)),
        },
        Reach::OwnTeams => {
            let team = order.tasked_team().unwrap_or_default();
            let index = scenario.teams.iter().position(|t| t.id == team);
            match index.and_then(|i| owner_of_team(scenario, chain, i)) {
                Some(owner) if owner == node => Ok(()),
                _ => Err(Why::Team(team.to_string())),
            }
        }
        reach @ (Reach::TownPlaces | Reach::OwnPlace) => {
            let place = match order {
                Order::FieldPost { place, .. }
                | Order::Handover { place, .. }
                | Order::Priority { place, .. } => place,
                _ => return Err(Why::Verb(verb)),
            };
            let seat_place = chain.node_place[node];
            let inside = place_index(place).is_some_and(|p| {
                if reach == Reach::OwnPlace {
                    p == seat_place
                } else {
                    town_of_place(scenario, p).is_some()
                        && town_of_place(scenario, p) == town_of_place(scenario, seat_place)
                }
            });
            if inside {
                Ok(())
            } else {
                Err(Why::Place(place.clone()))
            }
        }
    }
}

/// Whether `role` may give `order`: the controller anything, a command node what
/// [`AUTHORITY`] and [`owner_of_team`] give it. A refusal names the nearest seat up the chain
/// that holds the order. Ids are not checked here (`Order::unknown_ids` is).
pub fn authorise(
    scenario: &Scenario,
    chain: &Chain,
    role: Role,
    order: &Order,
) -> Result<(), Beyond> {
    let Role::Node(node) = role else {
        return Ok(());
    };
    let Err(why) = holds(scenario, chain, node, order) else {
        return Ok(());
    };
    let mut holder = None;
    let mut at = node;
    // Up the chain, at most once per node (the HQ's parent is none).
    for _ in 0..chain.kinds.len() {
        let Some(up) = chain.up(at) else { break };
        if holds(scenario, chain, up, order).is_ok() {
            holder = Some((chain.ids[up].clone(), chain.kinds[up]));
            break;
        }
        at = up;
    }
    Err(Beyond {
        order: order.to_string(),
        seat: chain.ids.get(node).cloned().unwrap_or_default(),
        seat_kind: chain
            .kinds
            .get(node)
            .copied()
            .unwrap_or(CommandKind::CountyHq),
        why,
        holder,
    })
}
