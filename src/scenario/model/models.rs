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
    /// When a county HQ's doctrine requests support.
    pub support: Support,
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
    /// Drowning mortality in an outburst (flash) flood.
    pub outburst_mortality: f64,
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
