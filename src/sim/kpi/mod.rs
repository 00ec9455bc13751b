//! KPIs: the names and meanings fixed by the JSON contract (DESIGN.md §4), and the one registry
//! of everything else about each KPI — its unit, which way is better, its labels in Chinese and
//! English, how it is written for people and where its target comes from.
//!
//! Times are minutes (hours for `road_restore_h`), shares are fractions in 0..1. A KPI whose
//! model is not in this run — or that does not apply to it — is `None` (JSON `null`), never 0.
//!
//! Every property of a KPI is an exhaustive `match` on [`Kpi`]: a new variant does not compile
//! until it has a name, a unit, a direction, labels and a target rule.

mod values;

#[cfg(test)]
use values::percentile;
pub use values::{JsonNumber, KPI_NAMES, KpiInputs, Kpis, compute};

use crate::scenario::model::{Level, Targets};

/// One KPI of the contract. The declaration order is the contract order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kpi {
    Deaths,
    DeathsWhileTrapped,
    TrappedTotal,
    RescuedAlive,
    RescuedByTeams,
    RescuedByLocals,
    InjuredTotal,
    InjuredTreated,
    DisplacedTotal,
    ReliefWithin4h,
    WarningCoverage,
    EvacuatedBeforeImpact,
    FirstResponseP50Min,
    FirstResponseP90Min,
    ReportsOnTime,
    ResponseLevelPeak,
    LevelLagMin,
    AviationFirstArrivalMin,
    MajorAccidents,
    RoadsBlockedPeak,
    RoadRestoreH,
    InjuredSevere,
    RelocatedTotal,
    Missing,
    DeathsKnown2h,
    DeathsKnown8h,
    DeathsKnown24h,
    ReliefLevelPeak,
    ProvinceLevelPeak,
    NationLevelPeak,
}

/// What a KPI counts or measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    /// People (a whole number; never null).
    People,
    /// A share from 0 to 1.
    Share,
    /// Minutes.
    Minutes,
    /// Hours.
    Hours,
    /// A response level, 1 (Ⅰ, most severe) to 4 (Ⅳ).
    Level,
    /// Road links (a whole number).
    Roads,
    /// Accidents (a whole number).
    Accidents,
}

/// Direction in which a KPI is better.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Better {
    Lower,
    Higher,
}

impl Kpi {
    /// Every KPI, in contract order.
    /// How many KPIs there are: the one number every per-KPI array is sized by.
    pub const COUNT: usize = 30;

    pub const ALL: [Kpi; Kpi::COUNT] = [
        Kpi::Deaths,
        Kpi::DeathsWhileTrapped,
        Kpi::TrappedTotal,
        Kpi::RescuedAlive,
        Kpi::RescuedByTeams,
        Kpi::RescuedByLocals,
        Kpi::InjuredTotal,
        Kpi::InjuredTreated,
        Kpi::DisplacedTotal,
        Kpi::ReliefWithin4h,
        Kpi::WarningCoverage,
        Kpi::EvacuatedBeforeImpact,
        Kpi::FirstResponseP50Min,
        Kpi::FirstResponseP90Min,
        Kpi::ReportsOnTime,
        Kpi::ResponseLevelPeak,
        Kpi::LevelLagMin,
        Kpi::AviationFirstArrivalMin,
        Kpi::MajorAccidents,
        Kpi::RoadsBlockedPeak,
        Kpi::RoadRestoreH,
        Kpi::InjuredSevere,
        Kpi::RelocatedTotal,
        Kpi::Missing,
        Kpi::DeathsKnown2h,
        Kpi::DeathsKnown8h,
        Kpi::DeathsKnown24h,
        Kpi::ReliefLevelPeak,
        Kpi::ProvinceLevelPeak,
        Kpi::NationLevelPeak,
    ];

    /// Its JSON key (DESIGN.md §4).
    pub const fn name(self) -> &'static str {
        match self {
            Kpi::Deaths => "deaths",
            Kpi::DeathsWhileTrapped => "deaths_while_trapped",
            Kpi::TrappedTotal => "trapped_total",
            Kpi::RescuedAlive => "rescued_alive",
            Kpi::RescuedByTeams => "rescued_by_teams",
            Kpi::RescuedByLocals => "rescued_by_locals",
            Kpi::InjuredTotal => "injured_total",
            Kpi::InjuredTreated => "injured_treated",
            Kpi::DisplacedTotal => "displaced_total",
            Kpi::ReliefWithin4h => "relief_within_4h",
            Kpi::WarningCoverage => "warning_coverage",
            Kpi::EvacuatedBeforeImpact => "evacuated_before_impact",
            Kpi::FirstResponseP50Min => "first_response_p50_min",
            Kpi::FirstResponseP90Min => "first_response_p90_min",
            Kpi::ReportsOnTime => "reports_on_time",
            Kpi::ResponseLevelPeak => "response_level_peak",
            Kpi::LevelLagMin => "level_lag_min",
            Kpi::AviationFirstArrivalMin => "aviation_first_arrival_min",
            Kpi::MajorAccidents => "major_accidents",
            Kpi::RoadsBlockedPeak => "roads_blocked_peak",
            Kpi::RoadRestoreH => "road_restore_h",
            Kpi::InjuredSevere => "injured_severe",
            Kpi::RelocatedTotal => "relocated_total",
            Kpi::Missing => "missing",
            Kpi::DeathsKnown2h => "deaths_known_2h",
            Kpi::DeathsKnown8h => "deaths_known_8h",
            Kpi::DeathsKnown24h => "deaths_known_24h",
            Kpi::ReliefLevelPeak => "relief_level_peak",
            Kpi::ProvinceLevelPeak => "province_level_peak",
            Kpi::NationLevelPeak => "nation_level_peak",
        }
    }

    /// The KPI whose JSON key is `name`.
    pub fn from_name(name: &str) -> Option<Kpi> {
        Kpi::ALL.into_iter().find(|k| k.name() == name)
    }

    /// Its position in contract order.
    pub fn index(self) -> usize {
        self as usize
    }

    /// What it counts or measures.
    pub const fn unit(self) -> Unit {
        match self {
            Kpi::Deaths
            | Kpi::DeathsWhileTrapped
            | Kpi::TrappedTotal
            | Kpi::RescuedAlive
            | Kpi::RescuedByTeams
            | Kpi::RescuedByLocals
            | Kpi::InjuredTotal
            | Kpi::InjuredTreated
            | Kpi::DisplacedTotal
            | Kpi::InjuredSevere
            | Kpi::RelocatedTotal
            | Kpi::Missing => Unit::People,
            Kpi::ReliefWithin4h
            | Kpi::WarningCoverage
            | Kpi::EvacuatedBeforeImpact
            | Kpi::ReportsOnTime
            | Kpi::DeathsKnown2h
            | Kpi::DeathsKnown8h
            | Kpi::DeathsKnown24h => Unit::Share,
            Kpi::FirstResponseP50Min
            | Kpi::FirstResponseP90Min
            | Kpi::LevelLagMin
            | Kpi::AviationFirstArrivalMin => Unit::Minutes,
            Kpi::RoadRestoreH => Unit::Hours,
            Kpi::ResponseLevelPeak
            | Kpi::ReliefLevelPeak
            | Kpi::ProvinceLevelPeak
            | Kpi::NationLevelPeak => Unit::Level,
            Kpi::RoadsBlockedPeak => Unit::Roads,
            Kpi::MajorAccidents => Unit::Accidents,
        }
    }

    /// Whether it may be `null` (its model not in the run, or not applicable). Counts of people
    /// always have a value.
    pub const fn may_be_null(self) -> bool {
        match self.unit() {
            Unit::People => false,
            Unit::Share
            | Unit::Minutes
            | Unit::Hours
            | Unit::Level
            | Unit::Roads
            | Unit::Accidents => true,
        }
    }

    /// Which way it is better; `None` for the peak response level, which is the commander's
    /// call to match the disaster, not a score.
    pub const fn better(self) -> Option<Better> {
        match self {
            Kpi::Deaths
            | Kpi::DeathsWhileTrapped
            | Kpi::TrappedTotal
            | Kpi::InjuredTotal
            | Kpi::DisplacedTotal
            | Kpi::FirstResponseP50Min
            | Kpi::FirstResponseP90Min
            | Kpi::LevelLagMin
            | Kpi::AviationFirstArrivalMin
            | Kpi::MajorAccidents
            | Kpi::RoadsBlockedPeak
            | Kpi::RoadRestoreH
            | Kpi::InjuredSevere
            | Kpi::RelocatedTotal
            | Kpi::Missing => Some(Better::Lower),
            Kpi::RescuedAlive
            | Kpi::RescuedByTeams
            | Kpi::RescuedByLocals
            | Kpi::InjuredTreated
            | Kpi::ReliefWithin4h
            | Kpi::WarningCoverage
            | Kpi::EvacuatedBeforeImpact
            | Kpi::ReportsOnTime
            | Kpi::DeathsKnown2h
            | Kpi::DeathsKnown8h
            | Kpi::DeathsKnown24h => Some(Better::Higher),
            Kpi::ResponseLevelPeak
            | Kpi::ReliefLevelPeak
            | Kpi::ProvinceLevelPeak
            | Kpi::NationLevelPeak => None,
        }
    }

    /// Whether `value` meets `target`, given which way the KPI is better (`None` when it has no
    /// direction).
    pub fn meets(self, value: f64, target: f64) -> Option<bool> {
        self.better().map(|better| match better {
            Better::Lower => value <= target,
            Better::Higher => value >= target,
        })
    }

    /// Short labels (Chinese, English), as the drill's KPI pane and after-action report show them.
    pub const fn labels(self) -> (&'static str, &'static str) {
        match self {
            Kpi::Deaths => ("死亡", "deaths"),
            Kpi::DeathsWhileTrapped => ("被困死亡", "deaths while trapped"),
            Kpi::TrappedTotal => ("被困总数", "trapped (total)"),
            Kpi::RescuedAlive => ("救出生还", "rescued alive"),
            Kpi::RescuedByTeams => ("队伍救出", "rescued by teams"),
            Kpi::RescuedByLocals => ("自救互救", "rescued by neighbours"),
            Kpi::InjuredTotal => ("受伤", "injured"),
            Kpi::InjuredTreated => ("入院救治", "severely injured admitted"),
            Kpi::DisplacedTotal => ("失去住所", "displaced"),
            Kpi::ReliefWithin4h => ("4小时救助率", "relief within 4 h"),
            Kpi::WarningCoverage => ("预警覆盖率", "warning coverage"),
            Kpi::EvacuatedBeforeImpact => ("提前转移", "evacuated before impact"),
            Kpi::FirstResponseP50Min => ("首支到场 P50", "first team P50"),
            Kpi::FirstResponseP90Min => ("首支到场 P90", "first team P90"),
            Kpi::ReportsOnTime => ("按时报告率", "reports on time"),
            Kpi::ResponseLevelPeak => ("最高响应级别", "peak level"),
            Kpi::LevelLagMin => ("响应滞后", "level lag"),
            Kpi::AviationFirstArrivalMin => ("航空首到", "aviation first"),
            Kpi::MajorAccidents => ("较大及以上事故", "major accidents"),
            Kpi::RoadsBlockedPeak => ("道路中断峰值", "roads blocked (peak)"),
            Kpi::RoadRestoreH => ("道路抢通", "roads restored"),
            Kpi::InjuredSevere => ("重伤", "severely injured"),
            Kpi::RelocatedTotal => ("紧急转移安置", "relocated"),
            Kpi::Missing => ("失联", "missing"),
            Kpi::DeathsKnown2h => ("2小时掌握死亡", "deaths known 2 h"),
            Kpi::DeathsKnown8h => ("8小时掌握死亡", "deaths known 8 h"),
            Kpi::DeathsKnown24h => ("24小时掌握死亡", "deaths known 24 h"),
            Kpi::ReliefLevelPeak => ("最高救灾响应", "peak relief level"),
            Kpi::ProvinceLevelPeak => ("省级最高响应", "province peak level"),
            Kpi::NationLevelPeak => ("国家最高响应", "nation peak level"),
        }
    }

    /// The label in the HTML report, English then Chinese.
    pub const fn report_label(self) -> &'static str {
        match self {
            Kpi::Deaths => "Deaths 死亡",
            Kpi::DeathsWhileTrapped => "Deaths while trapped 被困死亡",
            Kpi::TrappedTotal => "Trapped 被困",
            Kpi::RescuedAlive => "Rescued alive 获救",
            Kpi::RescuedByTeams => "Rescued by teams 队伍救出",
            Kpi::RescuedByLocals => "Rescued by neighbours 自救互救",
            Kpi::InjuredTotal => "Injured 受伤",
            Kpi::InjuredTreated => "Severely injured admitted 入院救治",
            Kpi::DisplacedTotal => "Displaced 失去住所",
            Kpi::ReliefWithin4h => "Relieved within 4 h 4小时救助率",
            Kpi::WarningCoverage => "Warning coverage 预警覆盖率",
            Kpi::EvacuatedBeforeImpact => "Evacuated before impact 提前转移",
            Kpi::FirstResponseP50Min => "First team on scene, median (min) 首支队伍到场",
            Kpi::FirstResponseP90Min => "First team on scene, p90 (min)",
            Kpi::ReportsOnTime => "Reports on time 按时报告率",
            Kpi::ResponseLevelPeak => "Response level peak 响应级别",
            Kpi::LevelLagMin => "Level lag (min) 响应滞后",
            Kpi::AviationFirstArrivalMin => "Aviation on scene (min) 航空到场",
            Kpi::MajorAccidents => "Major accidents 较大及以上事故",
            Kpi::RoadsBlockedPeak => "Roads blocked, peak 道路中断峰值",
            Kpi::RoadRestoreH => "Roads restored (h) 道路抢通",
            Kpi::InjuredSevere => "Severely injured 重伤",
            Kpi::RelocatedTotal => "Relocated 紧急转移安置",
            Kpi::Missing => "Missing at the end 失联",
            Kpi::DeathsKnown2h => "Deaths known to HQ at 2 h 2小时掌握死亡",
            Kpi::DeathsKnown8h => "Deaths known to HQ at 8 h 8小时掌握死亡",
            Kpi::DeathsKnown24h => "Deaths known to HQ at 24 h 24小时掌握死亡",
            Kpi::ReliefLevelPeak => "Relief level peak, county 县救灾响应",
            Kpi::ProvinceLevelPeak => "Earthquake level peak, province 省地震响应",
            Kpi::NationLevelPeak => "Earthquake level peak, nation 国家地震响应",
        }
    }

    /// Its target in the scenario's `targets`, if the scenario sets one for it.
    pub fn target(self, targets: &Targets) -> Option<f64> {
        match self {
            Kpi::ReliefWithin4h => Some(targets.relief_within_4h),
            Kpi::WarningCoverage => Some(targets.warning_coverage),
            Kpi::AviationFirstArrivalMin => Some(targets.aviation_first_arrival_min),
            Kpi::MajorAccidents => Some(targets.major_accidents as f64),
            Kpi::Deaths
            | Kpi::DeathsWhileTrapped
            | Kpi::TrappedTotal
            | Kpi::RescuedAlive
            | Kpi::RescuedByTeams
            | Kpi::RescuedByLocals
            | Kpi::InjuredTotal
            | Kpi::InjuredTreated
            | Kpi::DisplacedTotal
            | Kpi::EvacuatedBeforeImpact
            | Kpi::FirstResponseP50Min
            | Kpi::FirstResponseP90Min
            | Kpi::ReportsOnTime
            | Kpi::ResponseLevelPeak
            | Kpi::LevelLagMin
            | Kpi::RoadsBlockedPeak
            | Kpi::RoadRestoreH
            | Kpi::InjuredSevere
            | Kpi::RelocatedTotal
            | Kpi::Missing
            | Kpi::DeathsKnown2h
            | Kpi::DeathsKnown8h
            | Kpi::DeathsKnown24h
            | Kpi::ReliefLevelPeak
            | Kpi::ProvinceLevelPeak
            | Kpi::NationLevelPeak => None,
        }
    }

    /// The ideal the drill holds it to where the scenario sets no target: every report on time,
    /// no lag in declaring the level.
    pub const fn ideal(self) -> Option<f64> {
        match self {
            Kpi::ReportsOnTime => Some(1.0),
            Kpi::LevelLagMin => Some(0.0),
            Kpi::Deaths
            | Kpi::DeathsWhileTrapped
            | Kpi::TrappedTotal
            | Kpi::RescuedAlive
            | Kpi::RescuedByTeams
            | Kpi::RescuedByLocals
            | Kpi::InjuredTotal
            | Kpi::InjuredTreated
            | Kpi::DisplacedTotal
            | Kpi::ReliefWithin4h
            | Kpi::WarningCoverage
            | Kpi::EvacuatedBeforeImpact
            | Kpi::FirstResponseP50Min
            | Kpi::FirstResponseP90Min
            | Kpi::ResponseLevelPeak
            | Kpi::AviationFirstArrivalMin
            | Kpi::MajorAccidents
            | Kpi::RoadsBlockedPeak
            | Kpi::RoadRestoreH
            | Kpi::InjuredSevere
            | Kpi::RelocatedTotal
            | Kpi::Missing
            | Kpi::DeathsKnown2h
            | Kpi::DeathsKnown8h
            | Kpi::DeathsKnown24h
            | Kpi::ReliefLevelPeak
            | Kpi::ProvinceLevelPeak
            | Kpi::NationLevelPeak => None,
        }
    }

    /// A value as the batch table writes it: shares in percent to one decimal, whole numbers
    /// without decimals, others to one decimal.
    pub fn table_text(self, v: f64) -> String {
        match self.unit() {
            Unit::Share => format!("{:.1} %", v * 100.0),
            Unit::People
            | Unit::Minutes
            | Unit::Hours
            | Unit::Level
            | Unit::Roads
            | Unit::Accidents => {
                if v.fract() == 0.0 && v.abs() < 1e9 {
                    format!("{v:.0}")
                } else {
                    format!("{v:.1}")
                }
            }
        }
    }

    /// A value as the drill and its after-action report show it (`—` for none).
    pub fn drill_text(self, value: Option<f64>) -> String {
        let Some(v) = value else {
            return "—".into();
        };
        match self.unit() {
            Unit::Minutes => format!("{v:.0} min"),
            Unit::Share => format!("{:.0}%", v * 100.0),
            Unit::Level => {
                Level::from_number(v as u8).map_or("—".into(), |l| l.roman().to_string())
            }
            Unit::People | Unit::Hours | Unit::Roads | Unit::Accidents => format!("{v:.0}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_use_nearest_rank() {
        let v = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0];
        assert_eq!(percentile(&v, 0.5), Some(5.0));
        assert_eq!(percentile(&v, 0.9), Some(9.0));
        assert_eq!(percentile(&[], 0.5), None);
        assert_eq!(percentile(&[4.0], 0.9), Some(4.0));
    }

    #[test]
    fn every_kpi_has_one_name_in_contract_order() {
        for (i, kpi) in Kpi::ALL.into_iter().enumerate() {
            assert_eq!(kpi.index(), i, "{kpi:?}");
            assert_eq!(KPI_NAMES[i], kpi.name());
            assert_eq!(Kpi::from_name(kpi.name()), Some(kpi));
        }
        assert_eq!(Kpi::from_name("deaths_total"), None);
    }

    #[test]
    fn every_kpi_has_labels_in_chinese_and_english() {
        for kpi in Kpi::ALL {
            let (zh, en) = kpi.labels();
            assert!(!zh.is_empty() && !en.is_empty(), "{kpi:?} has no label");
            assert!(
                zh.chars().any(|c| c > '\u{2e80}'),
                "{kpi:?}: {zh} is not Chinese"
            );
            assert!(
                !kpi.report_label().is_empty(),
                "{kpi:?} has no report label"
            );
        }
    }

    #[test]
    fn every_kpi_value_and_target_reads_back_by_kpi() {
        let mut kpis = Kpis::default();
        for kpi in Kpi::ALL {
            *kpis.slot(kpi) = Some(kpi.index() as f64);
        }
        for kpi in Kpi::ALL {
            assert_eq!(kpis.value(kpi), Some(kpi.index() as f64), "{kpi:?}");
            assert_eq!(kpis.get(kpi.name()), Some(kpi.index() as f64), "{kpi:?}");
        }
        let targets = Targets {
            relief_within_4h: 1.0,
            warning_coverage: 0.9,
            aviation_first_arrival_min: 120.0,
            major_accidents: 0,
        };
        assert_eq!(Kpi::WarningCoverage.target(&targets), Some(0.9));
        assert_eq!(Kpi::Deaths.target(&targets), None);
    }

    #[test]
    fn a_target_is_met_in_the_direction_the_kpi_is_better() {
        assert_eq!(Kpi::WarningCoverage.meets(0.95, 0.9), Some(true));
        assert_eq!(Kpi::WarningCoverage.meets(0.85, 0.9), Some(false));
        assert_eq!(Kpi::AviationFirstArrivalMin.meets(100.0, 120.0), Some(true));
        assert_eq!(
            Kpi::AviationFirstArrivalMin.meets(130.0, 120.0),
            Some(false)
        );
        assert_eq!(Kpi::ResponseLevelPeak.meets(2.0, 2.0), None);
    }

    #[test]
    fn every_share_shows_as_a_percent_in_the_drill() {
        for kpi in Kpi::ALL.into_iter().filter(|k| k.unit() == Unit::Share) {
            assert_eq!(kpi.drill_text(Some(0.5)), "50%", "{kpi:?}");
        }
        assert_eq!(Kpi::LevelLagMin.drill_text(Some(12.0)), "12 min");
        assert_eq!(Kpi::ResponseLevelPeak.drill_text(Some(2.0)), "Ⅱ");
        assert_eq!(Kpi::Deaths.drill_text(None), "—");
    }

    #[test]
    fn kpi_names_match_the_serialised_struct() {
        let json = serde_json::to_value(Kpis::default()).unwrap();
        let keys: Vec<&str> = json
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        let mut expected = KPI_NAMES.to_vec();
        expected.sort();
        let mut keys = keys.clone();
        keys.sort();
        assert_eq!(keys, expected);
    }
}
