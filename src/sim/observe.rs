//! What a role may see: [`Sim::role`] names a role, [`Sim::observe`] returns exactly what it knows
//! at the current minute — the front ends (the drill, its after-action report) read the
//! simulation's picture through these, not through the `World`.

use super::Sim;
use super::command::{self, Movement, ReportingRecord, TaskTruth, TeamTruth, Truth};
use super::components::{RescueSite, Task, TeamRef, TeamState, TeamStatus, TeamStatusKind};
use super::roads::RoadNetwork;

/// A role name that is no role of this scenario.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "no role `{name}`; roles are controller, evaluator, {}, or a command node id such as {} \
     (`drillsim seats` lists every seat)",
    aliases.join(", "),
    examples.join(", ")
)]
pub struct UnknownRole {
    pub name: String,
    /// The role aliases this scenario has (`county-commander`, and `flood-hq` … only where the
    /// organisation has such an HQ).
    pub aliases: Vec<&'static str>,
    /// A few of the scenario's command node ids.
    pub examples: Vec<String>,
}

impl Sim {
    /// The role called `name`: `controller`, `county-commander`, a specialised HQ
    /// (`earthquake-hq`, `flood-hq`, `forest-fire-hq`, `geological-hq`), or any command node id.
    pub fn role(&self, name: &str) -> Result<command::Role, UnknownRole> {
        use crate::scenario::CommandKind;
        let chain = self.world.resource::<command::Chain>();
        if name == "controller" {
            return Ok(command::Role::Controller);
        }
        // An alias names the first node of its kind (`county-commander`: the county HQ).
        let by_alias = || {
            if command::role_aliases(CommandKind::CountyHq).contains(&name) {
                return Some(chain.hq);
            }
            (chain.kinds.iter()).position(|k| command::role_aliases(*k).contains(&name))
        };
        let node = by_alias().or_else(|| chain.ids.iter().position(|n| n == name));
        node.map(command::Role::Node).ok_or_else(|| {
            let mut aliases: Vec<&'static str> =
                command::role_aliases(CommandKind::CountyHq).to_vec();
            for kind in &chain.kinds {
                for alias in command::role_aliases(*kind) {
                    if !aliases.contains(alias) {
                        aliases.push(alias);
                    }
                }
            }
            UnknownRole {
                name: name.to_string(),
                aliases,
                examples: chain.ids.iter().take(3).cloned().collect(),
            }
        })
    }

    /// Exactly what `role` knows now: ground truth for the controller, the node's belief for
    /// anyone else — the incidents and road states reported or shared to it, and a
    /// department's own facts. Specialised HQs sit with the county HQ and see what is reported
    /// to it, and what is shared with them.
    pub fn observe(&mut self, role: command::Role) -> command::View {
        use crate::scenario::{CommandKind, Desk, TeamKind};
        let now = self.now();
        let scenario = self.scenario.clone();
        let place_id = |p: usize| scenario.region.places[p].id.clone();
        let levels = self.world.resource::<command::Levels>();
        let level = levels.declared.map(|l| l.roman());
        let mut sites = self.world.query::<&RescueSite>();
        let mut team_states = self.world.query::<(&TeamRef, &TeamState)>();
        match role {
            command::Role::Controller => {
                let mut incidents: Vec<command::IncidentView> = sites
                    .iter(&self.world)
                    .map(|s| command::IncidentView {
                        incident: s.id.clone(),
                        place: place_id(s.place),
                        trapped: s.remaining(),
                        dead: s.death_times().count() as u32,
                        missing: s.unaccounted_at(now),
                        known_since: s.onset,
                        updated_at: now,
                        closed: s.closed,
                    })
                    .collect();
                incidents.sort_by(|a, b| a.incident.cmp(&b.incident));
                let mut teams: Vec<(usize, command::TeamView)> = team_states
                    .iter(&self.world)
                    .map(|(t, s)| (t.index, team_as_it_is(&scenario, t.index, s, now)))
                    .collect();
                teams.sort_by_key(|(i, _)| *i);
                command::View {
                    role: "controller".into(),
                    now,
                    level,
                    incidents,
                    teams: teams.into_iter().map(|(_, v)| v).collect(),
                    inbox: Vec::new(),
                    roads: self
                        .roads()
                        .links
                        .iter()
                        .enumerate()
                        .map(|(index, link)| command::RoadView {
                            road: scenario.region.roads[index].id.clone(),
                            index,
                            state: link.state,
                            as_of: now,
                            from: "controller".into(),
                        })
                        .collect(),
                    facts: Vec::new(),
                }
            }
            command::Role::Node(node) => {
                let chain = self.world.resource::<command::Chain>().clone();
                // Specialised HQs sit with the county HQ: they see what is reported to it, and
                // what is shared with them; a department sees its own facts.
                let picture = self.picture(node);
                let kind = chain.kinds[node];
                let source = if kind.sits_with_hq() {
                    chain.hq_of_node[node]
                } else {
                    node
                };
                let incidents = picture
                    .incidents
                    .values()
                    .map(|b| command::IncidentView {
                        incident: b.incident.clone(),
                        place: place_id(b.place),
                        trapped: b.est_trapped,
                        dead: b.est_dead,
                        missing: b.est_missing,
                        known_since: b.known_since,
                        updated_at: b.updated_at,
                        closed: b.closed,
                    })
                    .collect();
                let inbox = picture
                    .base
                    .inbox
                    .iter()
                    .map(|r| command::InboxView {
                        at: r.at,
                        from: chain.ids[r.from].clone(),
                        report: r.kind.name(),
                        incident: r.incident.to_string(),
                        trapped: r.est_trapped,
                        dead: r.est_dead,
                        missing: r.est_missing,
                    })
                    .collect();
                let teams = match kind {
                    // The fire and rescue brigade knows its own teams as they are.
                    CommandKind::Department(Desk::FireRescue) => team_states
                        .iter(&self.world)
                        .filter(|(t, _)| scenario.teams[t.index].kind == TeamKind::Comprehensive)
                        .map(|(t, s)| (t.index, team_as_it_is(&scenario, t.index, s, now)))
                        .collect::<std::collections::BTreeMap<_, _>>()
                        .into_values()
                        .collect(),
                    // The HQ hears from every team; every other seat from the teams it owns
                    // (a department's, the army's, the neighbour's mutual-aid teams), and a
                    // local command also from the teams based at its place.
                    _ => {
                        let reports = self.world.resource::<command::TeamReports>();
                        let node_place = chain.node_place[source];
                        let by_base = !matches!(
                            kind,
                            CommandKind::Department(_)
                                | CommandKind::MilitaryLiaison
                                | CommandKind::NeighbourCounty
                                | CommandKind::Enterprise
                        );
                        scenario
                            .teams
                            .iter()
                            .enumerate()
                            .filter(|(i, t)| {
                                chain.is_county_hq(source)
                                    || (by_base && t.base == node_place)
                                    || command::owner_of_team(&scenario, &chain, *i) == Some(source)
                            })
                            .filter_map(|(i, t)| {
                                let command::TeamSighting {
                                    status,
                                    place,
                                    since: at,
                                    eta,
                                } = *reports.reported.get(i)?;
                                Some(command::TeamView {
                                    team: t.id.clone(),
                                    status,
                                    place: place_id(place),
                                    as_of: at,
                                    eta,
                                })
                            })
                            .collect()
                    }
                };
                let roads = picture
                    .roads
                    .iter()
                    .map(|(&index, found)| command::RoadView {
                        road: scenario.region.roads[index].id.clone(),
                        index,
                        state: found.state,
                        as_of: found.as_of,
                        from: chain.ids[found.source].clone(),
                    })
                    .collect();
                let facts = self.fact_views(node, picture.own());
                command::View {
                    role: chain.ids[node].clone(),
                    now,
                    level,
                    incidents,
                    teams,
                    inbox,
                    roads,
                    facts,
                }
            }
        }
    }

    /// The ground truth the exercise controller sees: every team where it really is and what
    /// it really does, teams at each rescue site, each road's state.
    pub fn truth(&self) -> Truth {
        let world = &self.world;
        let mut teams_at = std::collections::BTreeMap::new();
        if let Some(mut query) = world.try_query::<&RescueSite>() {
            for site in query.iter(world) {
                teams_at.insert(site.id.clone(), site.teams_assigned);
            }
        }
        let mut teams = Vec::new();
        if let Some(mut query) = world.try_query::<(&TeamRef, &TeamState)>() {
            for (team, state) in query.iter(world) {
                let movement = match state.status {
                    TeamStatus::EnRoute { arrive_at } => Movement::EnRoute {
                        from: state.origin,
                        depart_at: state.depart_at,
                        arrive_at,
                    },
                    TeamStatus::Mobilising { .. } => Movement::Mobilising {
                        ready_at: state.arrive_at,
                    },
                    _ => Movement::Still,
                };
                let task = state.task.map(|task| match task {
                    Task::Rescue(site) => TaskTruth::Rescue {
                        incident: world.get::<RescueSite>(site).map(|s| s.id.clone()),
                    },
                    Task::ClearRoad(road) => TaskTruth::ClearRoad { road },
                    Task::ReturnToBase => TaskTruth::ReturnToBase,
                });
                teams.push(TeamTruth {
                    index: team.index,
                    status: state.status.kind(),
                    location: state.location,
                    movement,
                    task,
                });
            }
        }
        teams.sort_by_key(|t| t.index);
        Truth {
            teams,
            teams_at,
            roads: self.roads().links.iter().map(|l| l.state).collect(),
        }
    }

    fn roads(&self) -> &RoadNetwork {
        self.world.resource::<RoadNetwork>()
    }

    /// How many roads are blocked now.
    pub fn roads_blocked(&self) -> usize {
        self.roads().blocked_count
    }

    /// Whether a response level has been declared (everyone in the chain is told of one).
    pub fn level_declared(&self) -> bool {
        self.world.resource::<command::Levels>().declared.is_some()
    }

    /// The level in force at the HQ with id `hq` on `ladder` (none for an unknown id or an HQ
    /// whose government does not grade that ladder).
    pub fn level_in_force(
        &self,
        hq: &str,
        ladder: crate::scenario::Ladder,
    ) -> Option<crate::scenario::Level> {
        let chain = self.world.resource::<command::Chain>();
        let node = chain.ids.iter().position(|id| id == hq)?;
        self.world
            .resource::<command::Levels>()
            .in_force(chain, node, ladder)
    }

    /// The county HQ's command node id.
    pub fn county_hq(&self) -> String {
        let chain = self.world.resource::<command::Chain>();
        chain.ids.get(chain.hq).cloned().unwrap_or_default()
    }

    /// Every required report so far and every field-commander protocol item, for the
    /// after-action report.
    pub fn reporting_record(&self) -> ReportingRecord {
        let duties = self.world.resource::<command::Duties>();
        ReportingRecord {
            reports: duties.all().cloned().collect(),
            protocol: duties.protocol.clone(),
        }
    }
}

/// A team as it truly is at minute `now` (the controller's view, and the fire and rescue
/// brigade's of its own teams): its status, where it is or is heading, and when it arrives.
fn team_as_it_is(
    scenario: &crate::scenario::Scenario,
    index: usize,
    state: &TeamState,
    now: u32,
) -> command::TeamView {
    let status = state.status.kind();
    command::TeamView {
        team: scenario.teams[index].id.clone(),
        status,
        place: scenario.region.places[state.location].id.clone(),
        as_of: now,
        eta: matches!(status, TeamStatusKind::EnRoute | TeamStatusKind::Mobilising)
            .then_some(state.arrive_at),
    }
}
