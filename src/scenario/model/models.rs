//! Model parameters, validated: what the simulation's models read.

use serde::{Deserialize, Serialize};

use crate::scenario::units::Duration;

/// Model parameters: the scenario's, or the defaults of docs/models.md where it gives none.
#[derive(Debug, Clone, PartialEq)]
pub struct Models {
    /// Survival of trapped people.
    pub survival: Survival,
    /// Earthquake intensity attenuation.
    pub attenuation: Attenuation,
    /// Building vulnerability classes and their fragility curves.
    pub fragility: Vec<Fragility>,
    /// Casualties from damaged buildings.
    pub casualties: Casualty,
    /// Self- and mutual rescue by residents.
    pub local_rescue: LocalRescue,
    /// Roads: speeds and damage.
    pub roads: RoadModel,
    /// Ambulance transport of the injured.
    pub ambulance: Ambulance,
    /// Damage to comms towers.
    pub comms: Comms,
    /// Landslides, debris flows, barrier lakes, floods, chemical releases, fires.
    pub secondary: Secondary,
    /// Relief logistics.
    pub relief: Relief,
    /// Emergency relocation (紧急转移安置) of people whose homes still stand.
    pub relocation: Relocation,
    /// Teams: work by size, access on foot past blocked roads.
    pub teams: TeamModel,
    /// What the local commands learn of their dead and missing, and when.
    pub information: Information,
    /// Barrier lakes: the lake, its breach and the wave downstream.
    pub outburst: Outburst,
    /// When a county HQ's doctrine requests support.
    pub support: Support,
}

/// Emergency relocation beyond the homeless (docs/models.md §6a).
#[derive(Debug, Clone, PartialEq)]
pub struct Relocation {
    /// Share of the residents of moderately damaged houses who move out until inspected.
    pub moderate_share: f64,
    /// Aftershock fear: no one leaves below this intensity.
    pub fear_from_intensity: f64,
    /// The fear share reaches `fear_max_share` at this intensity (linear in between).
    pub fear_full_intensity: f64,
    /// The most of those still at home who leave for fear of aftershocks.
    pub fear_max_share: f64,
    /// Mountain places shaken to at least this intensity have people moved off dangerous slopes.
    pub slope_from_intensity: f64,
    /// Share of those still at home there who are moved out.
    pub slope_share: f64,
}

impl Relocation {
    /// Share of those still at home who leave for fear of aftershocks at `intensity`.
    pub fn fear_share(&self, intensity: f64) -> f64 {
        if intensity <= self.fear_from_intensity {
            return 0.0;
        }
        // Validation keeps `fear_full_intensity` above `fear_from_intensity`.
        let span = (self.fear_full_intensity - self.fear_from_intensity).max(1e-9);
        self.fear_max_share * ((intensity - self.fear_from_intensity) / span).min(1.0)
    }
}

/// Teams: how their size scales their work, and how they reach a place past blocked roads.
#[derive(Debug, Clone, PartialEq)]
pub struct TeamModel {
    /// People in the team a capability's `rate` is written for (INSARAG: ≈ 30 per site).
    pub reference_size: u32,
    /// Walking speed over rubble, km/h.
    pub foot_speed_kmh: f64,
    /// The longest walk from the end of the open road, km.
    pub max_foot_km: f64,
    /// Share of its rate a team works at with the light kit it walked in with.
    pub light_kit_factor: f64,
    /// Minutes after a team walks in until its equipment follows.
    pub kit_follows_min: u32,
}

impl TeamModel {
    /// How much faster than a team of the reference size a team of `size` people works.
    pub fn size_factor(&self, size: u32) -> f64 {
        size as f64 / self.reference_size.max(1) as f64
    }
}

/// How the dead and missing of an incident become known (sources and defaults in
/// `spec::InformationSpec` and docs/models.md).
#[derive(Debug, Clone, PartialEq)]
pub struct Information {
    /// Share of people killed outright whose death is known at once.
    pub seen_dead_share: f64,
    /// Mean time for neighbours to recover a buried body, no team on scene.
    pub local_recovery_mean: Duration,
    /// Share of the bodies not seen at once that are never found.
    pub never_found_share: f64,
    /// Mean time for a team on scene to recover a buried body.
    pub team_recovery_mean: Duration,
    /// Mean time from a body found to the death verified.
    pub verify_mean: Duration,
    /// Mean time to count who is unaccounted for.
    pub tally_mean: Duration,
    /// Chance, per person unaccounted for, of one more wrongly reported missing.
    pub false_missing_share: f64,
    /// Mean time to locate a person wrongly reported missing.
    pub located_mean: Duration,
    /// Mean time before an isolated place gets word out.
    pub isolated_report_mean: Duration,
}

/// Weibull survival of trapped people, S(t) = exp(−(t/λ)^k).
#[derive(Debug, Clone, PartialEq)]
pub struct Survival {
    /// Shape k (Tangshan fit: 1.1).
    pub shape: f64,
    /// Scale λ in days (summer 2.2, winter or heavy collapse 1.4).
    pub scale_days: f64,
}

/// Intensity attenuation, elliptical: I = a + b·M − c·lg(R + r0) on the long and short axes
/// (Wang Suyun et al. 2000, western China); the place's intensity is read on the ellipse.
#[derive(Debug, Clone, PartialEq)]
pub struct Attenuation {
    /// Long-axis coefficients.
    pub long_axis: AttenuationAxis,
    /// Short-axis coefficients.
    pub short_axis: AttenuationAxis,
    /// Azimuth of the long axis (fault strike), degrees clockwise from north.
    pub strike_deg: f64,
    /// Peak ground acceleration at intensity VII, g (GB/T 17742-2008: 0.125).
    pub pga_at_vii_g: f64,
    /// PGA multiplies by this for each intensity degree (GB/T 17742-2008: 2).
    pub pga_factor_per_degree: f64,
}

/// HAZUS-style lognormal fragility of one building class.
#[derive(Debug, Clone, PartialEq)]
pub struct Fragility {
    /// Class id referenced by `housing`.
    pub class: String,
    /// Median PGA (g) for slight, moderate, extensive, complete damage.
    pub medians_g: Vec<f64>,
    /// Lognormal dispersion β.
    pub beta: f64,
    /// Share of completely damaged buildings that collapse.
    pub collapse_share: f64,
}

/// Casualties among occupants of damaged buildings.
#[derive(Debug, Clone, PartialEq)]
pub struct Casualty {
    /// Residents indoors at night (22:00–06:00).
    pub occupancy_night: f64,
    /// Residents indoors by day.
    pub occupancy_day: f64,
    /// People per building.
    pub household_size: f64,
    /// Occupants of collapsed buildings killed outright.
    pub killed_in_collapse: f64,
    /// Occupants of collapsed buildings trapped alive.
    pub trapped_in_collapse: f64,
    /// Occupants of collapsed buildings injured but not trapped.
    pub injured_in_collapse: f64,
    /// Share of trapped people who are heavily trapped (need a team).
    pub heavily_trapped_share: f64,
    /// Occupants of completely damaged, not collapsed buildings injured.
    pub injured_in_complete: f64,
    /// Occupants of extensively damaged buildings injured.
    pub injured_in_extensive: f64,
    /// Share of people freed alive who are injured and need hospital care.
    pub rescued_injured_share: f64,
    /// Light injuries (HAZUS severity 1: first aid, no hospital bed). In a collapse, a share of
    /// the occupants indoors neither killed, trapped nor severely injured; otherwise shares of
    /// the occupants indoors: complete, extensive, moderate, slight damage.
    pub light_in_collapse: f64,
    pub light_in_complete: f64,
    pub light_in_extensive: f64,
    pub light_in_moderate: f64,
    pub light_in_slight: f64,
}

/// Self- and mutual rescue by residents of lightly trapped people.
#[derive(Debug, Clone, PartialEq)]
pub struct LocalRescue {
    /// Chance a lightly trapped person is freed by neighbours in an ordinary community.
    pub freed_share_basic: f64,
    /// The same in a demonstration community.
    pub freed_share_demonstration: f64,
    /// Mean time until neighbours free someone they will free (exponential).
    pub mean_time: Duration,
    /// How many times faster a team frees a lightly trapped person than a heavily trapped one.
    pub light_speedup: f64,
}

/// Road speeds and earthquake damage to links.
#[derive(Debug, Clone, PartialEq)]
pub struct RoadModel {
    /// Free-flow speed multiplier by class relative to a team's county-road speed:
    /// expressway, national, provincial, county, village.
    pub class_speed_factor: Vec<f64>,
    /// Speed factor on a degraded link (damaged mountain road ≈ 20 km/h of 50).
    pub degraded_speed_factor: f64,
    /// Median PGA (g) at which a flat/hilly link is degraded.
    pub degrade_median_g: f64,
    /// Median PGA (g) at which a flat/hilly link is blocked.
    pub block_median_g: f64,
    /// Medians are divided by this on `Mountain` links.
    pub mountain_susceptibility: f64,
    /// Medians are divided by this on `Hilly` links.
    pub hilly_susceptibility: f64,
    /// Medians are also divided by this by road class: expressway … village.
    pub class_susceptibility: Vec<f64>,
    /// Lognormal dispersion of road damage.
    pub beta: f64,
    /// Clearance work (team-hours) to reopen a blocked link: (min, max), uniform.
    pub clear_work_hours: (f64, f64),
}

/// Ambulance transport of the injured to hospital.
#[derive(Debug, Clone, PartialEq)]
pub struct Ambulance {
    /// Patients per trip.
    pub capacity: u32,
    /// Ambulance speed on an open county road, km/h.
    pub speed_kmh: f64,
    /// Loading and hand-over time per trip.
    pub turnaround: Duration,
}

/// Comms towers fail on a lognormal fragility curve of the shaking at the tower.
#[derive(Debug, Clone, PartialEq)]
pub struct Comms {
    /// Median PGA (g) at which a tower fails (power loss, damage).
    pub tower_median_g: f64,
    /// Lognormal dispersion.
    pub beta: f64,
}

/// Parameters of the secondary hazards.
#[derive(Debug, Clone, PartialEq)]
pub struct Secondary {
    /// Intensity–duration threshold I = a·D^(−b) (mm/h, h): Caine 1980 a = 14.82, b = 0.39.
    pub rain_threshold_a: f64,
    pub rain_threshold_b: f64,
    /// Share of a place's residents buried by a landslide (trapped).
    pub landslide_buried: f64,
    /// Share displaced by a landslide.
    pub landslide_displaced: f64,
    /// Debris flows bury this many times more.
    pub debris_flow_factor: f64,
    /// Hours for a barrier lake to flood the place upstream: (min, max).
    pub barrier_fill_h: (f64, f64),
    /// Drowning mortality of people caught by a river flood.
    pub flood_mortality: f64,
    /// Injured share of people caught by a flood.
    pub flood_injured: f64,
    /// Radius of a chemical plume's danger zone downwind, km.
    pub chemical_zone_km: f64,
    /// Share of a site's workers killed by a release.
    pub chemical_worker_deaths: f64,
    /// Share of exposed residents seriously injured.
    pub chemical_injured: f64,
    /// Share of exposed residents killed.
    pub chemical_deaths: f64,
    /// Mortality of people caught by a forest fire front.
    pub fire_mortality: f64,
    /// Share of an aftershock's displaced people back in damaged homes, trapped by further
    /// collapse.
    pub collapse_trapped: f64,
}

/// Barrier lakes (堰塞湖) and their outbursts; defaults and sources in the spec
/// (`OutburstSpec`) and docs/models.md §16.
#[derive(Debug, Clone, PartialEq)]
pub struct Outburst {
    /// Landslide-dam height, m: (min, max), log-uniform.
    pub dam_height_m: (f64, f64),
    /// Base inflow into the lake, m³/s: (min, max), log-uniform.
    pub inflow_m3s: (f64, f64),
    /// Event rain (mm) at the lake that doubles its inflow.
    pub inflow_doubling_rain_mm: f64,
    /// The valley: width (m), bed slope, Manning's n.
    pub valley_width_m: f64,
    pub slope: f64,
    pub manning_n: f64,
    /// Chance an overtopped dam breaches.
    pub breach_on_overtopping: f64,
    /// Hours from overtopping to the breach: (min, max), uniform.
    pub overtop_to_breach_h: (f64, f64),
    /// Share of a place's residents on the valley floor, and the depth (m) that floods all of it.
    pub flood_zone_share: f64,
    pub flood_zone_depth_m: f64,
    /// Share of houses there built of masonry or concrete.
    pub masonry_share: f64,
}

/// Relief logistics.
#[derive(Debug, Clone, PartialEq)]
pub struct Relief {
    /// Relief kits (a tent place, a day's food and water) per truck.
    pub kits_per_vehicle: u32,
    /// Truck speed on an open county road, km/h.
    pub vehicle_speed_kmh: f64,
    /// Loading and unloading per trip.
    pub turnaround: Duration,
}

/// When a county HQ's doctrine requests support (see `SupportSpec` for the sources).
#[derive(Debug, Clone, PartialEq)]
pub struct Support {
    /// Believed trapped per free rescue team above which the HQ asks.
    pub trapped_per_team: f64,
    /// Echelons asked for in one request.
    pub count: u32,
    /// Least minutes between two requests of one HQ.
    pub interval_min: u32,
}

/// Coefficients of one axis of the attenuation relation (a plain set of numbers, so the file
/// format reuses this type).
#[derive(Debug, Clone, Copy, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct AttenuationAxis {
    pub a: f64,
    pub b: f64,
    pub c: f64,
    pub r0: f64,
}
