//! Model parameters.

use super::validator::Validator;
use crate::scenario::model::{
    Ambulance, Attenuation, Casualty, Comms, Fragility, LocalRescue, Models, Relief, RoadModel,
    Secondary, Support, Survival,
};
use crate::scenario::spec::*;

pub(super) fn check_models(v: &mut Validator, file: &str, m: &ModelsSpec) {
    let mut survival = v.fields(file, "models.survival");
    survival.positive("shape", m.survival.shape, 10.0, "");
    survival.positive("scale_days", m.survival.scale_days, 60.0, " d");
    let att = &m.attenuation;
    for (name, axis) in [
        ("long_axis", &att.long_axis),
        ("short_axis", &att.short_axis),
    ] {
        let mut coefficients = v.fields(file, format!("models.attenuation.{name}"));
        for (field, value) in [("a", axis.a), ("b", axis.b), ("c", axis.c), ("r0", axis.r0)] {
            coefficients.number(field, value, -100.0, 100.0, "");
        }
        if axis.r0 < 0.0 {
            v.error(
                file,
                format!("models.attenuation.{name}.r0"),
                "must not be negative",
            );
        }
    }
    let mut attenuation = v.fields(file, "models.attenuation");
    attenuation.positive("pga_at_vii_g", att.pga_at_vii_g, 5.0, " g");
    attenuation.positive("pga_factor_per_degree", att.pga_factor_per_degree, 10.0, "");
    attenuation.number("strike_deg", att.strike_deg, -360.0, 360.0, "°");
    if m.fragility.is_empty() {
        v.error(
            file,
            "models.fragility".into(),
            "is empty: no building class is defined",
        );
    }
    v.unique_ids(
        file,
        "models.fragility",
        m.fragility.iter().map(|f| f.class.as_str()),
    );
    for (i, f) in m.fragility.iter().enumerate() {
        let path = format!("models.fragility[{i}]");
        if f.medians_g.len() != 4 {
            v.error_hint(
                file,
                format!("{path}.medians_g"),
                format!("has {} values", f.medians_g.len()),
                "give four medians (g): slight, moderate, extensive, complete",
            );
        }
        for (j, median) in f.medians_g.iter().enumerate() {
            v.positive(file, format!("{path}.medians_g[{j}]"), *median, 20.0, " g");
        }
        if f.medians_g.windows(2).any(|w| w[0] > w[1]) {
            v.error_hint(
                file,
                format!("{path}.medians_g"),
                "medians must not decrease from slight to complete damage",
                "list medians for slight, moderate, extensive, complete in increasing order",
            );
        }
        v.positive(file, format!("{path}.beta"), f.beta, 3.0, "");
        v.fraction(file, format!("{path}.collapse_share"), f.collapse_share);
    }
    let c = &m.casualties;
    let mut casualties = v.fields(file, "models.casualties");
    for (name, value) in [
        ("occupancy_night", c.occupancy_night),
        ("occupancy_day", c.occupancy_day),
        ("killed_in_collapse", c.killed_in_collapse),
        ("trapped_in_collapse", c.trapped_in_collapse),
        ("injured_in_collapse", c.injured_in_collapse),
        ("heavily_trapped_share", c.heavily_trapped_share),
        ("injured_in_complete", c.injured_in_complete),
        ("injured_in_extensive", c.injured_in_extensive),
        ("rescued_injured_share", c.rescued_injured_share),
    ] {
        casualties.fraction(name, value);
    }
    let collapse_sum = c.killed_in_collapse + c.trapped_in_collapse + c.injured_in_collapse;
    if collapse_sum > 1.0 + 1e-9 {
        v.error_hint(
            file,
            "models.casualties".into(),
            format!("killed + trapped + injured in collapse add up to {collapse_sum:.2}"),
            "these are shares of the same occupants and must add up to at most 1",
        );
    }
    v.fields(file, "models.casualties")
        .positive("household_size", c.household_size, 50.0, "");
    let l = &m.local_rescue;
    let mut local_rescue = v.fields(file, "models.local_rescue");
    local_rescue.fraction("freed_share_basic", l.freed_share_basic);
    local_rescue.fraction("freed_share_demonstration", l.freed_share_demonstration);
    local_rescue.duration("mean_time", l.mean_time, false);
    local_rescue.positive("light_speedup", l.light_speedup, 100.0, "");
    let r = &m.roads;
    if r.class_speed_factor.len() != 5 {
        v.error_hint(
            file,
            "models.roads.class_speed_factor".into(),
            format!("has {} values", r.class_speed_factor.len()),
            "give five factors: expressway, national, provincial, county, village",
        );
    }
    let mut roads = v.fields(file, "models.roads");
    for (j, factor) in r.class_speed_factor.iter().enumerate() {
        roads.positive(&format!("class_speed_factor[{j}]"), *factor, 10.0, "");
    }
    roads.positive("degraded_speed_factor", r.degraded_speed_factor, 1.0, "");
    roads.positive("degrade_median_g", r.degrade_median_g, 20.0, " g");
    roads.positive("block_median_g", r.block_median_g, 20.0, " g");
    let susceptibility = r.mountain_susceptibility;
    roads.positive("mountain_susceptibility", susceptibility, 100.0, "");
    roads.positive("beta", r.beta, 3.0, "");
    let (lo, hi) = r.clear_work_hours;
    roads.positive("clear_work_hours.0", lo, 1_000.0, " h");
    roads.positive("clear_work_hours.1", hi, 1_000.0, " h");
    if lo > hi {
        v.error(
            file,
            "models.roads.clear_work_hours".into(),
            "the minimum is larger than the maximum",
        );
    }
    let mut comms = v.fields(file, "models.comms");
    comms.positive("tower_median_g", m.comms.tower_median_g, 20.0, " g");
    comms.positive("beta", m.comms.beta, 3.0, "");
    let sec = &m.secondary;
    let mut secondary = v.fields(file, "models.secondary");
    secondary.positive("rain_threshold_a", sec.rain_threshold_a, 1_000.0, " mm/h");
    secondary.number("rain_threshold_b", sec.rain_threshold_b, 0.0, 3.0, "");
    for (name, value) in [
        ("landslide_buried", sec.landslide_buried),
        ("landslide_displaced", sec.landslide_displaced),
        ("flood_mortality", sec.flood_mortality),
        ("outburst_mortality", sec.outburst_mortality),
        ("flood_injured", sec.flood_injured),
        ("chemical_worker_deaths", sec.chemical_worker_deaths),
        ("chemical_injured", sec.chemical_injured),
        ("chemical_deaths", sec.chemical_deaths),
        ("fire_mortality", sec.fire_mortality),
        ("collapse_trapped", sec.collapse_trapped),
    ] {
        secondary.fraction(name, value);
    }
    secondary.positive("debris_flow_factor", sec.debris_flow_factor, 100.0, "");
    secondary.positive("chemical_zone_km", sec.chemical_zone_km, 100.0, " km");
    let (lo, hi) = sec.barrier_fill_h;
    secondary.positive("barrier_fill_h.0", lo, 1_000.0, " h");
    secondary.positive("barrier_fill_h.1", hi, 1_000.0, " h");
    if lo > hi {
        v.error(
            file,
            "models.secondary.barrier_fill_h".into(),
            "the minimum is larger than the maximum",
        );
    }
    if m.relief.kits_per_vehicle == 0 {
        v.error(
            file,
            "models.relief.kits_per_vehicle".into(),
            "is 0: trucks would carry nothing",
        );
    }
    let vehicle_kmh = m.relief.vehicle_speed_kmh;
    v.fields(file, "models.relief").speed(
        "vehicle_speed_kmh",
        vehicle_kmh,
        5.0,
        300.0,
        "a truck on a wrecked road",
    );
    v.positive_from(
        file,
        "models.support.trapped_per_team".into(),
        m.support.trapped_per_team,
        (0.1, 100_000.0),
        " trapped per team",
        "less than one trapped person per ten teams",
    );
    if m.support.count == 0 || m.support.count > 1_000 {
        v.error_hint(
            file,
            "models.support.count".into(),
            format!("{} echelons per request", m.support.count),
            "ask for between 1 and 1000 echelons at a time",
        );
    }
    v.duration(
        file,
        "models.support.interval".into(),
        m.support.interval,
        false,
    );
    let a = &m.ambulance;
    if a.capacity == 0 {
        v.error(
            file,
            "models.ambulance.capacity".into(),
            "is 0: ambulances could carry nobody",
        );
    }
    v.fields(file, "models.ambulance").speed(
        "speed_kmh",
        a.speed_kmh,
        5.0,
        300.0,
        "an ambulance on a wrecked road",
    );
}

impl From<&ModelsSpec> for Models {
    fn from(s: &ModelsSpec) -> Self {
        Models {
            survival: Survival::from(&s.survival),
            attenuation: Attenuation::from(&s.attenuation),
            fragility: s.fragility.iter().map(Fragility::from).collect(),
            casualties: Casualty::from(&s.casualties),
            local_rescue: LocalRescue::from(&s.local_rescue),
            roads: RoadModel::from(&s.roads),
            ambulance: Ambulance::from(&s.ambulance),
            comms: Comms::from(&s.comms),
            secondary: Secondary::from(&s.secondary),
            relief: Relief::from(&s.relief),
            support: Support {
                trapped_per_team: s.support.trapped_per_team,
                count: s.support.count,
                interval_min: s.support.interval.as_minutes(),
            },
        }
    }
}

impl From<&SurvivalSpec> for Survival {
    fn from(s: &SurvivalSpec) -> Self {
        Survival {
            shape: s.shape,
            scale_days: s.scale_days,
        }
    }
}

impl From<&AttenuationSpec> for Attenuation {
    fn from(s: &AttenuationSpec) -> Self {
        Attenuation {
            long_axis: s.long_axis,
            short_axis: s.short_axis,
            strike_deg: s.strike_deg,
            pga_at_vii_g: s.pga_at_vii_g,
            pga_factor_per_degree: s.pga_factor_per_degree,
        }
    }
}

impl From<&FragilitySpec> for Fragility {
    fn from(s: &FragilitySpec) -> Self {
        Fragility {
            class: s.class.clone(),
            medians_g: s.medians_g.clone(),
            beta: s.beta,
            collapse_share: s.collapse_share,
        }
    }
}

impl From<&CasualtySpec> for Casualty {
    fn from(s: &CasualtySpec) -> Self {
        Casualty {
            occupancy_night: s.occupancy_night,
            occupancy_day: s.occupancy_day,
            household_size: s.household_size,
            killed_in_collapse: s.killed_in_collapse,
            trapped_in_collapse: s.trapped_in_collapse,
            injured_in_collapse: s.injured_in_collapse,
            heavily_trapped_share: s.heavily_trapped_share,
            injured_in_complete: s.injured_in_complete,
            injured_in_extensive: s.injured_in_extensive,
            rescued_injured_share: s.rescued_injured_share,
        }
    }
}

impl From<&LocalRescueSpec> for LocalRescue {
    fn from(s: &LocalRescueSpec) -> Self {
        LocalRescue {
            freed_share_basic: s.freed_share_basic,
            freed_share_demonstration: s.freed_share_demonstration,
            mean_time: s.mean_time,
            light_speedup: s.light_speedup,
        }
    }
}

impl From<&RoadModelSpec> for RoadModel {
    fn from(s: &RoadModelSpec) -> Self {
        RoadModel {
            class_speed_factor: s.class_speed_factor.clone(),
            degraded_speed_factor: s.degraded_speed_factor,
            degrade_median_g: s.degrade_median_g,
            block_median_g: s.block_median_g,
            mountain_susceptibility: s.mountain_susceptibility,
            beta: s.beta,
            clear_work_hours: s.clear_work_hours,
        }
    }
}

impl From<&AmbulanceSpec> for Ambulance {
    fn from(s: &AmbulanceSpec) -> Self {
        Ambulance {
            capacity: s.capacity,
            speed_kmh: s.speed_kmh,
            turnaround: s.turnaround,
        }
    }
}

impl From<&CommsSpec> for Comms {
    fn from(s: &CommsSpec) -> Self {
        Comms {
            tower_median_g: s.tower_median_g,
            beta: s.beta,
        }
    }
}

impl From<&SecondarySpec> for Secondary {
    fn from(s: &SecondarySpec) -> Self {
        Secondary {
            rain_threshold_a: s.rain_threshold_a,
            rain_threshold_b: s.rain_threshold_b,
            landslide_buried: s.landslide_buried,
            landslide_displaced: s.landslide_displaced,
            debris_flow_factor: s.debris_flow_factor,
            barrier_fill_h: s.barrier_fill_h,
            flood_mortality: s.flood_mortality,
            outburst_mortality: s.outburst_mortality,
            flood_injured: s.flood_injured,
            chemical_zone_km: s.chemical_zone_km,
            chemical_worker_deaths: s.chemical_worker_deaths,
            chemical_injured: s.chemical_injured,
            chemical_deaths: s.chemical_deaths,
            fire_mortality: s.fire_mortality,
            collapse_trapped: s.collapse_trapped,
        }
    }
}

impl From<&ReliefSpec> for Relief {
    fn from(s: &ReliefSpec) -> Self {
        Relief {
            kits_per_vehicle: s.kits_per_vehicle,
            vehicle_speed_kmh: s.vehicle_speed_kmh,
            turnaround: s.turnaround,
        }
    }
}
