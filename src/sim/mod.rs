//! The simulation core: one bevy_ecs `World` and `Schedule` per run, driven tick by tick.
//!
//! [`Sim`] is the facade every front end drives — the CLI, tests, the batch runner and the drill
//! UI. It knows nothing of terminals, files, clap or the wall clock.
//!
//! ```
//! use drillsim::sim::{RunSeed, Sim};
//! let loaded = drillsim::scenario::load_str(drillsim::template::TEMPLATE, "template.ron").unwrap();
//! let mut sim = Sim::new(loaded.scenario, RunSeed::new(7));
//! sim.run_to_end();
//! let outcome = sim.outcome();
//! assert!(outcome.kpis.deaths.is_some());
//! ```

pub mod command;
pub(crate) mod components;
pub mod effects;
pub mod events;
pub(crate) mod hazards;
pub mod kpi;
pub mod math;
mod observe;
pub use observe::UnknownRole;
pub mod order;
pub(crate) mod relief;
pub(crate) mod resources;
pub mod rng;
pub(crate) mod roads;
pub(crate) mod sample;
pub(crate) mod schedule;
pub(crate) mod systems;
pub(crate) mod warning;

use std::sync::Arc;

use bevy_ecs::prelude::*;

use crate::scenario::{Hazard, Scenario, TeamKind};
use components::*;
pub use effects::{Effect, Wanted};
pub use events::{Event, EventKind, EventLog};
pub use hazards::dam_break::Wave;
/// A barrier lake and the wave its breach sends downstream (the tests check the physics).
pub use hazards::outburst::Lake;
pub use kpi::{Better, KPI_NAMES, Kpi, Kpis, Unit};
pub use order::{Order, OrderError};
pub use resources::HourlySample;
use resources::*;
pub use rng::{Purpose, RunSeed};
use roads::RoadNetwork;

/// Options that do not change the result of a run.
#[derive(Debug, Clone, Copy)]
pub struct SimOptions {
    /// Keep the event log (off in batch runs, where nobody reads it).
    pub record_events: bool,
    /// Skip systems on ticks where their run condition says nothing is due (the default).
    /// Off, every system runs every tick: slower, and byte-for-byte the same results.
    pub skip_idle_systems: bool,
}

impl Default for SimOptions {
    fn default() -> Self {
        SimOptions {
            record_events: true,
            skip_idle_systems: true,
        }
    }
}

/// Why an order given as a role was not taken.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum GiveError {
    /// It names an id the scenario lacks.
    #[error(transparent)]
    Unknown(#[from] OrderError),
    /// It is beyond the role's authority.
    #[error(transparent)]
    Beyond(#[from] command::Beyond),
}

/// The result of a run so far.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    /// Simulated minutes run.
    pub sim_minutes: u32,
    pub kpis: Kpis,
    /// Hourly samples for curves.
    pub hourly: Vec<HourlySample>,
    /// Road links still blocked at the end (then `road_restore_h` is a lower bound).
    pub roads_still_blocked: usize,
    /// Incidents no team has reached yet (they count as waiting until the end).
    pub incidents_unreached: usize,
    /// Every change of level at every government HQ on both ladders, in order.
    pub levels: Vec<command::LevelChange>,
}

/// One simulation run.
pub struct Sim {
    world: World,
    schedule: Schedule,
    scenario: Arc<Scenario>,
    seed: RunSeed,
}

impl Sim {
    /// A run of `scenario` with `seed`, logging events.
    pub fn new(scenario: impl Into<Arc<Scenario>>, seed: RunSeed) -> Sim {
        Sim::with_options(scenario, seed, SimOptions::default())
    }

    /// A run of `scenario` with `seed` and `options`.
    pub fn with_options(
        scenario: impl Into<Arc<Scenario>>,
        seed: RunSeed,
        options: SimOptions,
    ) -> Sim {
        let scenario: Arc<Scenario> = scenario.into();
        let mut world = World::new();
        world.insert_resource(Clock {
            now: 0,
            tick: scenario.tick_min.max(1),
        });
        world.insert_resource(ScenarioData(scenario.clone()));
        world.insert_resource(HazardRng(rng::stream(seed, Purpose::Hazard)));
        world.insert_resource(OperationsRng(rng::stream(seed, Purpose::Operations)));
        world.insert_resource(RoadNetwork::from_scenario(&scenario));
        world.insert_resource(EventLog {
            enabled: options.record_events,
            events: Vec::new(),
        });
        world.insert_resource(Tally::default());
        world.insert_resource(PendingOrders::default());
        world.insert_resource(DoctrineReview::asked());
        world.init_resource::<SiteAgenda>();
        world.insert_resource(command::InformationRng(rng::stream(
            seed,
            Purpose::Information,
        )));
        world.insert_resource(command::Comms::build(&scenario));
        world.insert_resource(command::Messages::default());
        world.insert_resource(command::Tidings::default());
        world.insert_resource(command::Duties::default());
        world.insert_resource(command::Levels::default());
        world.insert_resource(command::HqFigures::default());
        world.insert_resource(command::Priorities::default());
        world.insert_resource(command::TeamReports::default());
        world.insert_resource(command::PlayedSeats::default());
        world.insert_resource(command::Requests::default());
        let mut chain = command::Chain::build(&scenario);
        chain.entities = (0..chain.ids.len())
            .map(|node| {
                world
                    .spawn(command::Belief {
                        node,
                        ..Default::default()
                    })
                    .id()
            })
            .collect();
        world.insert_resource(command::TeamCommand::build(&scenario, &chain));
        world.insert_resource(command::Echelons::build(&scenario));
        world.insert_resource(chain);
        world.insert_resource(Transfers::default());

        let places: Vec<Entity> = scenario
            .region
            .places
            .iter()
            .enumerate()
            .map(|(index, place)| {
                world
                    .spawn((
                        PlaceRef { index },
                        Cohort {
                            unaffected: place.population,
                            ..Cohort::default()
                        },
                        Shaking::default(),
                    ))
                    .id()
            })
            .collect();
        world.insert_resource(PlaceEntities(places));

        // The plan's reserve: the last share of teams in scenario order stay at base (counted
        // among the region's own teams: echelons off the map are held by their HQs instead).
        let n_teams = scenario
            .teams
            .iter()
            .filter(|t| t.echelon.is_none())
            .count();
        let reserve_from = n_teams
            - ((scenario.plan.dispatch.reserve_share * n_teams as f64).round() as usize)
                .min(n_teams);
        // A team's place among the region's own teams.
        let rank = |index: usize| {
            (scenario.teams[..index].iter())
                .filter(|t| t.echelon.is_none())
                .count()
        };
        let teams: Vec<Entity> = scenario
            .teams
            .iter()
            .enumerate()
            .map(|(index, team)| {
                world
                    .spawn((
                        TeamRef { index },
                        TeamState {
                            status: TeamStatus::Available,
                            location: team.base,
                            origin: team.base,
                            depart_at: 0,
                            arrive_at: 0,
                            task: None,
                            mobilised: false,
                            shift_start: 0,
                            progress_min: 0.0,
                            current_cost_min: 0.0,
                            current_heavy: false,
                            reserve: team.echelon.is_none() && rank(index) >= reserve_from,
                            active: team.echelon.is_none()
                                && !scenario
                                    .plan
                                    .response
                                    .activation
                                    .iter()
                                    .any(|a| a.kind == team.kind),
                            available_since: 0,
                            order_in_flight: false,
                            kit_until: 0,
                        },
                    ))
                    .id()
            })
            .collect();
        world.insert_resource(TeamEntities(teams));

        for (index, hospital) in scenario.facilities.hospitals.iter().enumerate() {
            world.spawn(HospitalState {
                index,
                place: hospital.place,
                beds_free: hospital.beds,
                ambulance_free_at: vec![0; hospital.ambulances as usize],
            });
        }
        // Hazards are numbered in creation order: the scenario's quakes in file order first.
        let mut hazard_state = hazards::HazardState::default();
        for hazard in &scenario.hazards {
            if let Hazard::Earthquake(quake) = hazard {
                world.spawn(PendingQuake {
                    quake: quake.clone(),
                    aftershock: false,
                    seed: None,
                    struck: false,
                    seq: hazard_state.next_seq(),
                });
            }
        }
        world.insert_resource(warning::Warnings::default());
        world.insert_resource(warning::MonitoringRng(rng::stream(
            seed,
            Purpose::Monitoring,
        )));
        world.insert_resource(warning::Exposures::default());
        world.insert_resource(relief::Relief::default());
        // Fires and chemical releases of the scenario itself, drawn from a stream of their own
        // so they leave the hazard stream to the earthquakes and cascades.
        let mut primary_rng = rng::stream(seed, Purpose::Primary);
        for hazard in hazards::primary_hazards(&scenario, &mut primary_rng) {
            world.spawn(hazard.numbered(&mut hazard_state));
        }
        world.insert_resource(hazard_state);

        Sim {
            world,
            schedule: schedule::build_schedule(options.skip_idle_systems),
            scenario,
            seed,
        }
    }

    /// The scenario this run plays.
    pub fn scenario(&self) -> &Scenario {
        &self.scenario
    }

    /// The seed this run was started with.
    pub fn seed(&self) -> RunSeed {
        self.seed
    }

    /// Simulated minutes since the start.
    pub fn now(&self) -> u32 {
        self.world.resource::<Clock>().now
    }

    /// Runs one tick.
    pub fn step(&mut self) {
        self.answer_requests();
        self.schedule.run(&mut self.world);
        let mut clock = self.world.resource_mut::<Clock>();
        clock.now += clock.tick;
    }

    /// Runs ticks until the clock reaches `minute`.
    pub fn run_until(&mut self, minute: u32) {
        while self.now() < minute {
            self.step();
        }
    }

    /// Runs to the scenario's configured end.
    pub fn run_to_end(&mut self) {
        self.run_until(self.scenario.duration_min);
    }

    /// Queues an order for the next tick, after checking its ids.
    pub fn apply(&mut self, order: Order) -> Result<(), OrderError> {
        self.apply_from(order, "script")
    }

    /// Gives an order as `role` would: refused at once, never queued, when it is beyond the
    /// role's authority ([`command::authorise`]); otherwise as [`Sim::apply_from`], logged as
    /// given by the role's seat. Scripts and exercise injects act as the county HQ, as the
    /// doctrine does, and use `apply_from`.
    pub fn apply_as(
        &mut self,
        order: Order,
        role: command::Role,
        source: &'static str,
    ) -> Result<(), GiveError> {
        if let Some(unknown) = order.unknown_ids(&self.scenario).into_iter().next() {
            return Err(GiveError::Unknown(unknown));
        }
        let chain = self.world.resource::<command::Chain>();
        command::authorise(&self.scenario, chain, role, &order)?;
        let by = match role {
            command::Role::Node(node) => Some(node),
            command::Role::Controller => None,
        };
        self.give(order, source, by);
        Ok(())
    }

    /// Marks `role` as played by a person: from now on the doctrine never tasks, recalls or
    /// re-sends a team that seat owns ([`command::owner_of_team`]). The controller plays no seat.
    pub fn play(&mut self, role: command::Role) {
        let command::Role::Node(node) = role else {
            return;
        };
        let scenario = self.scenario.clone();
        self.world
            .resource_scope(|world, mut played: Mut<command::PlayedSeats>| {
                played.play(&scenario, world.resource::<command::Chain>(), node);
            });
    }

    /// Gives an order now, recording who gave it (`script`, a role name, …). It is checked
    /// against the scenario's ids and reaches its recipient after the chain's latency.
    pub fn apply_from(&mut self, order: Order, source: &'static str) -> Result<(), OrderError> {
        if let Some(unknown) = order.unknown_ids(&self.scenario).into_iter().next() {
            return Err(unknown);
        }
        self.give(order, source, None);
        Ok(())
    }

    /// Queues a checked order, logged as given by node `by` (the county HQ when none).
    /// Information (`share`, `sizeup`, `sitrep`) is sent at once as that node instead.
    fn give(&mut self, order: Order, source: &'static str, by: Option<usize>) {
        if let Order::RequestSupport { .. } = order {
            // A request for support is sent at once, as the seat that gives it.
            let now = self.now();
            let chain = self.world.resource::<command::Chain>().clone();
            let asker = by.unwrap_or(chain.hq);
            self.world
                .resource_scope(|world, mut requests: Mut<command::Requests>| {
                    let mut log = world.resource_mut::<EventLog>();
                    command::send_support_request(
                        &self.scenario,
                        &chain,
                        &mut requests,
                        &mut log,
                        now,
                        asker,
                        order,
                    );
                });
            return;
        }
        if order.is_information() {
            let node = by.unwrap_or(self.world.resource::<command::Chain>().hq);
            if let Err(refused) = self.send_information(node, &order) {
                let now = self.now();
                let reason = order::OrderRefusal::Information {
                    en: refused.to_string(),
                    zh: refused.text(true),
                };
                let order = order.to_string();
                let mut log = self.world.resource_mut::<EventLog>();
                log.record(now, || EventKind::OrderRefused { order, reason });
            }
            return;
        }
        let scenario = &self.scenario;
        let now = self.now();
        // Orders to teams travel down the chain; the HQ's own acts take effect at once.
        let latency = match order {
            Order::DeclareLevel { .. } | Order::Priority { .. } | Order::RequestAid { .. } => 0,
            _ => scenario.plan.command.order_latency.as_minutes().max(1),
        };
        let by_node = by;
        let by = {
            let chain = self.world.resource::<command::Chain>();
            chain.ids[by.unwrap_or(chain.hq)].clone()
        };
        // A team with an order on its way is not the doctrine's to task.
        if let Some(team) = order.tasked_team()
            && let Some(index) = scenario.teams.iter().position(|t| t.id == team)
        {
            let entity = self.world.resource::<TeamEntities>().0[index];
            if let Some(mut state) = self.world.get_mut::<TeamState>(entity) {
                state.order_in_flight = true;
            }
        }
        let mut log = self.world.resource_mut::<EventLog>();
        log.record(now, || EventKind::OrderIssued {
            source,
            by,
            order: order.to_string(),
            latency_min: latency,
        });
        // An HQ above the county declares on its own earthquake ladder, not the county's.
        if let (Order::DeclareLevel { level }, Some(node)) = (&order, by_node)
            && self.world.resource::<command::Chain>().kinds[node].is_above_county()
        {
            let ordered = (node, crate::scenario::Ladder::Earthquake, *level, source);
            self.world
                .resource_mut::<command::Levels>()
                .ordered
                .push(ordered);
            return;
        }
        let mut orders = self.world.resource_mut::<PendingOrders>();
        orders.give(order, source, now + latency, None);
    }

    /// Runs to `until`, giving each scripted order when the clock reaches its time.
    pub fn run_script(
        &mut self,
        script: &[order::ScriptedOrder],
        until: u32,
    ) -> Result<(), (usize, OrderError)> {
        let mut next = 0;
        while self.now() < until {
            while let Some(s) = script.get(next).filter(|s| s.at <= self.now()) {
                self.apply_from(s.order.clone(), "script")
                    .map_err(|e| (s.line, e))?;
                next += 1;
            }
            self.step();
        }
        Ok(())
    }

    /// The events logged so far.
    pub fn events(&self) -> &[Event] {
        &self.world.resource::<EventLog>().events
    }

    /// Residents by state, summed over every place.
    pub fn population(&mut self) -> Cohort {
        let mut total = Cohort::default();
        let mut query = self.world.query::<&Cohort>();
        for c in query.iter(&self.world) {
            total.unaffected += c.unaffected;
            total.displaced += c.displaced;
            total.trapped += c.trapped;
            total.injured_waiting += c.injured_waiting;
            total.in_transport += c.in_transport;
            total.hospitalised += c.hospitalised;
            total.dead += c.dead;
            total.evacuating += c.evacuating;
            total.evacuated += c.evacuated;
            total.relieved += c.relieved;
            total.moved_out += c.moved_out;
            total.displaced_ever += c.displaced_ever;
            total.moved_out_ever += c.moved_out_ever;
        }
        total
    }

    /// Beds left, summed over hospitals.
    pub fn beds_free(&mut self) -> u64 {
        let mut query = self.world.query::<&HospitalState>();
        query.iter(&self.world).map(|h| h.beds_free as u64).sum()
    }

    /// KPIs and curves as of now.
    pub fn outcome(&mut self) -> Outcome {
        let mut sites = self.world.query::<&RescueSite>();
        let mut first_response: Vec<(u32, Option<u32>, bool)> = sites
            .iter(&self.world)
            .map(|s| (s.onset, s.first_team_at, s.closed))
            .collect();
        first_response.sort();
        let now = self.now();
        let unaccounted: u64 = sites
            .iter(&self.world)
            .map(|s| (s.unaccounted_at(now) + s.remaining()) as u64)
            .sum();
        let tally = self.world.resource::<Tally>();
        let levels = self.world.resource::<command::Levels>();
        let kpis = kpi::compute(&kpi::KpiInputs {
            tally,
            first_response: &first_response,
            now,
            roads_blocked_now: self.world.resource::<RoadNetwork>().blocked_count,
            has_aviation: self
                .scenario
                .teams
                .iter()
                .any(|t| t.kind == TeamKind::Aviation),
            reports_on_time: self.world.resource::<command::Duties>().on_time_share(now),
            relief_within_4h: {
                let relief = self.world.resource::<relief::Relief>();
                relief.within_4h(now, relief::waiting_past_deadline(relief, now))
            },
            warning_coverage: self.world.resource::<warning::Exposures>().coverage(),
            evacuated_before_impact: self
                .world
                .resource::<warning::Exposures>()
                .evacuated_share(),
            major_accidents: {
                let h = self.world.resource::<hazards::HazardState>();
                h.accident_possible.then_some(h.major_accidents as f64)
            },
            response_level_peak: levels.declared_peak().map(|l| l.number() as f64),
            level_lag_min: levels.lag(now),
            missing: unaccounted,
            relief_level_peak: {
                let chain = self.world.resource::<command::Chain>();
                levels
                    .peak(chain.hq, crate::scenario::Ladder::Relief)
                    .map(|l| l.number() as f64)
            },
            province_level_peak: levels
                .peak_of(
                    crate::scenario::Government::Province,
                    crate::scenario::Ladder::Earthquake,
                )
                .map(|l| l.number() as f64),
            nation_level_peak: levels
                .peak_of(
                    crate::scenario::Government::Nation,
                    crate::scenario::Ladder::Earthquake,
                )
                .map(|l| l.number() as f64),
        });
        Outcome {
            sim_minutes: now,
            kpis,
            hourly: tally.hourly.clone(),
            roads_still_blocked: self.world.resource::<RoadNetwork>().blocked_count,
            incidents_unreached: first_response
                .iter()
                .filter(|(_, first, closed)| first.is_none() && !closed)
                .count(),
            levels: self.world.resource::<command::Levels>().timeline.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_schedule_has_no_ordering_ambiguity() {
        let loaded = crate::scenario::load_str(crate::template::TEMPLATE, "template.ron").unwrap();
        let mut sim = Sim::new(loaded.scenario, RunSeed::new(1));
        let result = sim.schedule.initialize(&mut sim.world);
        assert!(
            result.is_ok(),
            "schedule failed to build: ambiguous system order"
        );
    }
}
