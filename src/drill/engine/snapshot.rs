//! Snapshots: what one role may see now, built from `Sim::observe` (and, for the controller,
//! ground truth), plus the fixed [`StaticInfo`].

use super::*;
use crate::sim::command::{Movement, TaskTruth};

impl Engine {
    /// What this role sees now.
    pub fn snapshot(&mut self) -> Snapshot {
        let statics = self.statics.clone();
        let now = self.sim.now();
        let view = self.sim.observe(self.role);
        let controller = self.role == Role::Controller;
        let scenario = self.sim.scenario();
        let place_index = |id: &str| scenario.region.places.iter().position(|p| p.id == id);
        let place_xy = |id: &str| {
            place_index(id)
                .map(|i| (statics.places[i].x_km, statics.places[i].y_km))
                .unwrap_or((0.0, 0.0))
        };
        let place_name = |id: &str| {
            place_index(id)
                .map(|i| statics.places[i].name.clone())
                .unwrap_or_default()
        };
        let truth = controller.then(|| self.sim.truth());
        let mut incidents: Vec<IncidentRow> = view
            .incidents
            .iter()
            .map(|i| {
                let (x, y) = place_xy(&i.place);
                IncidentRow {
                    incident: i.incident.clone(),
                    place: i.place.clone(),
                    place_name: place_name(&i.place),
                    trapped: i.trapped,
                    dead: i.dead,
                    missing: i.missing,
                    known_since: i.known_since,
                    updated_at: i.updated_at,
                    closed: i.closed,
                    teams: None,
                    x_km: x,
                    y_km: y,
                }
            })
            .collect();
        let mut teams: Vec<TeamRow>;
        if let Some(truth) = &truth {
            for row in &mut incidents {
                row.teams = truth.teams_at.get(row.incident.as_str()).copied();
            }
            teams = truth
                .teams
                .iter()
                .map(|t| {
                    let spec = &scenario.teams[t.index];
                    let to = &statics.places[t.location];
                    let (x, y, eta) = match t.movement {
                        Movement::EnRoute {
                            from,
                            depart_at,
                            arrive_at,
                        } => {
                            let from = &statics.places[from];
                            let span = arrive_at.saturating_sub(depart_at).max(1) as f64;
                            let f = (now.saturating_sub(depart_at) as f64 / span).clamp(0.0, 1.0);
                            (
                                from.x_km + (to.x_km - from.x_km) * f,
                                from.y_km + (to.y_km - from.y_km) * f,
                                Some(arrive_at.saturating_sub(now)),
                            )
                        }
                        Movement::Mobilising { ready_at } => {
                            (to.x_km, to.y_km, Some(ready_at.saturating_sub(now)))
                        }
                        Movement::Still => (to.x_km, to.y_km, None),
                    };
                    let task = t.task.as_ref().map(|task| match task {
                        TaskTruth::Rescue { incident } => incident
                            .as_ref()
                            .map(|id| format!("rescue {id}"))
                            .unwrap_or_else(|| "rescue".into()),
                        TaskTruth::ClearRoad { road } => {
                            format!("clear {}", scenario.region.roads[*road].id)
                        }
                        TaskTruth::ReturnToBase => "return".into(),
                    });
                    TeamRow {
                        team: spec.id.clone(),
                        name: spec.name.clone(),
                        status: t.status,
                        place: to.id.clone(),
                        task,
                        eta_min: eta,
                        eta_at: eta.map(|m| now + m),
                        order: None,
                        as_of: now,
                        x_km: x,
                        y_km: y,
                    }
                })
                .collect();
        } else {
            teams = view
                .teams
                .iter()
                .map(|t| {
                    let (x, y) = place_xy(&t.place);
                    let name = scenario
                        .teams
                        .iter()
                        .find(|s| s.id == t.team)
                        .map(|s| s.name.clone())
                        .unwrap_or_default();
                    TeamRow {
                        team: t.team.clone(),
                        name,
                        status: t.status,
                        place: t.place.clone(),
                        task: None,
                        eta_min: None,
                        eta_at: t.eta,
                        order: None,
                        as_of: t.as_of,
                        x_km: x,
                        y_km: y,
                    }
                })
                .collect();
        }
        // Incidents: open first, most trapped first.
        incidents.sort_by(|a, b| {
            a.closed
                .cmp(&b.closed)
                .then(b.trapped.cmp(&a.trapped))
                .then(a.incident.cmp(&b.incident))
        });
        let road_states = truth.map(|t| t.roads);
        let reported_roads = if controller {
            Vec::new()
        } else {
            view.roads
                .iter()
                .map(|r| (r.index, r.state, r.as_of))
                .collect()
        };
        let level = view.level;
        self.fates_from_reports(&teams);
        for row in &mut teams {
            row.order = self.last_order_to(&row.team);
        }
        let mut inbox = self.inbox(&view);
        inbox.sort_by_key(|item| std::cmp::Reverse(item.at()));
        inbox.truncate(500);
        teams.shrink_to_fit();
        let kpis = if controller {
            let kpis = self.sim.outcome().kpis;
            kpi_rows(self.sim.scenario(), &kpis)
        } else {
            belief_rows(&view)
        };
        let (msel, objectives) = match (&self.msel, controller) {
            (Some(m), true) => (
                msel_rows(m, self.lang),
                m.exercise
                    .objectives
                    .iter()
                    .map(|o| (o.id.clone(), o.zh.clone(), o.en.clone()))
                    .collect(),
            ),
            _ => (Vec::new(), Vec::new()),
        };
        Snapshot {
            now,
            speed: self.speed,
            paused: self.paused,
            level,
            incidents,
            teams,
            inbox,
            kpis,
            road_states,
            reported_roads,
            msel,
            objectives,
            ratings: if controller {
                self.ratings.clone()
            } else {
                Vec::new()
            },
            notes: if controller {
                self.notes.clone()
            } else {
                Vec::new()
            },
            feedback: self.feedback.clone(),
            exercise_end: self.exercise_end,
            scenario_end: self.sim.scenario().duration_min,
        }
    }

    fn inbox(&mut self, view: &View) -> Vec<InboxItem> {
        let controller = self.role == Role::Controller;
        let mut items = self.fate_items();
        // Reports: a player's own; the controller watches the county HQ's.
        let reports_view = if controller {
            Some(self.sim.observe(self.hq_role))
        } else {
            None
        };
        let source = reports_view.as_ref().unwrap_or(view);
        let to = source.role.clone();
        for r in &source.inbox {
            items.push(InboxItem::Report {
                at: r.at,
                from: r.from.clone(),
                to: to.clone(),
                report: r.report,
                incident: r.incident.clone(),
                trapped: r.trapped,
                dead: r.dead,
                missing: r.missing,
            });
        }
        for f in &view.facts {
            items.push(InboxItem::Fact {
                at: f.as_of,
                from: f.from.clone(),
                zh: f.zh.clone(),
                en: f.en.clone(),
            });
        }
        // The field posts' technical leads advise the seat commanding each post (the controller
        // sees all of it); worked out from the simulation, never logged (`command::advice`).
        for advice in self.sim.technical_advice() {
            if controller || advice.seat == view.role {
                items.push(InboxItem::Fact {
                    at: advice.at,
                    from: format!("field-post:{}", advice.incident),
                    zh: advice.text(true),
                    en: advice.text(false),
                });
            }
        }
        if let Some(msel) = &self.msel {
            for (inject, state) in msel.exercise.injects.iter().zip(&msel.injects) {
                let InjectStatus::Delivered(at) = state.status else {
                    continue;
                };
                if controller || self.addressed_to_me(&inject.to) {
                    items.push(InboxItem::Inject {
                        at,
                        id: if controller {
                            inject.id.clone()
                        } else {
                            String::new()
                        },
                        from: inject.from.clone(),
                        to: inject.to.clone(),
                        channel: inject.channel,
                        zh: inject.zh.clone(),
                        en: inject.en.clone(),
                    });
                }
            }
        }
        items
    }

    fn addressed_to_me(&self, to: &str) -> bool {
        to == self.role_name || self.sim.role(to).ok() == Some(self.role)
    }
}

pub(super) fn static_info(
    scenario: &Scenario,
    setup: &Setup,
    journal: Option<&Journal>,
) -> StaticInfo {
    use crate::scenario::PlaceKind;
    let places: Vec<PlaceInfo> = scenario
        .region
        .places
        .iter()
        .map(|p| PlaceInfo {
            id: p.id.clone(),
            name: p.name.clone(),
            x_km: p.x_km,
            y_km: p.y_km,
            rank: match p.kind {
                PlaceKind::County => 0,
                PlaceKind::Town => 1,
                _ => 2,
            },
            parent: p.parent,
        })
        .collect();
    let (mut x0, mut x1, mut y0, mut y1) = (f64::MAX, f64::MIN, f64::MAX, f64::MIN);
    for p in &places {
        x0 = x0.min(p.x_km);
        x1 = x1.max(p.x_km);
        y0 = y0.min(p.y_km);
        y1 = y1.max(p.y_km);
    }
    let pad_x = ((x1 - x0) * 0.05).max(0.5);
    let pad_y = ((y1 - y0) * 0.05).max(0.5);
    // The evaluator works the controller's screens (ratings and notes); the engine refuses its
    // orders and injects.
    let controller = setup.role == "controller" || setup.role == super::EVALUATOR;
    let mut roles = vec!["county-commander".to_string()];
    roles.extend(scenario.organisation.iter().map(|n| n.id.clone()));
    let vocabulary = crate::drill::line::Vocabulary {
        teams: scenario.teams.iter().map(|t| t.id.clone()).collect(),
        places: scenario
            .region
            .places
            .iter()
            .map(|p| p.id.clone())
            .collect(),
        roads: scenario.region.roads.iter().map(|r| r.id.clone()).collect(),
        roles,
        injects: setup
            .exercise
            .as_ref()
            .map(|e| e.injects.iter().map(|i| i.id.clone()).collect())
            .unwrap_or_default(),
        objectives: setup
            .exercise
            .as_ref()
            .map(|e| e.objectives.iter().map(|o| o.id.clone()).collect())
            .unwrap_or_default(),
        controller,
        names: crate::sim::order::Names::of(scenario),
    };
    StaticInfo {
        scenario_name: scenario.name.clone(),
        exercise_name: setup.exercise.as_ref().map(|e| e.name.clone()),
        role: setup.role.clone(),
        role_name: if setup.role == super::EVALUATOR {
            Some("评估".to_string())
        } else {
            seat(scenario, &setup.role).map(|n| n.name.clone())
        },
        role_place: seat(scenario, &setup.role).map(|n| n.place),
        controller,
        lang: setup.lang,
        start_minute_of_day: scenario.start_time.minute_of_day,
        places,
        roads: scenario
            .region
            .roads
            .iter()
            .map(|r| (r.from, r.to, r.id.clone()))
            .collect(),
        teams: scenario
            .teams
            .iter()
            .map(|t| (t.id.clone(), t.name.clone()))
            .collect(),
        bounds: (x0 - pad_x, x1 + pad_x, y0 - pad_y, y1 + pad_y),
        vocabulary,
        journal: journal.map(|j| j.path().display().to_string()),
        manual_dispatch: role_takes_over_dispatch(scenario, &setup.role),
    }
}

/// The command node a role plays (`county-commander` is the county HQ; the
/// specialised HQs' role words name their kind).
fn seat<'a>(scenario: &'a Scenario, role: &str) -> Option<&'a crate::scenario::CommandNode> {
    let by_kind = |kind: CommandKind| scenario.organisation.iter().find(|n| n.kind == kind);
    match role {
        "controller" => None,
        "county-commander" | "county-hq" => by_kind(CommandKind::CountyHq),
        "earthquake-hq" => by_kind(CommandKind::EarthquakeHq),
        "flood-hq" => by_kind(CommandKind::FloodDroughtHq),
        "forest-fire-hq" => by_kind(CommandKind::ForestFireHq),
        "geological-hq" => by_kind(CommandKind::GeologicalHq),
        id => scenario.organisation.iter().find(|n| n.id == id),
    }
}

/// The KPIs the drill shows and reports, in this order.
pub const DRILL_KPIS: [Kpi; 12] = [
    Kpi::Deaths,
    Kpi::TrappedTotal,
    Kpi::RescuedAlive,
    Kpi::RescuedByTeams,
    Kpi::FirstResponseP50Min,
    Kpi::FirstResponseP90Min,
    Kpi::ReportsOnTime,
    Kpi::ResponseLevelPeak,
    Kpi::LevelLagMin,
    Kpi::AviationFirstArrivalMin,
    Kpi::ReliefWithin4h,
    Kpi::RoadsBlockedPeak,
];

/// The KPIs the drill shows and reports, with their targets: the scenario's, else the ideal
/// (every report on time, no lag in declaring the level).
pub fn kpi_rows(scenario: &Scenario, kpis: &crate::sim::Kpis) -> Vec<KpiRow> {
    DRILL_KPIS
        .into_iter()
        .map(|kpi| KpiRow {
            shown: Shown::Kpi(kpi),
            value: kpis.value(kpi),
            target: kpi
                .target(&scenario.targets)
                .or(kpi.ideal())
                .zip(kpi.better()),
        })
        .collect()
}

/// What a player can count from its own picture.
fn belief_rows(view: &View) -> Vec<KpiRow> {
    let open = view.incidents.iter().filter(|i| !i.closed).count();
    vec![
        KpiRow {
            shown: Shown::IncidentsKnown,
            value: Some(view.incidents.len() as f64),
            target: None,
        },
        KpiRow {
            shown: Shown::IncidentsOpen,
            value: Some(open as f64),
            target: None,
        },
        KpiRow {
            shown: Shown::TrappedReported,
            // Summed as whole numbers: an empty f64 sum is -0.0, which reads "-0".
            value: Some(
                view.incidents
                    .iter()
                    .map(|i| u64::from(i.trapped))
                    .sum::<u64>() as f64,
            ),
            target: None,
        },
        KpiRow {
            shown: Shown::DeadReported,
            value: Some(
                view.incidents
                    .iter()
                    .map(|i| u64::from(i.dead))
                    .sum::<u64>() as f64,
            ),
            target: None,
        },
        KpiRow {
            shown: Shown::ReportsReceived,
            value: Some(view.inbox.len() as f64),
            target: None,
        },
    ]
}

fn msel_rows(msel: &MselState, lang: crate::drill::i18n::Lang) -> Vec<MselRow> {
    use crate::drill::i18n::Text;
    use crate::drill::msel::{Condition, Trigger};
    msel.exercise
        .injects
        .iter()
        .zip(&msel.injects)
        .enumerate()
        .map(|(index, (inject, state))| {
            let trigger = match &inject.trigger {
                Trigger::At(at) => format!("T+{}", clock(*at)),
                Trigger::After { inject, delay_min } => {
                    format!("{}+{}m", msel.exercise.injects[*inject].id, delay_min)
                }
                Trigger::When(c) => match c {
                    Condition::DeathsAtLeast(n) => format!("{}≥{n}", lang.t(Text::TriggerDeaths)),
                    Condition::TrappedAtLeast(n) => {
                        format!("{}≥{n}", lang.t(Text::TriggerTrapped))
                    }
                    Condition::RoadsBlockedAtLeast(n) => format!("roads#≥{n}"),
                    Condition::LevelDeclared => lang.t(Text::TriggerLevel).into(),
                    Condition::IncidentsKnown { role, at_least } => {
                        format!("{role} {}≥{at_least}", lang.t(Text::TriggerKnows))
                    }
                },
                Trigger::Contingency => lang.t(Text::TriggerOnMiss).into(),
            };
            MselRow {
                id: inject.id.clone(),
                to: inject.to.clone(),
                from: inject.from.clone(),
                status: state.status,
                due: match state.status {
                    InjectStatus::Delivered(at) => Some(at),
                    _ => msel.due_at(index),
                },
                trigger,
                zh: inject.zh.clone(),
                en: inject.en.clone(),
                ad_hoc: inject.ad_hoc,
                expectations: inject
                    .expects
                    .iter()
                    .enumerate()
                    .map(|(k, e)| {
                        let s = state.expectations.get(k);
                        (
                            e.action(),
                            s.map_or(e.within_min, |s| s.deadline),
                            s.and_then(|s| s.met_at),
                            s.is_some_and(|s| s.missed),
                        )
                    })
                    .collect(),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_player_who_has_heard_nothing_sees_zeros_not_minus_zeros() {
        let view = View {
            role: "tc-t1".into(),
            now: 0,
            level: None,
            incidents: Vec::new(),
            teams: Vec::new(),
            inbox: Vec::new(),
            roads: Vec::new(),
            facts: Vec::new(),
        };
        for row in belief_rows(&view) {
            let value = row.value.unwrap();
            assert!(
                value == 0.0 && value.is_sign_positive(),
                "{:?}: {value}",
                row.shown
            );
        }
    }
}
