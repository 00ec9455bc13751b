//! Model parameters.

use super::validator::Validator;
use crate::scenario::model::{
    Ambulance, Attenuation, Casualty, Comms, Fragility, Information, LocalRescue, Models, Outburst,
    Relief, Relocation, RoadModel, Secondary, Support, Survival, TeamModel,
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
        ("light_in_collapse", c.light_in_collapse),
        ("light_in_complete", c.light_in_complete),
        ("light_in_extensive", c.light_in_extensive),
        ("light_in_moderate", c.light_in_moderate),
        ("light_in_slight", c.light_in_slight),
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
    for (state, severe, light) in [
        ("complete", c.injured_in_complete, c.light_in_complete),
        ("extensive", c.injured_in_extensive, c.light_in_extensive),
    ] {
        if severe + light > 1.0 + 1e-9 {
            v.error_hint(
                file,
                "models.casualties".into(),
                format!(
                    "injured_in_{state} + light_in_{state} add up to {:.2}",
                    severe + light
                ),
                "these are shares of the same occupants and must add up to at most 1",
            );
        }
    }
    let r = &m.relocation;
    let mut relocation = v.fields(file, "models.relocation");
    relocation.fraction("moderate_share", r.moderate_share);
    relocation.fraction("fear_max_share", r.fear_max_share);
    relocation.fraction("slope_share", r.slope_share);
    relocation.number("fear_from_intensity", r.fear_from_intensity, 0.0, 12.0, "");
    relocation.number("fear_full_intensity", r.fear_full_intensity, 0.0, 12.0, "");
    relocation.number(
        "slope_from_intensity",
        r.slope_from_intensity,
        0.0,
        12.0,
        "",
    );
    if r.fear_from_intensity >= r.fear_full_intensity {
        v.error_hint(
            file,
            "models.relocation.fear_full_intensity".into(),
            format!(
                "is {}, not above fear_from_intensity ({})",
                r.fear_full_intensity, r.fear_from_intensity
            ),
            "the fear share rises from fear_from_intensity to fear_full_intensity",
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
    roads.positive("hilly_susceptibility", r.hilly_susceptibility, 100.0, "");
    for (j, s) in r.class_susceptibility.iter().enumerate() {
        roads.positive(&format!("class_susceptibility[{j}]"), *s, 100.0, "");
    }
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
    if r.class_susceptibility.len() != 5 {
        v.error_hint(
            file,
            "models.roads.class_susceptibility".into(),
            format!("has {} values", r.class_susceptibility.len()),
            "give five factors: expressway, national, provincial, county, village",
        );
    }
    let t = &m.teams;
    let mut teams = v.fields(file, "models.teams");
    teams.positive(
        "reference_size",
        t.reference_size as f64,
        20_000.0,
        " people",
    );
    teams.positive("foot_speed_kmh", t.foot_speed_kmh, 10.0, " km/h");
    teams.positive("max_foot_km", t.max_foot_km, 200.0, " km");
    teams.positive("light_kit_factor", t.light_kit_factor, 1.0, "");
    teams.duration("kit_follows", t.kit_follows, true);
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
    check_outburst(v, file, &m.outburst);
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
    let i = &m.information;
    let mut info = v.fields(file, "models.information");
    info.fraction("seen_dead_share", i.seen_dead_share);
    info.fraction("false_missing_share", i.false_missing_share);
    info.fraction("never_found_share", i.never_found_share);
    for (name, mean) in [
        ("local_recovery_mean", i.local_recovery_mean),
        ("team_recovery_mean", i.team_recovery_mean),
        ("verify_mean", i.verify_mean),
        ("tally_mean", i.tally_mean),
        ("located_mean", i.located_mean),
        ("isolated_report_mean", i.isolated_report_mean),
    ] {
        info.duration(name, mean, false);
    }
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
            relocation: Relocation::from(&s.relocation),
            teams: TeamModel {
                reference_size: s.teams.reference_size,
                foot_speed_kmh: s.teams.foot_speed_kmh,
                max_foot_km: s.teams.max_foot_km,
                light_kit_factor: s.teams.light_kit_factor,
                kit_follows_min: s.teams.kit_follows.as_minutes(),
            },
            information: Information::from(&s.information),
            outburst: Outburst::from(&s.outburst),
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
            light_in_collapse: s.light_in_collapse,
            light_in_complete: s.light_in_complete,
            light_in_extensive: s.light_in_extensive,
            light_in_moderate: s.light_in_moderate,
            light_in_slight: s.light_in_slight,
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
            hilly_susceptibility: s.hilly_susceptibility,
            class_susceptibility: s.class_susceptibility.clone(),
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

impl From<&RelocationSpec> for Relocation {
    fn from(s: &RelocationSpec) -> Self {
        Relocation {
            moderate_share: s.moderate_share,
            fear_from_intensity: s.fear_from_intensity,
            fear_full_intensity: s.fear_full_intensity,
            fear_max_share: s.fear_max_share,
            slope_from_intensity: s.slope_from_intensity,
            slope_share: s.slope_share,
        }
    }
}

/// Range checks of `models.outburst`.
fn check_outburst(v: &mut Validator, file: &str, o: &OutburstSpec) {
    let mut f = v.fields(file, "models.outburst");
    let ranges = [
        ("dam_height_m", o.dam_height_m, 300.0, " m"),
        ("inflow_m3s", o.inflow_m3s, 50_000.0, " m³/s"),
    ];
    for (name, (lo, hi), max, unit) in ranges {
        f.positive(&format!("{name}.0"), lo, max, unit);
        f.positive(&format!("{name}.1"), hi, max, unit);
    }
    f.positive(
        "inflow_doubling_rain_mm",
        o.inflow_doubling_rain_mm,
        10_000.0,
        " mm",
    );
    // The ranges the reservoirs' valleys hold to (facilities.rs).
    f.number("valley_width_m", o.valley_width_m, 10.0, 5_000.0, " m");
    f.number("slope", o.slope, 1e-4, 0.1, "");
    f.number("manning_n", o.manning_n, 0.02, 0.15, "");
    f.fraction("breach_on_overtopping", o.breach_on_overtopping);
    f.number(
        "overtop_to_breach_h.0",
        o.overtop_to_breach_h.0,
        0.0,
        1_000.0,
        " h",
    );
    f.number(
        "overtop_to_breach_h.1",
        o.overtop_to_breach_h.1,
        0.0,
        1_000.0,
        " h",
    );
    f.fraction("flood_zone_share", o.flood_zone_share);
    f.positive("flood_zone_depth_m", o.flood_zone_depth_m, 100.0, " m");
    f.fraction("masonry_share", o.masonry_share);
    for (name, (lo, hi)) in [
        ("dam_height_m", o.dam_height_m),
        ("inflow_m3s", o.inflow_m3s),
        ("overtop_to_breach_h", o.overtop_to_breach_h),
    ] {
        if lo > hi {
            v.error(
                file,
                format!("models.outburst.{name}"),
                "the minimum is larger than the maximum",
            );
        }
    }
}

impl From<&InformationSpec> for Information {
    fn from(s: &InformationSpec) -> Self {
        Information {
            seen_dead_share: s.seen_dead_share,
            local_recovery_mean: s.local_recovery_mean,
            never_found_share: s.never_found_share,
            team_recovery_mean: s.team_recovery_mean,
            verify_mean: s.verify_mean,
            tally_mean: s.tally_mean,
            false_missing_share: s.false_missing_share,
            located_mean: s.located_mean,
            isolated_report_mean: s.isolated_report_mean,
        }
    }
}

impl From<&OutburstSpec> for Outburst {
    fn from(s: &OutburstSpec) -> Self {
        Outburst {
            dam_height_m: s.dam_height_m,
            inflow_m3s: s.inflow_m3s,
            inflow_doubling_rain_mm: s.inflow_doubling_rain_mm,
            valley_width_m: s.valley_width_m,
            slope: s.slope,
            manning_n: s.manning_n,
            breach_on_overtopping: s.breach_on_overtopping,
            overtop_to_breach_h: s.overtop_to_breach_h,
            flood_zone_share: s.flood_zone_share,
            flood_zone_depth_m: s.flood_zone_depth_m,
            masonry_share: s.masonry_share,
        }
    }
}
