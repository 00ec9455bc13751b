//! Hazards: primary hazards, aftershocks, cascade rules and monitoring.

use super::validator::Validator;
use crate::scenario::load::Sourced;
use crate::scenario::model::{
    Aftershocks, Cascade, Condition, Earthquake, Hazard, Monitoring, Region,
};
use crate::scenario::spec::*;

pub(super) fn check_hazards(
    v: &mut Validator,
    hazards: &Sourced<HazardsSpec>,
    duration_min: u32,
    region: Option<&Region>,
    sites: &[String],
) -> HazardSetup {
    let file = hazards.file.as_str();
    let h = &hazards.value;
    if h.events.is_empty() && !file.ends_with("cascades/default.ron") {
        v.error_hint(
            file,
            "hazards.events".into(),
            "is empty: the scenario has no disaster",
            "add e.g. Earthquake(id: \"mainshock\", x_km: 10.0, y_km: 20.0, magnitude: 6.8, depth_km: 14.0, time: \"10m\")",
        );
    }
    let ids: Vec<&str> = h.events.iter().map(HazardSpec::id).collect();
    v.unique_ids(file, "hazards.events", ids);
    let mut out = Vec::new();
    for (i, event) in h.events.iter().enumerate() {
        let path = format!("hazards.events[{i}]");
        match event {
            HazardSpec::Earthquake(q) => {
                if q.magnitude.is_finite() && q.magnitude > 9.5 {
                    v.error_hint(
                        file,
                        format!("{path}.magnitude"),
                        format!(
                            "M{} is beyond any earthquake ever recorded (the largest was M9.5)",
                            q.magnitude
                        ),
                        "write a magnitude between 3.0 and 9.5",
                    );
                } else {
                    v.number(file, format!("{path}.magnitude"), q.magnitude, 3.0, 9.5, "");
                }
                v.positive(file, format!("{path}.depth_km"), q.depth_km, 700.0, " km");
                v.coordinates(file, &path, q.x_km, q.y_km);
                let time_min = q.time.as_minutes();
                if time_min >= duration_min {
                    v.warning(
                        file,
                        format!("{path}.time"),
                        format!("strikes at {} but the run lasts {duration_min} min", q.time),
                    );
                }
                if let Some(region) = region {
                    let nearest = region
                        .places
                        .iter()
                        .map(|p| ((p.x_km - q.x_km).powi(2) + (p.y_km - q.y_km).powi(2)).sqrt())
                        .fold(f64::INFINITY, f64::min);
                    if nearest.is_finite() && nearest > 300.0 {
                        v.warning(
                            file,
                            format!("{path}.x_km"),
                            format!("the epicentre is {nearest:.0} km from the nearest place"),
                        );
                    }
                }
                if let Some(a) = &q.aftershocks {
                    let mainshock = q.magnitude.max(2.0);
                    let mut aftershocks = v.fields(file, format!("{path}.aftershocks"));
                    aftershocks.number("min_magnitude", a.min_magnitude, 2.0, mainshock, "");
                    aftershocks.positive("p", a.p, 3.0, "");
                    aftershocks.positive("c_days", a.c_days, 10.0, " d");
                    aftershocks.positive("b", a.b, 3.0, "");
                    aftershocks.number("a", a.a, -5.0, 2.0, "");
                    aftershocks.positive("radius_km", a.radius_km, 500.0, " km");
                }
                out.push(Hazard::Earthquake(Earthquake {
                    id: q.id.clone(),
                    name: q.name.clone(),
                    x_km: q.x_km,
                    y_km: q.y_km,
                    magnitude: q.magnitude,
                    depth_km: q.depth_km,
                    time_min,
                    aftershocks: q.aftershocks.as_ref().map(Aftershocks::from),
                }));
            }
            HazardSpec::Rainstorm(r) => {
                let mut storm = v.fields(file, &path);
                storm.positive("peak_mm_h", r.peak_mm_h, 300.0, " mm/h");
                storm.positive("radius_km", r.radius_km, 2_000.0, " km");
                let duration = storm.duration("duration", r.duration, false);
                v.coordinates(file, &path, r.x_km, r.y_km);
                out.push(Hazard::Rainstorm(crate::scenario::Rainstorm {
                    id: r.id.clone(),
                    name: r.name.clone(),
                    start_min: r.start.as_minutes(),
                    end_min: r.start.as_minutes().saturating_add(duration),
                    peak_mm_h: r.peak_mm_h,
                    x_km: r.x_km,
                    y_km: r.y_km,
                    radius_km: r.radius_km,
                }));
            }
            HazardSpec::ForestFire(f) => {
                let place = v.place_ref(file, format!("{path}.place"), &f.place);
                let mut fire = v.fields(file, &path);
                fire.positive("spread_km_h", f.spread_km_h, 20.0, " km/h");
                fire.positive("reach_km", f.reach_km, 200.0, " km");
                if let Some(region) = region
                    && let Some(p) = region.places.get(place)
                    && !p.has_tag(Tag::ForestEdge)
                {
                    v.warning(
                        file,
                        format!("{path}.place"),
                        format!("`{}` is not tagged ForestEdge", p.id),
                    );
                }
                out.push(Hazard::ForestFire(crate::scenario::ForestFire {
                    id: f.id.clone(),
                    name: f.name.clone(),
                    place,
                    time_min: f.time.as_minutes(),
                    spread_km_h: f.spread_km_h,
                    wind_from_deg: f.wind_from_deg,
                    reach_km: f.reach_km,
                }));
            }
            HazardSpec::ChemicalRelease(c) => {
                let site = match sites.iter().position(|s| s == &c.site) {
                    Some(s) => s,
                    None => {
                        v.error_hint(
                            file,
                            format!("{path}.site"),
                            format!("unknown hazardous site `{}`", c.site),
                            "use an id from facilities.hazardous_sites",
                        );
                        usize::MAX
                    }
                };
                out.push(Hazard::ChemicalRelease(crate::scenario::ChemicalRelease {
                    id: c.id.clone(),
                    site,
                    time_min: c.time.as_minutes(),
                }));
            }
        }
    }
    let rules = h.cascades.clone().unwrap_or_else(|| default_cascades().0);
    for (i, rule) in rules.iter().enumerate() {
        let path = format!("hazards.cascades[{i}]");
        v.fraction(file, format!("{path}.probability"), rule.probability);
        if rule.to == HazardKind::DamBreak && rule.when.site != Some(SiteKind::Reservoir) {
            v.error_hint(
                file,
                format!("{path}.when.site"),
                "a rule that sets off a DamBreak must hold only where a reservoir stands",
                "add `site: Reservoir` to its `when`",
            );
        }
        if rule.delay.0 > rule.delay.1 {
            v.error(
                file,
                format!("{path}.delay"),
                "the minimum is longer than the maximum",
            );
        }
    }
    v.unique_ids(
        file,
        "hazards.cascades",
        rules.iter().map(|r| r.id.as_str()),
    );
    let monitoring = h.monitoring.clone().unwrap_or_else(|| default_cascades().1);
    for (i, m) in monitoring.iter().enumerate() {
        let mut monitor = v.fields(file, format!("hazards.monitoring[{i}]"));
        monitor.fraction("detect", m.detect);
        let false_alarms = m.false_alarms_per_day;
        monitor.number("false_alarms_per_day", false_alarms, 0.0, 100.0, "");
    }
    v.fields(file, "hazards")
        .number("wind_from_deg", h.wind_from_deg, -360.0, 360.0, "°");
    HazardSetup {
        events: out,
        cascades: rules.iter().map(Cascade::from).collect(),
        monitoring: monitoring.iter().map(Monitoring::from).collect(),
        wind_from_deg: h.wind_from_deg,
    }
}

/// Validated hazards: the events and the rules that link them.
pub(super) struct HazardSetup {
    pub events: Vec<Hazard>,
    pub cascades: Vec<Cascade>,
    pub monitoring: Vec<Monitoring>,
    pub wind_from_deg: f64,
}

/// The shipped cascade rules and monitoring.
pub fn default_cascades() -> (Vec<CascadeSpec>, Vec<MonitoringSpec>) {
    match crate::scenario::load::parse_document(DEFAULT_CASCADES, "assets/cascades/default.ron") {
        Ok(DocumentSpec::Hazards(h)) => (
            h.cascades.unwrap_or_default(),
            h.monitoring.unwrap_or_default(),
        ),
        // Shipped with the binary and loaded by a test: cannot fail in a tested build.
        _ => (Vec::new(), Vec::new()),
    }
}

impl From<&AftershockSpec> for Aftershocks {
    fn from(s: &AftershockSpec) -> Self {
        Aftershocks {
            a: s.a,
            b: s.b,
            p: s.p,
            c_days: s.c_days,
            min_magnitude: s.min_magnitude,
            radius_km: s.radius_km,
        }
    }
}

impl From<&CascadeSpec> for Cascade {
    fn from(s: &CascadeSpec) -> Self {
        Cascade {
            id: s.id.clone(),
            from: s.from,
            to: s.to,
            when: Condition::from(&s.when),
            probability: s.probability,
            delay: s.delay,
        }
    }
}

impl From<&ConditionSpec> for Condition {
    fn from(s: &ConditionSpec) -> Self {
        Condition {
            tags: s.tags.clone(),
            min_intensity: s.min_intensity,
            min_rain_mm: s.min_rain_mm,
            rain_above_threshold: s.rain_above_threshold,
            site: s.site,
            reservoir_overtop: s.reservoir_overtop,
            reservoir_class: s.reservoir_class,
        }
    }
}

impl From<&MonitoringSpec> for Monitoring {
    fn from(s: &MonitoringSpec) -> Self {
        Monitoring {
            hazard: s.hazard,
            detect: s.detect,
            lead: s.lead,
            false_alarms_per_day: s.false_alarms_per_day,
        }
    }
}
