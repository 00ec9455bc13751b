//! Model parameters of what follows the impact: emergency relocation, how teams reach a place,
//! how the dead and missing become known, barrier-lake outbursts — each with its default and
//! source (part of [`super::ModelsSpec`]).

use serde::{Deserialize, Serialize};

use crate::scenario::units::Duration;

/// Barrier lakes (堰塞湖) and their outbursts (docs/models.md §16). A slide dams the river; the
/// lake fills from the river's inflow until it overtops; an overtopped dam may breach, and its
/// wave runs down the river's later places.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct OutburstSpec {
    /// Landslide-dam height, m: (min, max), log-uniform. [assumption] spanning the small dams
    /// of Costa & Schuster (1988, GSA Bull. 100) past Tangjiashan 2008 (≈ 80–120 m) and Baige
    /// 2018; with the valley, inflow and overtopping time below, ≈ 28 % of lakes breach within
    /// a day and ≈ 59 % within ten days, near Costa & Schuster's failures (27 % within a day,
    /// ≈ 50 % within ten; tests/hazards.rs checks it).
    pub dam_height_m: (f64, f64),
    /// The river's base inflow into the lake, m³/s: (min, max), log-uniform. [assumption] from
    /// mountain streams to a river the size of the 通口河 (Tangjiashan).
    pub inflow_m3s: (f64, f64),
    /// Event rain at the lake (mm) that doubles its inflow: inflow × (1 + rain / this).
    /// [assumption]
    pub inflow_doubling_rain_mm: f64,
    /// The valley behind and below the dam: width (m), bed slope, Manning's n. The lake is a
    /// wedge, storage = width · height² / (2 · slope); the wave is routed down it as a dam
    /// break's. [assumption; n as the reservoirs' textbook mountain-floodplain value]
    pub valley_width_m: f64,
    pub slope: f64,
    pub manning_n: f64,
    /// Chance that an overtopped landslide dam breaches. [assumption] Costa & Schuster (1988):
    /// most landslide dams fail, mostly by overtopping; some armour themselves and hold.
    pub breach_on_overtopping: f64,
    /// Hours from first overtopping to the breach: (min, max), uniform. [assumption] Small
    /// dams erode within hours; Baige (Oct 2018) overflowed for about half a day before its
    /// peak.
    pub overtop_to_breach_h: (f64, f64),
    /// Share of a place's residents living on the valley floor in reach of an outburst, and the
    /// depth (m) at which all of them are under water (a shallower wave floods a proportional
    /// part). [assumption] Only these people are exposed, never a whole town.
    pub flood_zone_share: f64,
    pub flood_zone_depth_m: f64,
    /// Share of houses on the valley floor built of masonry or concrete (the rest timber).
    /// [assumption]
    pub masonry_share: f64,
}

impl Default for OutburstSpec {
    fn default() -> Self {
        OutburstSpec {
            dam_height_m: (3.0, 200.0),
            inflow_m3s: (3.0, 300.0),
            inflow_doubling_rain_mm: 100.0,
            valley_width_m: 200.0,
            slope: 0.005,
            manning_n: 0.05,
            breach_on_overtopping: 0.8,
            overtop_to_breach_h: (1.0, 12.0),
            flood_zone_share: 0.3,
            flood_zone_depth_m: 10.0,
            masonry_share: 0.5,
        }
    }
}

/// Emergency relocation (紧急转移安置) beyond the homeless: people who leave homes that still
/// stand, and need shelter, food and water as the homeless do. Defaults are **[assumption]**s
/// sized so that relocation is 3–5 times homelessness after a strong quake, as in the official
/// counts of Lushan 2013 (≈ 224 000 relocated), Ludian 2014 (≈ 229 700) and Jishishan 2023
/// (≈ 140 000) [verify] (docs/models.md §6a).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RelocationSpec {
    /// Share of the residents of moderately damaged houses who move out until the house is
    /// inspected (应急评估: 暂不能使用) [assumption].
    pub moderate_share: f64,
    /// Aftershock fear: intensity below which nobody leaves a house with at most slight damage.
    pub fear_from_intensity: f64,
    /// Intensity at which the fear share reaches `fear_max_share` (linear in between).
    pub fear_full_intensity: f64,
    /// The most of those still at home who leave for fear of aftershocks [assumption].
    pub fear_max_share: f64,
    /// Slope danger: places tagged `Mountain` shaken to at least this intensity have people
    /// moved out of landslide danger zones (地质灾害隐患点) [assumption].
    pub slope_from_intensity: f64,
    /// Share of those still at home in such a place who are moved out [assumption].
    pub slope_share: f64,
}

impl Default for RelocationSpec {
    fn default() -> Self {
        RelocationSpec {
            moderate_share: 0.9,
            fear_from_intensity: 6.0,
            fear_full_intensity: 9.0,
            fear_max_share: 0.6,
            slope_from_intensity: 7.0,
            slope_share: 0.2,
        }
    }
}

/// Teams: how their size scales their work, and how they reach a place past blocked roads.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct TeamModelSpec {
    /// People in the team a capability's `rate` is written for; a team works at
    /// `rate × size / reference_size`. INSARAG Guidelines 2020 (Vol. II, Manual A): a medium
    /// USAR team of 40 works one collapse site around the clock, a heavy team of 59 two sites at
    /// once, so about 30 people carry one site.
    pub reference_size: u32,
    /// Walking speed over rubble and slides, km/h (DOMAIN.md §6: 1–3 km/h [assumption]).
    pub foot_speed_kmh: f64,
    /// The longest walk a team makes from the end of the open road, km [assumption: a day's march
    /// over slides; Lushan 2013: the national team's advance party walked into Baoxing on day 2,
    /// Ludian 2014: teams walked 6 h into Longtoushan].
    pub max_foot_km: f64,
    /// A team that walked in carries a light kit and works at this share of its rate until its
    /// equipment follows [assumption].
    pub light_kit_factor: f64,
    /// How long after a team walks in its equipment follows [assumption: the day it takes to
    /// reopen an epicentre road, Ludian 2014 and Lushan 2013].
    pub kit_follows: Duration,
}

impl Default for TeamModelSpec {
    fn default() -> Self {
        TeamModelSpec {
            reference_size: 30,
            foot_speed_kmh: 2.0,
            max_foot_km: 15.0,
            light_kit_factor: 0.5,
            kit_follows: Duration::minutes(24 * 60),
        }
    }
}

/// How the dead and missing of an incident become known. A death enters the reports only once
/// verified (核报): its body is found (at once, by neighbours, or by a team on scene), then the
/// local command confirms it. Until then the person is unaccounted for and reported missing
/// (失联), together with people away from home not yet located, who are later found alive.
///
/// Calibrated on official tolls as released: 2022 Luding M6.8 (12:52): 7 dead in Ganzi at
/// ~4 h, 65 dead + 12 missing at 07:00 next day (~18 h), 66 + 15 at ~27 h, 74 + 26 at ~32 h,
/// 88 + 30 on day 5, 93 + 25 final (Sichuan provincial and Ganzi prefecture press releases,
/// as reported by Xinhua, CNS, CCTV); 2013 Lushan and 2014 Ludian tolls [verify]: see
/// docs/models.md. The individual delays are [assumption]s fitted to those curves.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct InformationSpec {
    /// Share of people killed outright whose death is known at once (killed in the open, or
    /// lying within reach), needing only verification. [assumption]
    pub seen_dead_share: f64,
    /// Mean time for neighbours and the village militia to recover a buried body with no team
    /// on scene (exponential). [assumption: Luding and Ludian tolls doubled over the second
    /// day, when most of the recovery happened]
    pub local_recovery_mean: Duration,
    /// Share of the bodies not seen at once that are never found (buried under a landslide or
    /// deep rubble, carried off by a river): missing for good. [assumption: final tolls left
    /// 25 missing beside 93 dead at Luding 2022 and 112 beside 617 at Ludian 2014, mostly in
    /// landslides; building collapses leave fewer]
    pub never_found_share: f64,
    /// Mean time, after the first team reaches the incident, for the team to recover a buried
    /// body (exponential). [assumption]
    pub team_recovery_mean: Duration,
    /// Mean time from a body found to the death confirmed by the local command and entering
    /// its reports (identification, 核实; exponential). [assumption: official tolls lag the
    /// field by hours]
    pub verify_mean: Duration,
    /// Mean time for the local command to count who is unaccounted for: the share counted
    /// after t is 1 − exp(−t / tally_mean). [assumption: first reports are partial]
    pub tally_mean: Duration,
    /// For each person unaccounted for at onset, the chance that one more person (away from
    /// home, not yet located) is reported missing too and later found alive. [assumption:
    /// missing counts rise, then fall as people are located]
    pub false_missing_share: f64,
    /// Mean time to locate a person wrongly reported missing (exponential). [assumption]
    pub located_mean: Duration,
    /// Mean time before an isolated place (no phone, every road to it blocked) gets word out:
    /// someone walks out, or a patrol or aircraft passes (exponential; the survey sweep
    /// `plan.reporting.sweep_after` finds it at the latest). [assumption: Luding's cut-off
    /// villages were reached on foot or by air hours after the quake]
    pub isolated_report_mean: Duration,
}

impl Default for InformationSpec {
    fn default() -> Self {
        InformationSpec {
            seen_dead_share: 0.1,
            local_recovery_mean: Duration::minutes(24 * 60),
            never_found_share: 0.1,
            team_recovery_mean: Duration::minutes(6 * 60),
            verify_mean: Duration::minutes(3 * 60),
            tally_mean: Duration::minutes(3 * 60),
            false_missing_share: 0.3,
            located_mean: Duration::minutes(12 * 60),
            isolated_report_mean: Duration::minutes(4 * 60),
        }
    }
}
