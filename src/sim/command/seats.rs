//! Seats: every command node of the organisation is a seat a person can take in a drill or
//! leave to the doctrine, plus the exercise controller and the evaluator. [`seats`] lists them
//! from the validated scenario alone (`drillsim seats`); [`PlayedSeats`] marks those a person
//! plays, whose teams the doctrine leaves alone.

use bevy_ecs::prelude::*;

use super::authority::{Reach, Verb, owner_of_team, reach};
use super::chain::Chain;
use crate::scenario::{CommandKind, Desk, Scenario};

/// One seat.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Seat {
    /// The name `--role` takes: `controller`, `evaluator` or the command node's id.
    pub id: String,
    pub name: String,
    /// `controller`, `evaluator`, or the command kind as written in scenario files
    /// (`CountyHq`, `Department(Transport)`, …).
    pub kind: String,
    /// The kind's name in Chinese and English.
    pub kind_zh: &'static str,
    pub kind_en: &'static str,
    /// The node it reports to.
    pub parent: Option<String>,
    /// Other names `--role` takes for this seat (`county-commander`, `earthquake-hq`, …).
    pub aliases: Vec<&'static str>,
    /// The verbs it may issue, and how far each reaches.
    pub verbs: Vec<SeatVerb>,
    /// The teams it may dispatch, by id, in scenario order.
    pub forces: Vec<String>,
    /// What it sees, in Chinese and English.
    pub sees_zh: &'static str,
    pub sees_en: &'static str,
}

/// A verb a seat holds.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct SeatVerb {
    pub verb: &'static str,
    /// `all`, `own-teams`, `town-places`, `own-place` or `military` (see docs/command-model.md).
    pub reach: &'static str,
}

/// The role names that stand for the first node of a kind (`Sim::role` reads them).
pub fn role_aliases(kind: CommandKind) -> &'static [&'static str] {
    match kind {
        CommandKind::CountyHq => &["county-commander", "county-hq"],
        CommandKind::EarthquakeHq => &["earthquake-hq"],
        CommandKind::FloodDroughtHq => &["flood-hq"],
        CommandKind::ForestFireHq => &["forest-fire-hq"],
        CommandKind::GeologicalHq => &["geological-hq"],
        _ => &[],
    }
}

/// What a seat of `kind` sees, in Chinese and English.
pub fn sees(kind: CommandKind) -> (&'static str, &'static str) {
    match kind {
        CommandKind::CountyHq => (
            "下级上报的灾情与队伍动态、各部门共享的信息",
            "incidents and team states reported up the chain, and what departments share with it",
        ),
        CommandKind::DeputyHq
        | CommandKind::FloodDroughtHq
        | CommandKind::ForestFireHq
        | CommandKind::EarthquakeHq
        | CommandKind::GeologicalHq => (
            "与县应急指挥部同一态势（同址办公）",
            "the county HQ's picture (it sits with the HQ)",
        ),
        CommandKind::TownCommand => (
            "本镇村组上报的灾情、本镇队伍的动态",
            "incidents its villages report, and its own teams",
        ),
        CommandKind::VillageCommand => ("本村发现的灾情", "incidents it notices in its village"),
        CommandKind::FieldPost => (
            "现场侦察所见、到场队伍的进展",
            "what its size-up finds on scene, and the progress of teams there",
        ),
        CommandKind::Department(desk) => sees_desk(desk),
        CommandKind::MilitaryLiaison => (
            "军队力量的动态（按上报）、被通报的信息",
            "the army units' states as they report them, and what is shared with it",
        ),
        CommandKind::NeighbourCounty => (
            "增援队伍的动态（按上报）、被通报的信息",
            "its mutual-aid teams' states as they report them, and what is shared with it",
        ),
        CommandKind::Enterprise => (
            "被通报的信息（厂区险情尚未单独建模）",
            "what is shared with it (its own site's hazards are not modelled separately yet)",
        ),
        CommandKind::PrefectureHq | CommandKind::ProvincialHq | CommandKind::NationalHq => (
            "下级指挥部逐级上报的灾情、被通报的信息",
            "incidents reported up through the HQs below it, and what is shared with it",
        ),
    }
}

fn sees_desk(desk: Desk) -> (&'static str, &'static str) {
    match desk {
        Desk::Emergency => (
            "被上报或共享的信息（值班报告汇入县应急指挥部态势）",
            "what is reported or shared to it (the duty office's reports feed the county HQ's picture)",
        ),
        Desk::NaturalResources => (
            "边坡与地质灾害监测、被上报或共享的信息",
            "slope and geological-hazard monitoring, and what is reported or shared to it",
        ),
        Desk::WaterResources => (
            "河道水位与水库工情、被上报或共享的信息",
            "river gauges and reservoirs, and what is reported or shared to it",
        ),
        Desk::Meteorology => (
            "降雨预报与预警、被上报或共享的信息",
            "rainfall forecasts and warnings, and what is reported or shared to it",
        ),
        Desk::Transport => (
            "巡查发现的道路状态、被上报或共享的信息",
            "road states its patrols find, and what is reported or shared to it",
        ),
        Desk::PublicSecurity => (
            "被上报或共享的信息（交通管制、失联人员尚未建模）",
            "what is reported or shared to it (traffic control and missing persons are not modelled yet)",
        ),
        Desk::Health => (
            "医院床位与伤员救治、被上报或共享的信息",
            "hospital beds and casualties, and what is reported or shared to it",
        ),
        Desk::FireRescue => (
            "所属救援队伍的进展、被上报或共享的信息",
            "its teams' progress, and what is reported or shared to it",
        ),
    }
}

/// Every seat of the scenario: the controller, the evaluator, then each command node in the
/// organisation's order (a scenario without one has a lone county HQ, `county-hq`). Field posts
/// set up in play are not seats of their own: the seat that set one up holds its verbs.
pub fn seats(scenario: &Scenario) -> Vec<Seat> {
    let chain = Chain::build(scenario);
    let mut out = vec![
        Seat {
            id: "controller".into(),
            name: "导调".into(),
            kind: "controller".into(),
            kind_zh: "导调人员",
            kind_en: "exercise controller",
            parent: None,
            aliases: Vec::new(),
            verbs: Verb::ALL
                .iter()
                .map(|v| SeatVerb {
                    verb: v.word(),
                    reach: Reach::All.word(),
                })
                .collect(),
            forces: scenario.teams.iter().map(|t| t.id.clone()).collect(),
            sees_zh: "全部真实情况（导调、注入、调整时间）",
            sees_en: "the ground truth (and runs the exercise: injects, re-timing)",
        },
        Seat {
            id: "evaluator".into(),
            name: "评估".into(),
            kind: "evaluator".into(),
            kind_zh: "评估人员",
            kind_en: "evaluator",
            parent: None,
            aliases: Vec::new(),
            verbs: Vec::new(),
            forces: Vec::new(),
            sees_zh: "全部真实情况与演练目标（评分、记录，不下令）",
            sees_en: "the ground truth and the objectives (rates and notes, gives no orders)",
        },
    ];
    let mut aliased = Vec::new();
    for node in 0..chain.ids.len() {
        let kind = chain.kinds[node];
        let (kind_zh, kind_en) = kind.labels();
        let (sees_zh, sees_en) = sees(kind);
        let verbs: Vec<SeatVerb> = Verb::ALL
            .iter()
            .filter_map(|&verb| {
                let r = reach(kind, verb);
                (r != Reach::No).then(|| SeatVerb {
                    verb: verb.word(),
                    reach: r.word(),
                })
            })
            .collect();
        let forces = match reach(kind, Verb::Dispatch) {
            Reach::All => scenario.teams.iter().map(|t| t.id.clone()).collect(),
            Reach::OwnTeams => (0..scenario.teams.len())
                .filter(|&t| owner_of_team(scenario, &chain, t) == Some(node))
                .map(|t| scenario.teams[t].id.clone())
                .collect(),
            _ => Vec::new(),
        };
        let aliases = if aliased.contains(&kind) {
            Vec::new()
        } else {
            aliased.push(kind);
            role_aliases(kind).to_vec()
        };
        out.push(Seat {
            id: chain.ids[node].clone(),
            name: scenario
                .organisation
                .get(node)
                .map_or_else(|| kind_zh.to_string(), |n| n.name.clone()),
            kind: format!("{kind:?}"),
            kind_zh,
            kind_en,
            parent: chain.parent[node].map(|p| chain.ids[p].clone()),
            aliases,
            verbs,
            forces,
            sees_zh,
            sees_en,
        });
    }
    out
}

/// The seats people play in this run, by the teams they own: the doctrine never tasks, recalls
/// or re-sends such a team ([`crate::sim::Sim::play`]). Empty in every headless run.
#[derive(Resource, Debug, Default, Clone)]
pub struct PlayedSeats {
    /// The played command nodes.
    pub nodes: Vec<usize>,
    /// For each team (scenario order): whether a played seat owns it.
    pub teams: Vec<bool>,
}

impl PlayedSeats {
    /// Whether a played seat owns team `index`.
    pub fn owns_team(&self, index: usize) -> bool {
        self.teams.get(index).copied().unwrap_or(false)
    }

    /// Marks `node` as played, with the teams it owns.
    pub fn play(&mut self, scenario: &Scenario, chain: &Chain, node: usize) {
        if self.nodes.contains(&node) {
            return;
        }
        self.nodes.push(node);
        self.teams.resize(scenario.teams.len(), false);
        for (team, owned) in self.teams.iter_mut().enumerate() {
            if owner_of_team(scenario, chain, team) == Some(node) {
                *owned = true;
            }
        }
    }
}
