//! Model parameters, each with its default and source.

use serde::{Deserialize, Serialize};

pub use crate::scenario::model::AttenuationAxis;

use crate::scenario::units::Duration;

mod aftermath;
pub use aftermath::{InformationSpec, OutburstSpec, RelocationSpec, TeamModelSpec};

/// Model parameters. Every field defaults to the value in docs/models.md.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ModelsSpec {
    /// Survival of trapped people.
    #[serde(default)]
    pub survival: SurvivalSpec,
    /// Earthquake intensity attenuation.
    #[serde(default)]
    pub attenuation: AttenuationSpec,
    /// Building vulnerability classes and their fragility curves.
    #[serde(default = "default_fragility")]
    pub fragility: Vec<FragilitySpec>,
    /// Casualties from damaged buildings.
    #[serde(default)]
    pub casualties: CasualtySpec,
    /// Self- and mutual rescue by residents.
    #[serde(default)]
    pub local_rescue: LocalRescueSpec,
    /// Roads: speeds and damage.
    #[serde(default)]
    pub roads: RoadModelSpec,
    /// Ambulance transport of the injured.
    #[serde(default)]
    pub ambulance: AmbulanceSpec,
    /// Damage to comms towers.
    #[serde(default)]
    pub comms: CommsSpec,
    /// Landslides, debris flows, barrier lakes, floods, chemical releases, fires.
    #[serde(default)]
    pub secondary: SecondarySpec,
    /// Relief logistics.
    #[serde(default)]
    pub relief: ReliefSpec,
    /// Emergency relocation (紧急转移安置) of people whose homes still stand.
    #[serde(default)]
    pub relocation: RelocationSpec,
    /// Teams: work by size, access on foot past blocked roads.
    #[serde(default)]
    pub teams: TeamModelSpec,
    /// What the local commands learn of their dead and missing, and when (discovery,
    /// verification, missing persons).
    #[serde(default)]
    pub information: InformationSpec,
    /// Barrier lakes (堰塞湖): the lake, its breach and the wave downstream.
    #[serde(default)]
    pub outburst: OutburstSpec,
    /// When a county HQ's doctrine requests support (请求支援) from the HQ above it.
    #[serde(default)]
    pub support: SupportSpec,
}

/// When a county HQ's doctrine asks the HQ above it for support: what it knows exceeds what it
/// has.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SupportSpec {
    /// People the HQ believes trapped, per rescue team of its own that is not yet working or
    /// on its way, above which it asks for support. [assumption] 20: a rescue team frees about
    /// 0.3 heavily trapped people an hour (the shipped teams' `Extrication` rates), some 20 in
    /// the 72 hours in which most survivors are found (docs/models.md, survival); more trapped
    /// than that per team cannot all be reached in time.
    pub trapped_per_team: f64,
    /// Echelons asked for in one request. [assumption] 2: a request names a force and a
    /// number; two keeps several echelons for later requests.
    pub count: u32,
    /// Least time between two requests of one HQ. [assumption] 6 h: one request per shift of
    /// the HQ's duty staff, long enough for an answer and the first echelon's approach.
    pub interval: Duration,
}

impl Default for SupportSpec {
    fn default() -> Self {
        SupportSpec {
            trapped_per_team: 20.0,
            count: 2,
            interval: Duration::minutes(360),
        }
    }
}

/// Parameters of the secondary hazards.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SecondarySpec {
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

impl Default for SecondarySpec {
    fn default() -> Self {
        SecondarySpec {
            rain_threshold_a: 14.82,
            rain_threshold_b: 0.39,
            landslide_buried: 0.004,
            landslide_displaced: 0.05,
            debris_flow_factor: 2.5,
            barrier_fill_h: (6.0, 24.0),
            flood_mortality: 0.002,
            flood_injured: 0.01,
            chemical_zone_km: 3.0,
            chemical_worker_deaths: 0.02,
            chemical_injured: 0.01,
            chemical_deaths: 0.0005,
            fire_mortality: 0.01,
            collapse_trapped: 0.002,
        }
    }
}

/// Relief logistics.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ReliefSpec {
    /// Relief kits (a tent place, a day's food and water) per truck.
    pub kits_per_vehicle: u32,
    /// Truck speed on an open county road, km/h.
    pub vehicle_speed_kmh: f64,
    /// Loading and unloading per trip.
    pub turnaround: Duration,
}

impl Default for ReliefSpec {
    fn default() -> Self {
        ReliefSpec {
            kits_per_vehicle: 400,
            vehicle_speed_kmh: 40.0,
            turnaround: Duration::minutes(40),
        }
    }
}

/// Comms towers fail on a lognormal fragility curve of the shaking at the tower.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct CommsSpec {
    /// Median PGA (g) at which a tower fails (power loss, damage).
    pub tower_median_g: f64,
    /// Lognormal dispersion.
    pub beta: f64,
}

impl Default for CommsSpec {
    fn default() -> Self {
        CommsSpec {
            tower_median_g: 0.45,
            beta: 0.6,
        }
    }
}

impl Default for ModelsSpec {
    fn default() -> Self {
        ModelsSpec {
            survival: SurvivalSpec::default(),
            attenuation: AttenuationSpec::default(),
            fragility: default_fragility(),
            casualties: CasualtySpec::default(),
            local_rescue: LocalRescueSpec::default(),
            roads: RoadModelSpec::default(),
            ambulance: AmbulanceSpec::default(),
            comms: CommsSpec::default(),
            secondary: SecondarySpec::default(),
            relief: ReliefSpec::default(),
            relocation: RelocationSpec::default(),
            teams: TeamModelSpec::default(),
            information: InformationSpec::default(),
            outburst: OutburstSpec::default(),
            support: SupportSpec::default(),
        }
    }
}

/// Weibull survival of trapped people, S(t) = exp(−(t/λ)^k).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SurvivalSpec {
    /// Shape k (Tangshan fit: 1.1).
    pub shape: f64,
    /// Scale λ in days (summer 2.2, winter or heavy collapse 1.4).
    pub scale_days: f64,
}

impl Default for SurvivalSpec {
    fn default() -> Self {
        SurvivalSpec {
            shape: 1.1,
            scale_days: 2.2,
        }
    }
}

/// Intensity attenuation, elliptical: I = a + b·M − c·lg(R + r0) on the long and short axes
/// (Wang Suyun et al. 2000, western China); the place's intensity is read on the ellipse.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct AttenuationSpec {
    /// Long-axis coefficients.
    pub long_axis: AttenuationAxis,
    /// Short-axis coefficients.
    pub short_axis: AttenuationAxis,
    /// Azimuth of the long axis (fault strike), degrees clockwise from north.
    #[serde(default)]
    pub strike_deg: f64,
    /// Peak ground acceleration at intensity VII, g (GB/T 17742-2008: 0.125).
    pub pga_at_vii_g: f64,
    /// PGA multiplies by this for each intensity degree (GB/T 17742-2008: 2).
    pub pga_factor_per_degree: f64,
}

impl Default for AttenuationSpec {
    fn default() -> Self {
        AttenuationSpec {
            long_axis: AttenuationAxis {
                a: 5.253,
                b: 1.398,
                c: 4.164,
                r0: 26.0,
            },
            short_axis: AttenuationAxis {
                a: 2.019,
                b: 1.398,
                c: 2.943,
                r0: 8.0,
            },
            strike_deg: 0.0,
            pga_at_vii_g: 0.125,
            pga_factor_per_degree: 2.0,
        }
    }
}

/// HAZUS-style lognormal fragility of one building class.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct FragilitySpec {
    /// Class id referenced by `housing`.
    pub class: String,
    /// Median PGA (g) for slight, moderate, extensive, complete damage.
    pub medians_g: Vec<f64>,
    /// Lognormal dispersion β.
    pub beta: f64,
    /// Share of completely damaged buildings that collapse.
    pub collapse_share: f64,
}

fn fragility(class: &str, medians_g: [f64; 4], collapse_share: f64) -> FragilitySpec {
    FragilitySpec {
        class: class.to_string(),
        medians_g: medians_g.to_vec(),
        beta: 0.64,
        collapse_share,
    }
}

/// DOMAIN.md §2 classes.
pub fn default_fragility() -> Vec<FragilitySpec> {
    vec![
        fragility("urm_precode", [0.13, 0.17, 0.26, 0.37], 0.15),
        fragility("urm_lowcode", [0.14, 0.20, 0.32, 0.46], 0.15),
        fragility("rc_frame_lowcode", [0.12, 0.15, 0.27, 0.45], 0.13),
        fragility("shear_wall_modcode", [0.18, 0.30, 0.49, 0.87], 0.10),
        fragility("wood_highcode", [0.26, 0.55, 1.28, 2.01], 0.03),
    ]
}

/// Casualties among occupants of damaged buildings.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct CasualtySpec {
    /// Residents indoors at night (22:00–06:00).
    pub occupancy_night: f64,
    /// Residents indoors by day.
    pub occupancy_day: f64,
    /// People per building.
    pub household_size: f64,
    /// Occupants of collapsed buildings killed outright (HAZUS-MH Technical Manual Table 13.7,
    /// severity 4: 10 %).
    pub killed_in_collapse: f64,
    /// Occupants of collapsed buildings trapped alive.
    pub trapped_in_collapse: f64,
    /// Occupants of collapsed buildings severely injured (hospital care) but not trapped (HAZUS
    /// Table 13.7, severity 2 + 3: 20 + 5 %).
    pub injured_in_collapse: f64,
    /// Share of trapped people who are heavily trapped (need a team).
    pub heavily_trapped_share: f64,
    /// Occupants of completely damaged, not collapsed buildings severely injured (HAZUS Table
    /// 13.6 gives 1–2 % at severity 2–3; 5 % kept from before the light/severe split [verify]).
    pub injured_in_complete: f64,
    /// Occupants of extensively damaged buildings severely injured (HAZUS Table 13.5: 0.1–0.2 %;
    /// 0.5 % kept [verify]).
    pub injured_in_extensive: f64,
    /// Share of people freed alive who are injured and need hospital care.
    pub rescued_injured_share: f64,
    /// Light injuries (轻伤: HAZUS severity 1, first aid on site or at a township clinic, no
    /// hospital bed). Collapse: the share of the occupants indoors who are neither killed,
    /// trapped nor severely injured who are lightly hurt. HAZUS-MH Technical Manual Table 13.7
    /// gives 40 % of all occupants at severity 1; with the lightly hurt among the trapped
    /// (0.35 × 0.4 freed unhurt) counted there, 0.26 of the occupants are left, 0.85 of the
    /// 0.30 not killed, trapped or severely injured.
    #[serde(default = "default_light_in_collapse")]
    pub light_in_collapse: f64,
    /// Complete damage without collapse, as a share of the occupants indoors (with
    /// `injured_in_complete` at most 1): HAZUS Table 13.6, unreinforced masonry, 10 %.
    #[serde(default = "default_light_in_complete")]
    pub light_in_complete: f64,
    /// Extensive damage: HAZUS Table 13.5, unreinforced masonry, 2 %.
    #[serde(default = "default_light_in_extensive")]
    pub light_in_extensive: f64,
    /// Moderate damage: HAZUS Table 13.4, unreinforced masonry, 0.35 % [verify].
    #[serde(default = "default_light_in_moderate")]
    pub light_in_moderate: f64,
    /// Slight damage: HAZUS Table 13.3, every building type, 0.05 %.
    #[serde(default = "default_light_in_slight")]
    pub light_in_slight: f64,
}

fn default_light_in_collapse() -> f64 {
    0.85
}

fn default_light_in_complete() -> f64 {
    0.10
}

fn default_light_in_extensive() -> f64 {
    0.02
}

fn default_light_in_moderate() -> f64 {
    0.0035
}

fn default_light_in_slight() -> f64 {
    0.0005
}

impl Default for CasualtySpec {
    fn default() -> Self {
        CasualtySpec {
            occupancy_night: 0.95,
            occupancy_day: 0.45,
            household_size: 3.1,
            killed_in_collapse: 0.10,
            trapped_in_collapse: 0.35,
            injured_in_collapse: 0.25,
            heavily_trapped_share: 0.3,
            injured_in_complete: 0.05,
            injured_in_extensive: 0.005,
            rescued_injured_share: 0.6,
            light_in_collapse: default_light_in_collapse(),
            light_in_complete: default_light_in_complete(),
            light_in_extensive: default_light_in_extensive(),
            light_in_moderate: default_light_in_moderate(),
            light_in_slight: default_light_in_slight(),
        }
    }
}

/// Self- and mutual rescue by residents of lightly trapped people.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct LocalRescueSpec {
    /// Chance a lightly trapped person is freed by neighbours in an ordinary community.
    pub freed_share_basic: f64,
    /// The same in a demonstration community.
    pub freed_share_demonstration: f64,
    /// Mean time until neighbours free someone they will free (exponential).
    pub mean_time: Duration,
    /// How many times faster a team frees a lightly trapped person than a heavily trapped one.
    pub light_speedup: f64,
}

impl Default for LocalRescueSpec {
    fn default() -> Self {
        LocalRescueSpec {
            freed_share_basic: 0.8,
            freed_share_demonstration: 0.92,
            mean_time: Duration::minutes(90),
            light_speedup: 4.0,
        }
    }
}

/// Road speeds and earthquake damage to links.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RoadModelSpec {
    /// Free-flow speed multiplier by class relative to a team's county-road speed:
    /// expressway, national, provincial, county, village.
    pub class_speed_factor: Vec<f64>,
    /// Speed factor on a degraded link (damaged mountain road ≈ 20 km/h of 50).
    pub degraded_speed_factor: f64,
    /// Median PGA (g) at which a flat/hilly link is degraded.
    pub degrade_median_g: f64,
    /// Median PGA (g) at which a flat/hilly link is blocked.
    pub block_median_g: f64,
    /// Medians are divided by this on `Mountain` links. [assumption] calibrated so that a
    /// mountain provincial or county road with intensity IX (0.5 g) at one end is blocked in
    /// ≈ 83 % of quakes, at VIII in ≈ 43 %, at VII in ≈ 9 %: the epicentre roads of Wenchuan
    /// 2008, Lushan 2013, Ludian 2014, Jiuzhaigou 2017 and Luding 2022 were all cut for hours to
    /// days, while VII zones kept their roads (HAZUS-MH Technical Manual §4.2.2: landslide
    /// susceptibility on steep slopes starts at critical accelerations of 0.05–0.2 g).
    pub mountain_susceptibility: f64,
    /// Medians are divided by this on `Hilly` links [assumption: between flat and mountain].
    #[serde(default = "default_hilly_susceptibility")]
    pub hilly_susceptibility: f64,
    /// Medians are also divided by this by road class: expressway, national, provincial,
    /// county, village [assumption: lower classes run on steeper, unprotected cut slopes].
    #[serde(default = "default_class_susceptibility")]
    pub class_susceptibility: Vec<f64>,
    /// Lognormal dispersion of road damage.
    pub beta: f64,
    /// Clearance work (team-hours) to reopen a blocked link: (min, max), uniform.
    pub clear_work_hours: (f64, f64),
}

impl Default for RoadModelSpec {
    fn default() -> Self {
        RoadModelSpec {
            class_speed_factor: vec![1.6, 1.2, 1.0, 0.9, 0.6],
            degraded_speed_factor: 0.4,
            degrade_median_g: 0.35,
            block_median_g: 0.7,
            mountain_susceptibility: 2.5,
            hilly_susceptibility: default_hilly_susceptibility(),
            class_susceptibility: default_class_susceptibility(),
            beta: 0.6,
            clear_work_hours: (2.0, 10.0),
        }
    }
}

fn default_hilly_susceptibility() -> f64 {
    1.5
}

fn default_class_susceptibility() -> Vec<f64> {
    vec![0.5, 0.7, 1.0, 1.0, 1.2]
}

/// Ambulance transport of the injured to hospital.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct AmbulanceSpec {
    /// Patients per trip.
    pub capacity: u32,
    /// Ambulance speed on an open county road, km/h.
    pub speed_kmh: f64,
    /// Loading and hand-over time per trip.
    pub turnaround: Duration,
}

impl Default for AmbulanceSpec {
    fn default() -> Self {
        AmbulanceSpec {
            capacity: 4,
            speed_kmh: 50.0,
            turnaround: Duration::minutes(20),
        }
    }
}
