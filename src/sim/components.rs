//! Components: the state of the things that act or are acted on.
//!
//! People are not entities: they are counts per place and state ([`Cohort`]). Entities are
//! places, incidents (rescue sites), teams, hospitals and hazard events. State that flips often
//! (a team's status) is an enum field, not a component added and removed.

use bevy_ecs::prelude::*;

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

/// Shaking felt at a place by the strongest earthquake so far.
#[derive(Component, Debug, Clone, Copy, Default)]
pub struct Shaking {
    pub intensity: f64,
    pub pga_g: f64,
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

impl RescueSite {
    /// People still trapped alive.
    pub fn remaining(&self) -> u32 {
        (self.victims.len() - self.cursor) as u32
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
    pub fn name(&self) -> &'static str {
        match self {
            TeamStatus::Available => "available",
            TeamStatus::Mobilising { .. } => "mobilising",
            TeamStatus::EnRoute { .. } => "en_route",
            TeamStatus::Working => "working",
            TeamStatus::Resting { .. } => "resting",
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
