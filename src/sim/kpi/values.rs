//! The values of the KPIs for one run: [`Kpis`] (serialised in contract order) and [`compute`],
//! which derives them from the run's tallies at its end.

use serde::Serialize;

use super::Kpi;
use crate::sim::resources::Tally;

/// Every KPI of one run, in contract order. Serialised as a JSON object in that order, counts as
/// integers and `None` as `null`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Kpis {
    pub deaths: Option<f64>,
    pub deaths_while_trapped: Option<f64>,
    pub trapped_total: Option<f64>,
    pub rescued_alive: Option<f64>,
    pub rescued_by_teams: Option<f64>,
    pub rescued_by_locals: Option<f64>,
    pub injured_total: Option<f64>,
    pub injured_treated: Option<f64>,
    pub displaced_total: Option<f64>,
    pub relief_within_4h: Option<f64>,
    pub warning_coverage: Option<f64>,
    pub evacuated_before_impact: Option<f64>,
    pub first_response_p50_min: Option<f64>,
    pub first_response_p90_min: Option<f64>,
    pub reports_on_time: Option<f64>,
    pub response_level_peak: Option<f64>,
    pub level_lag_min: Option<f64>,
    pub aviation_first_arrival_min: Option<f64>,
    pub major_accidents: Option<f64>,
    pub roads_blocked_peak: Option<f64>,
    pub road_restore_h: Option<f64>,
    pub injured_severe: Option<f64>,
    pub relocated_total: Option<f64>,
    pub missing: Option<f64>,
    pub deaths_known_2h: Option<f64>,
    pub deaths_known_8h: Option<f64>,
    pub deaths_known_24h: Option<f64>,
    pub relief_level_peak: Option<f64>,
    pub province_level_peak: Option<f64>,
    pub nation_level_peak: Option<f64>,
}

/// The KPI names, in contract order.
pub const KPI_NAMES: [&str; Kpi::COUNT] = {
    let mut names = [""; Kpi::COUNT];
    let mut i = 0;
    while i < Kpi::ALL.len() {
        names[i] = Kpi::ALL[i].name();
        i += 1;
    }
    names
};

impl Kpis {
    /// Builds KPIs from (name, value) pairs; unknown names are returned as an error.
    pub fn from_entries<'a>(
        entries: impl IntoIterator<Item = (&'a str, Option<f64>)>,
    ) -> Result<Kpis, String> {
        let mut k = Kpis::default();
        for (name, value) in entries {
            let kpi = Kpi::from_name(name).ok_or_else(|| format!("unknown KPI `{name}`"))?;
            *k.slot(kpi) = value;
        }
        Ok(k)
    }

    /// The value of `kpi`.
    pub fn value(&self, kpi: Kpi) -> Option<f64> {
        match kpi {
            Kpi::Deaths => self.deaths,
            Kpi::DeathsWhileTrapped => self.deaths_while_trapped,
            Kpi::TrappedTotal => self.trapped_total,
            Kpi::RescuedAlive => self.rescued_alive,
            Kpi::RescuedByTeams => self.rescued_by_teams,
            Kpi::RescuedByLocals => self.rescued_by_locals,
            Kpi::InjuredTotal => self.injured_total,
            Kpi::InjuredTreated => self.injured_treated,
            Kpi::DisplacedTotal => self.displaced_total,
            Kpi::ReliefWithin4h => self.relief_within_4h,
            Kpi::WarningCoverage => self.warning_coverage,
            Kpi::EvacuatedBeforeImpact => self.evacuated_before_impact,
            Kpi::FirstResponseP50Min => self.first_response_p50_min,
            Kpi::FirstResponseP90Min => self.first_response_p90_min,
            Kpi::ReportsOnTime => self.reports_on_time,
            Kpi::ResponseLevelPeak => self.response_level_peak,
            Kpi::LevelLagMin => self.level_lag_min,
            Kpi::AviationFirstArrivalMin => self.aviation_first_arrival_min,
            Kpi::MajorAccidents => self.major_accidents,
            Kpi::RoadsBlockedPeak => self.roads_blocked_peak,
            Kpi::RoadRestoreH => self.road_restore_h,
            Kpi::InjuredSevere => self.injured_severe,
            Kpi::RelocatedTotal => self.relocated_total,
            Kpi::Missing => self.missing,
            Kpi::DeathsKnown2h => self.deaths_known_2h,
            Kpi::DeathsKnown8h => self.deaths_known_8h,
            Kpi::DeathsKnown24h => self.deaths_known_24h,
            Kpi::ReliefLevelPeak => self.relief_level_peak,
            Kpi::ProvinceLevelPeak => self.province_level_peak,
            Kpi::NationLevelPeak => self.nation_level_peak,
        }
    }

    pub(super) fn slot(&mut self, kpi: Kpi) -> &mut Option<f64> {
        match kpi {
            Kpi::Deaths => &mut self.deaths,
            Kpi::DeathsWhileTrapped => &mut self.deaths_while_trapped,
            Kpi::TrappedTotal => &mut self.trapped_total,
            Kpi::RescuedAlive => &mut self.rescued_alive,
            Kpi::RescuedByTeams => &mut self.rescued_by_teams,
            Kpi::RescuedByLocals => &mut self.rescued_by_locals,
            Kpi::InjuredTotal => &mut self.injured_total,
            Kpi::InjuredTreated => &mut self.injured_treated,
            Kpi::DisplacedTotal => &mut self.displaced_total,
            Kpi::ReliefWithin4h => &mut self.relief_within_4h,
            Kpi::WarningCoverage => &mut self.warning_coverage,
            Kpi::EvacuatedBeforeImpact => &mut self.evacuated_before_impact,
            Kpi::FirstResponseP50Min => &mut self.first_response_p50_min,
            Kpi::FirstResponseP90Min => &mut self.first_response_p90_min,
            Kpi::ReportsOnTime => &mut self.reports_on_time,
            Kpi::ResponseLevelPeak => &mut self.response_level_peak,
            Kpi::LevelLagMin => &mut self.level_lag_min,
            Kpi::AviationFirstArrivalMin => &mut self.aviation_first_arrival_min,
            Kpi::MajorAccidents => &mut self.major_accidents,
            Kpi::RoadsBlockedPeak => &mut self.roads_blocked_peak,
            Kpi::RoadRestoreH => &mut self.road_restore_h,
            Kpi::InjuredSevere => &mut self.injured_severe,
            Kpi::RelocatedTotal => &mut self.relocated_total,
            Kpi::Missing => &mut self.missing,
            Kpi::DeathsKnown2h => &mut self.deaths_known_2h,
            Kpi::DeathsKnown8h => &mut self.deaths_known_8h,
            Kpi::DeathsKnown24h => &mut self.deaths_known_24h,
            Kpi::ReliefLevelPeak => &mut self.relief_level_peak,
            Kpi::ProvinceLevelPeak => &mut self.province_level_peak,
            Kpi::NationLevelPeak => &mut self.nation_level_peak,
        }
    }

    /// The value of the KPI called `name`.
    pub fn get(&self, name: &str) -> Option<f64> {
        Kpi::from_name(name).and_then(|kpi| self.value(kpi))
    }

    /// The KPIs as (name, value) pairs in contract order.
    pub fn entries(&self) -> [(&'static str, Option<f64>); Kpi::COUNT] {
        Kpi::ALL.map(|kpi| (kpi.name(), self.value(kpi)))
    }
}

impl Serialize for Kpis {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let entries = self.entries();
        let mut map = serializer.serialize_map(Some(entries.len()))?;
        for (name, value) in entries {
            map.serialize_entry(name, &value.map(JsonNumber))?;
        }
        map.end()
    }
}

/// A number written as an integer when it is one (counts), as a float otherwise.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct JsonNumber(pub f64);

impl Serialize for JsonNumber {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let v = self.0;
        if v.fract() == 0.0 && v.abs() < 9.0e15 {
            serializer.serialize_i64(v as i64)
        } else {
            serializer.serialize_f64(v)
        }
    }
}

/// Nearest-rank percentile of sorted values.
pub(super) fn percentile(sorted: &[f64], p: f64) -> Option<f64> {
    if sorted.is_empty() {
        return None;
    }
    let rank = ((p * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len());
    Some(sorted[rank - 1])
}

/// Inputs to the KPIs that live outside the tally.
pub struct KpiInputs<'a> {
    pub tally: &'a Tally,
    /// Per incident: onset, first team on scene (if any), and whether it is closed.
    pub first_response: &'a [(u32, Option<u32>, bool)],
    pub now: u32,
    pub roads_blocked_now: usize,
    pub has_aviation: bool,
    /// Share of required reports made on time.
    pub reports_on_time: Option<f64>,
    pub relief_within_4h: Option<f64>,
    pub warning_coverage: Option<f64>,
    pub evacuated_before_impact: Option<f64>,
    pub major_accidents: Option<f64>,
    /// Most severe level declared, 1 (Ⅰ) to 4 (Ⅳ).
    pub response_level_peak: Option<f64>,
    pub level_lag_min: Option<f64>,
    /// People at the incidents whose fate was never established by the end of the run: the
    /// dead not verified, the trapped never reached, those wrongly reported missing and not
    /// yet located.
    pub missing: u64,
    /// Most severe level the county HQ declared on the relief ladder, 1 (Ⅰ) to 4 (Ⅳ).
    pub relief_level_peak: Option<f64>,
    /// Most severe level a provincial HQ declared on the earthquake ladder.
    pub province_level_peak: Option<f64>,
    /// Most severe level the national HQ declared on the earthquake ladder.
    pub nation_level_peak: Option<f64>,
}

/// Computes the KPIs of a run at its current time.
pub fn compute(inputs: &KpiInputs) -> Kpis {
    let t = inputs.tally;
    let count = |n: u64| Some(n as f64);
    let quake_happened = t.first_onset.is_some();
    let mut response: Vec<f64> = inputs
        .first_response
        .iter()
        .filter_map(|&(onset, first, closed)| match (first, closed) {
            (Some(first), _) => Some(first.saturating_sub(onset) as f64),
            // Settled before any team came (neighbours freed everyone, or nobody survived):
            // no response time to measure.
            (None, true) => None,
            // Still waiting: counts as waiting until now, a lower bound.
            (None, false) => Some(inputs.now.saturating_sub(onset) as f64),
        })
        .collect();
    response.sort_by(f64::total_cmp);
    let road_restore_h = match (t.roads_blocked_ever, t.first_onset) {
        (0, _) | (_, None) => None,
        (_, Some(onset)) => {
            let restored = if inputs.roads_blocked_now == 0 {
                t.roads_restored_at.unwrap_or(inputs.now)
            } else {
                inputs.now
            };
            Some(restored.saturating_sub(onset) as f64 / 60.0)
        }
    };
    // Deaths the county HQ believed at 2/8/24 h, as a share of the run's true deaths.
    let deaths = t.killed_outright + t.deaths_while_trapped;
    let known = |slot: usize| {
        t.deaths_known[slot]
            .filter(|_| deaths > 0)
            .map(|k| k as f64 / deaths as f64)
    };
    Kpis {
        deaths: count(t.killed_outright + t.deaths_while_trapped),
        deaths_while_trapped: count(t.deaths_while_trapped),
        trapped_total: count(t.trapped_total),
        rescued_alive: count(t.rescued_by_teams + t.rescued_by_locals),
        rescued_by_teams: count(t.rescued_by_teams),
        rescued_by_locals: count(t.rescued_by_locals),
        // Everyone injured (受伤, as official counts report it): hospital-grade and light.
        injured_total: count(t.injured_total + t.injured_light),
        injured_treated: count(t.injured_treated),
        displaced_total: count(t.displaced_total),
        relief_within_4h: inputs.relief_within_4h,
        warning_coverage: inputs.warning_coverage,
        evacuated_before_impact: inputs.evacuated_before_impact,
        first_response_p50_min: percentile(&response, 0.5),
        first_response_p90_min: percentile(&response, 0.9),
        reports_on_time: inputs.reports_on_time,
        response_level_peak: inputs.response_level_peak,
        level_lag_min: inputs.level_lag_min,
        aviation_first_arrival_min: match (
            inputs.has_aviation,
            t.aviation_first_arrival,
            t.first_onset,
        ) {
            (true, Some(arrival), Some(onset)) => Some(arrival.saturating_sub(onset) as f64),
            _ => None,
        },
        major_accidents: inputs.major_accidents,
        roads_blocked_peak: quake_happened.then_some(t.roads_blocked_peak as f64),
        road_restore_h,
        injured_severe: count(t.injured_total),
        // Emergency relocation (紧急转移安置): the homeless and those who moved out.
        relocated_total: count(t.displaced_total + t.moved_out_total),
        missing: count(inputs.missing),
        deaths_known_2h: known(0),
        deaths_known_8h: known(1),
        deaths_known_24h: known(2),
        relief_level_peak: inputs.relief_level_peak,
        province_level_peak: inputs.province_level_peak,
        nation_level_peak: inputs.nation_level_peak,
    }
}
