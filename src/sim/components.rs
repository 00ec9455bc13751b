//! Components: the state of the things that act or are acted on.
//!
//! People are not entities: they are counts per place and state ([`Cohort`]). Entities are
//! places, incidents (rescue sites), teams, hospitals and hazard events. State that flips often
//! (a team's status) is an enum field, not a component added and removed.

use bevy_ecs::prelude::*;
use bevy_ecs::system::SystemParam;

use crate::scenario::Scenario;
use crate::scenario::model::{FieldCommand, HazardKind, Reporting};
#[cfg(debug_assertions)]
use crate::sim::resources::ScenarioData;
use crate::sim::resources::{Clock, PlaceEntities, Tally};

/// A place of the region; `index` is its position in `Scenario::region.places`.
#[derive(Component, Debug, Clone, Copy)]
pub struct PlaceRef {
    pub index: usize,
}

/// Residents of one place by state. The sum over states never changes: people move between
/// states, they never appear or vanish.
#[derive(Component, Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Cohort {
    /// Not (yet) harmed or displaced.
    pub unaffected: u32,
    /// Homeless but unhurt (house collapsed or uninhabitable, or freed unhurt).
    pub displaced: u32,
    /// Trapped in rubble, alive.
    pub trapped: u32,
    /// Injured, waiting for transport to hospital.
    pub injured_waiting: u32,
    /// Injured, in an ambulance.
    pub in_transport: u32,
    /// Admitted to hospital.
    pub hospitalised: u32,
    /// Dead.
    pub dead: u32,
    /// Warned and leaving, on their way to a shelter.
    pub evacuating: u32,
    /// Evacuated: at a shelter or safe elsewhere.
    pub evacuated: u32,
    /// Displaced people who have shelter, food and water.
    pub relieved: u32,
    /// Not a state: how many have ever been displaced here (relief registers them).
    pub displaced_ever: u32,
}

impl Cohort {
    /// Makes `n` people displaced (they were taken out of another state by the caller).
    pub fn displace(&mut self, n: u32) {
        self.displaced += n;
        self.displaced_ever += n;
    }

    pub fn total(&self) -> u64 {
        self.evacuating as u64
            + self.evacuated as u64
            + self.relieved as u64
            + self.unaffected as u64
            + self.displaced as u64
            + self.trapped as u64
            + self.injured_waiting as u64
            + self.in_transport as u64
            + self.hospitalised as u64
            + self.dead as u64
    }
}

/// Places whose people changed since the system asking last ran (changes it made itself are
/// not included: it knows them).
pub type ChangedCohorts<'w, 's> =
    Query<'w, 's, (&'static PlaceRef, &'static Cohort), Changed<Cohort>>;

/// The people whom rescues, deaths and injuries move: each place's cohort (by place index),
/// and the running totals behind the KPIs.
#[derive(SystemParam)]
pub struct People<'w, 's> {
    pub place_entities: Res<'w, PlaceEntities>,
    pub cohorts: Query<'w, 's, &'static mut Cohort>,
    pub tally: ResMut<'w, Tally>,
}

/// Shaking felt at a place by the strongest earthquake so far.
#[derive(Component, Debug, Clone, Copy, Default)]
pub struct Shaking {
    pub intensity: f64,
}

/// One trapped person: when they would die, and when neighbours would free them.
#[derive(Debug, Clone, Copy)]
pub struct Victim {
    /// Minute of death if nobody frees them first.
    pub death_at: u32,
    /// Minute neighbours free them, `u32::MAX` if they cannot (heavily trapped, or not reached).
    pub local_free_at: u32,
    pub heavy: bool,
    /// Whether they come out injured (needing hospital) if freed alive.
    pub injured: bool,
}

impl Victim {
    /// The minute this victim's fate is settled without a team.
    pub fn resolves_at(&self) -> u32 {
        self.death_at.min(self.local_free_at)
    }
}

/// A collapse incident at a place: trapped people waiting for rescue.
#[derive(Component, Debug)]
pub struct RescueSite {
    pub id: String,
    pub place: usize,
    pub onset: u32,
    /// Still-trapped victims, sorted by [`Victim::resolves_at`]; those before `cursor` are
    /// settled (dead or freed) and no longer counted.
    pub victims: Vec<Victim>,
    pub cursor: usize,
    /// Heavily trapped people still trapped.
    pub heavy_remaining: u32,
    pub trapped_initial: u32,
    /// People killed outright where the incident is (found with it).
    pub killed_outright: u32,
    /// Teams assigned (travelling or working).
    pub teams_assigned: u32,
    /// Teams the doctrine has ordered here whose orders are still on their way.
    pub reserved: u32,
    pub first_team_at: Option<u32>,
    /// Whether every victim is accounted for (freed or dead).
    pub closed: bool,
    /// Minute the incident was settled.
    pub closed_at: Option<u32>,
    /// Who knows about it and what has been reported.
    pub reporting: SiteReporting,
}

/// Marks a rescue site whose incident is over and fully reported (closed, the verified report
/// made, no follow-up or field-post report still owed): the per-tick scans over sites pass it
/// by. Lookups by entity still find it.
#[derive(Component, Debug, Clone, Copy)]
pub struct Settled;

/// The systems that work site by site.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SiteWork {
    /// `settle_trapped`: victims' fates.
    Fates,
    /// `notice_incidents`: incidents noticed.
    Notices,
    /// `send_scheduled_reports`: written, follow-up and verified reports.
    Reports,
    /// `run_field_command`: posts, size-ups and situation reports.
    FieldCommand,
}

impl SiteWork {
    /// When this system next has work at `site` under `scenario`'s plan.
    pub fn next_at(self, scenario: &Scenario, site: &RescueSite) -> u32 {
        match self {
            SiteWork::Fates => site.next_fate(),
            SiteWork::Notices => site.next_notice(),
            SiteWork::Reports => site.next_report(&scenario.plan.reporting),
            SiteWork::FieldCommand => site.next_field_work(&scenario.plan.field_command),
        }
    }
}

/// For each system that works site by site, the minute from which it may next have work: a
/// lower bound, exact after the system's own run (the earliest over the open sites), lowered by
/// whoever changes a site so that it has work sooner (noticing or closing an incident for the
/// reports, a team's arrival or a post set up by order for the field commander), and passed by
/// when a site opens. Debug builds check on every tick that it is no later than the sites say.
#[derive(Resource, Debug, Default)]
pub struct SiteAgenda([u32; 4]);

impl SiteAgenda {
    /// The minute `work` may next have something to do.
    pub fn next(&self, work: SiteWork) -> u32 {
        self.0[work as usize]
    }

    /// After `work`'s run: the earliest minute any open site has work for it.
    pub fn reckon<'a>(
        &mut self,
        work: SiteWork,
        scenario: &Scenario,
        sites: impl Iterator<Item = (Entity, &'a RescueSite)>,
    ) {
        self.0[work as usize] = sites
            .map(|(_, site)| work.next_at(scenario, site))
            .min()
            .unwrap_or(u32::MAX);
    }

    /// `site` changed so that `work` may have something to do there sooner.
    pub fn lower(&mut self, work: SiteWork, scenario: &Scenario, site: &RescueSite) {
        let slot = &mut self.0[work as usize];
        *slot = (*slot).min(work.next_at(scenario, site));
    }
}

/// Unsettled rescue sites opened since the asking condition last ran.
type OpenedSites<'w, 's> = Query<'w, 's, (), (Added<RescueSite>, Without<Settled>)>;

/// The unsettled rescue sites, read-only.
#[cfg(debug_assertions)]
type OpenSites<'w, 's> = Query<'w, 's, (Entity, &'static RescueSite), Without<Settled>>;

/// What a debug build reads to check an agenda against the sites (nothing in a release build).
#[cfg(debug_assertions)]
type AgendaCheck<'w, 's> = (Res<'w, ScenarioData>, OpenSites<'w, 's>);
#[cfg(not(debug_assertions))]
type AgendaCheck = ();

/// The run condition of the system doing `work`: its agenda minute comes before the end of the
/// tick, or a site opened since it last looked. Debug builds also check that the agenda is no
/// later than the open sites say.
pub fn site_work_due(
    work: SiteWork,
) -> impl FnMut(Res<Clock>, Res<SiteAgenda>, OpenedSites, AgendaCheck) -> bool {
    move |clock, agenda, opened, _check| {
        let next = agenda.next(work);
        #[cfg(debug_assertions)]
        if opened.is_empty() {
            let (data, sites) = _check;
            let truth = sites
                .iter()
                .map(|(_, site)| work.next_at(&data.0, site))
                .min()
                .unwrap_or(u32::MAX);
            assert!(
                next <= truth,
                "{work:?}: agenda at minute {next}, but a site has work at {truth}"
            );
        }
        next < clock.tick_end() || !opened.is_empty()
    }
}

/// The reporting state of one incident.
#[derive(Debug, Clone, Default)]
pub struct SiteReporting {
    /// Minute the local command notices it (drawn once).
    pub notice_at: Option<u32>,
    pub noticed: bool,
    /// The node that reports it (its village or town command).
    pub reporter: usize,
    pub written_sent: bool,
    /// Follow-up reports sent so far.
    pub followups_sent: u32,
    pub verified_sent: bool,
    /// The field command post, once set up.
    pub post: Option<FieldPost>,
    /// Minute the doctrine's field commander will set the post up.
    pub post_due: Option<u32>,
}

/// A field command post (现场指挥部) at an incident.
#[derive(Debug, Clone)]
pub struct FieldPost {
    pub set_up_at: u32,
    /// The field commander: the leader of the first team on scene.
    pub commander: String,
    pub sizeup_sent: bool,
    pub sitreps_sent: u32,
}

/// The field post's timing rules, in one place: the size-up is due `sizeup_within` after the
/// post is set up and sent five minutes early (at least a minute after set-up); situation
/// reports are due every `sitrep_every` from set-up and sent two minutes early.
impl FieldPost {
    /// Minute the size-up is due.
    pub fn sizeup_due(&self, f: &FieldCommand) -> u32 {
        self.set_up_at + f.sizeup_within.as_minutes()
    }

    /// Minute the size-up is sent.
    pub fn sizeup_send_at(&self, f: &FieldCommand) -> u32 {
        self.set_up_at + f.sizeup_within.as_minutes().saturating_sub(5).max(1)
    }

    /// Minute the next situation report is due.
    pub fn next_sitrep_due(&self, f: &FieldCommand) -> u32 {
        let every = f.sitrep_every.as_minutes().max(1);
        self.set_up_at + every * (self.sitreps_sent + 1)
    }

    /// Minute the next situation report is sent.
    pub fn next_sitrep_send_at(&self, f: &FieldCommand) -> u32 {
        self.next_sitrep_due(f).saturating_sub(2)
    }
}

impl RescueSite {
    /// People still trapped alive.
    pub fn remaining(&self) -> u32 {
        (self.victims.len() - self.cursor) as u32
    }

    /// When `settle_trapped` next has work here: the next victim's fate (due before the end of
    /// the tick it falls in). Teams freeing people only make it later.
    pub fn next_fate(&self) -> u32 {
        if self.closed {
            return u32::MAX;
        }
        self.victims
            .get(self.cursor)
            .map_or(u32::MAX, Victim::resolves_at)
    }

    /// When `notice_incidents` next has work here: at once for a new incident (its notice
    /// delay is drawn), else when it is noticed.
    pub fn next_notice(&self) -> u32 {
        match self.reporting.notice_at {
            None => 0,
            Some(_) if self.reporting.noticed => u32::MAX,
            Some(t) => t,
        }
    }

    /// When `send_scheduled_reports` next has work here: the earliest of the written report,
    /// the next follow-up (sent two phone hops early) and the verified report.
    pub fn next_report(&self, r: &Reporting) -> u32 {
        if !self.reporting.noticed {
            return u32::MAX;
        }
        [
            self.written_report_at(r),
            self.next_followup_due(r)
                .map(|due| Self::followup_send_at(due, r)),
            self.verified_report_at(r),
        ]
        .into_iter()
        .flatten()
        .min()
        .unwrap_or(u32::MAX)
    }

    /// Minute the written report is sent (it takes `written_prep` after noticing), while unsent.
    pub fn written_report_at(&self, r: &Reporting) -> Option<u32> {
        let rep = &self.reporting;
        (!rep.written_sent)
            .then(|| rep.notice_at.unwrap_or(self.onset) + r.written_prep.as_minutes())
    }

    /// Minute the next follow-up report is due: they are due every `followup_every` from onset
    /// while the incident is open (none falls due after it closed).
    pub fn next_followup_due(&self, r: &Reporting) -> Option<u32> {
        let every = r.followup_every.as_minutes().max(1);
        let due = self.onset + every * (self.reporting.followups_sent + 1);
        (due <= self.closed_at.unwrap_or(u32::MAX)).then_some(due)
    }

    /// Minute a follow-up due at `due` is sent: two phone hops early.
    pub fn followup_send_at(due: u32, r: &Reporting) -> u32 {
        due.saturating_sub(2 * r.phone_hop.as_minutes())
    }

    /// Minute the verified report is sent (`written_prep` after closing), while unsent.
    pub fn verified_report_at(&self, r: &Reporting) -> Option<u32> {
        let closed_at = self.closed_at?;
        (!self.reporting.verified_sent).then(|| closed_at + r.written_prep.as_minutes())
    }

    /// When `run_field_command` next has work here: setting up a post (once a team is there at
    /// a large incident), its size-up, its next situation report (sent two minutes early).
    pub fn next_field_work(&self, f: &FieldCommand) -> u32 {
        if self.trapped_initial < f.post_at_trapped || self.first_team_at.is_none() {
            return u32::MAX;
        }
        match &self.reporting.post {
            None if self.closed => u32::MAX,
            None => self.reporting.post_due.unwrap_or(0),
            Some(post) if !post.sizeup_sent => post.sizeup_send_at(f),
            Some(_) if self.closed => u32::MAX,
            Some(post) => post.next_sitrep_send_at(f),
        }
    }
}

/// A team; `index` is its position in `Scenario::teams`.
#[derive(Component, Debug, Clone, Copy)]
pub struct TeamRef {
    pub index: usize,
}

/// What a team has been tasked with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Task {
    /// Extricate trapped people at the rescue site entity.
    Rescue(Entity),
    /// Clear a blocked road link (index into the network).
    ClearRoad(usize),
    /// Return to base.
    ReturnToBase,
}

/// ICS-like status of a team.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TeamStatus {
    /// Ready for tasking at `TeamState::location`.
    Available,
    /// Assembling at base before its first deployment.
    Mobilising { until: u32 },
    /// Travelling to `TeamState::location`.
    EnRoute { arrive_at: u32 },
    /// Working on its task at `TeamState::location`.
    Working,
    /// Resting after a shift.
    Resting { until: u32 },
}

impl TeamStatus {
    /// The status without its minutes: what the HQ is told and the front ends show.
    pub fn kind(&self) -> TeamStatusKind {
        match self {
            TeamStatus::Available => TeamStatusKind::Available,
            TeamStatus::Mobilising { .. } => TeamStatusKind::Mobilising,
            TeamStatus::EnRoute { .. } => TeamStatusKind::EnRoute,
            TeamStatus::Working => TeamStatusKind::Working,
            TeamStatus::Resting { .. } => TeamStatusKind::Resting,
        }
    }

    pub fn name(&self) -> &'static str {
        self.kind().name()
    }
}

/// A team's status as reported and shown: [`TeamStatus`] without its minutes. Front ends match
/// on it exhaustively, so a new status does not compile until it has its labels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TeamStatusKind {
    Available,
    Mobilising,
    EnRoute,
    Working,
    Resting,
}

impl TeamStatusKind {
    /// Every status, in the order a team usually goes through them.
    pub const ALL: [TeamStatusKind; 5] = [
        TeamStatusKind::Available,
        TeamStatusKind::Mobilising,
        TeamStatusKind::EnRoute,
        TeamStatusKind::Working,
        TeamStatusKind::Resting,
    ];

    /// The name in JSON and logs.
    pub fn name(self) -> &'static str {
        match self {
            TeamStatusKind::Available => "available",
            TeamStatusKind::Mobilising => "mobilising",
            TeamStatusKind::EnRoute => "en_route",
            TeamStatusKind::Working => "working",
            TeamStatusKind::Resting => "resting",
        }
    }
}

/// A team's changing state.
#[derive(Component, Debug, Clone)]
pub struct TeamState {
    pub status: TeamStatus,
    /// Where it is, or where it is heading while en route.
    pub location: usize,
    /// Where it set out from, while en route.
    pub origin: usize,
    pub depart_at: u32,
    /// When it reaches `location` (meaningful while mobilising or en route).
    pub arrive_at: u32,
    pub task: Option<Task>,
    /// Whether it has mobilised (mobilisation happens once).
    pub mobilised: bool,
    /// Start of the current shift (set when it leaves base or wakes).
    pub shift_start: u32,
    /// Minutes of work banked towards the current victim or clearance.
    pub progress_min: f64,
    /// Minutes the current victim takes (0 until one is chosen).
    pub current_cost_min: f64,
    /// Whether the current victim is heavily trapped.
    pub current_heavy: bool,
    /// Held back by the plan's reserve rule.
    pub reserve: bool,
    /// Released by the graded response (teams whose kind waits for a level start inactive).
    pub active: bool,
    /// Minute it last became available (its HQ learns of it a report latency later).
    pub available_since: u32,
    /// An order to it is on its way.
    pub order_in_flight: bool,
}

/// A hospital's beds and ambulances.
#[derive(Component, Debug, Clone)]
pub struct HospitalState {
    pub index: usize,
    pub place: usize,
    pub beds_free: u32,
    /// Minute each ambulance is next free.
    pub ambulance_free_at: Vec<u32>,
}

/// An earthquake waiting to strike: a mainshock from the scenario or a drawn aftershock.
#[derive(Component, Debug, Clone)]
pub struct PendingQuake {
    pub quake: crate::scenario::Earthquake,
    pub aftershock: bool,
    /// Seed of the generator its damage samples from (drawn for aftershocks, whose damage
    /// depends on who has left; mainshocks use the hazard stream directly).
    pub seed: Option<u64>,
    pub struck: bool,
}

/// A hazard scheduled to strike a place: what every kind has, and all that monitoring sees of it.
/// What the kind itself carries is the same entity's `hazards::HazardPayload`.
#[derive(Component, Debug, Clone)]
pub struct PendingHazard {
    pub id: String,
    pub kind: HazardKind,
    pub place: usize,
    pub at: u32,
    /// What caused it (a hazard id, a river, `rain`, or `scenario`).
    pub cause: String,
    /// Seed of the generator its impact samples from.
    pub seed: u64,
    /// Places downstream it threatens too (a barrier lake's breach: every place its wave would
    /// reach): a forecast of it warns them with its own place.
    pub downstream: Vec<usize>,
    pub done: bool,
}

/// Rain and the hazards scheduled so far (read by monitoring and by teams on the road).
#[derive(Resource, Debug, Default)]
pub struct HazardState {
    /// Rain accumulated at each place since its storm began, mm.
    pub rain_mm: Vec<f64>,
    /// Current rain rate at each place, mm/h.
    pub rain_rate: Vec<f64>,
    /// Minute rain began at each place.
    pub wet_since: Vec<Option<u32>>,
    /// (rule, place) pairs already drawn for rain rules: each fires at most once per place.
    pub rain_rules_drawn: std::collections::BTreeSet<(usize, usize)>,
    /// Rivers already in flood.
    pub rivers_flooded: Vec<bool>,
    /// Sequence number for hazard ids.
    pub next_id: u64,
    /// Rain rate of each storm at each place while it rains, mm/h (the pattern is fixed).
    pub storm_rates: Vec<Vec<f64>>,
    /// Production-safety accidents graded 较大 (Ⅲ) or above.
    pub major_accidents: u32,
    /// Whether any hazard that production-safety grading applies to happened.
    pub accident_possible: bool,
}
