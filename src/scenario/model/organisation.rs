//! Command nodes, their kinds and parents.

use serde::{Deserialize, Serialize};

use super::PlaceIndex;

/// A validated command node.
#[derive(Debug, Clone)]
pub struct CommandNode {
    pub id: String,
    pub name: String,
    pub kind: CommandKind,
    /// Index into [`Scenario::organisation`].
    pub parent: Option<usize>,
    /// Where it sits. An HQ above the county that the region's map does not show (`off_map`) is
    /// placed at the seat of the first county below it, for the rare message carried by hand; it
    /// always has phones.
    pub place: PlaceIndex,
    /// An HQ above the county with no place on the region's map (prefecture, province, nation).
    pub off_map: bool,
    pub span_of_control: u32,
    pub duty_staff: u32,
}

/// Kind of command node. Every kind is a seat a person can take in a drill (`drillsim seats`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize)]
pub enum CommandKind {
    /// County emergency headquarters (县应急指挥部).
    CountyHq,
    /// Flood and drought HQ (防汛抗旱指挥部).
    FloodDroughtHq,
    /// Forest fire HQ (森林防灭火指挥部).
    ForestFireHq,
    /// Earthquake relief HQ (抗震救灾指挥部).
    EarthquakeHq,
    /// Geological disaster HQ (地质灾害指挥部).
    GeologicalHq,
    /// Town command (乡镇).
    TownCommand,
    /// Village command (村/社区).
    VillageCommand,
    /// Field command post (现场指挥部).
    FieldPost,
    /// The county HQ's deputy commander (副总指挥), who can lead a forward HQ.
    DeputyHq,
    /// A county department (职能部门) that holds its own part of the picture.
    Department(Desk),
    /// Liaison with the army and the armed police (军地协同: 人武部 / 驻地部队联络).
    MilitaryLiaison,
    /// A neighbouring county's emergency office (区域联动).
    NeighbourCounty,
    /// An enterprise's emergency desk (企地联动), e.g. a chemical plant or a reservoir operator.
    Enterprise,
    /// The prefecture's (市/州) emergency headquarters, above the counties.
    PrefectureHq,
    /// The province's (省) emergency headquarters.
    ProvincialHq,
    /// The national headquarters (国务院抗震救灾指挥部 / 国家减灾委): the nation's response.
    NationalHq,
}

/// A level of government (政府层级) whose headquarters declares response levels of its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize)]
pub enum Government {
    /// 县级.
    County,
    /// 市（州）级.
    Prefecture,
    /// 省级.
    Province,
    /// 国家级.
    Nation,
}

impl Government {
    /// The level's name in Chinese and English.
    pub fn labels(self) -> (&'static str, &'static str) {
        match self {
            Government::County => ("县级", "county"),
            Government::Prefecture => ("市（州）级", "prefecture"),
            Government::Province => ("省级", "province"),
            Government::Nation => ("国家级", "national"),
        }
    }
}

/// A county department (职能部门): each holds the information that arises in its work.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize)]
pub enum Desk {
    /// Emergency management bureau (应急管理局): the HQ's office, incident reports.
    Emergency,
    /// Natural resources bureau (自然资源局): slope and geological-hazard monitoring.
    NaturalResources,
    /// Water resources bureau (水利局): river gauges and reservoirs.
    WaterResources,
    /// Meteorological bureau (气象局): rainfall forecasts and warnings.
    Meteorology,
    /// Transport bureau (交通运输局): road states found by its patrols.
    Transport,
    /// Public security bureau (公安局): traffic control, evacuation order, missing persons.
    PublicSecurity,
    /// Health commission (卫生健康局): hospital beds and casualties.
    Health,
    /// Fire and rescue brigade (消防救援大队): its teams' progress.
    FireRescue,
}

impl Desk {
    /// Every desk, in the order `drillsim seats` lists them.
    pub const ALL: [Desk; 8] = [
        Desk::Emergency,
        Desk::NaturalResources,
        Desk::WaterResources,
        Desk::Meteorology,
        Desk::Transport,
        Desk::PublicSecurity,
        Desk::Health,
        Desk::FireRescue,
    ];

    /// The desk's name in Chinese and English.
    pub fn labels(self) -> (&'static str, &'static str) {
        match self {
            Desk::Emergency => ("应急管理局", "emergency management bureau"),
            Desk::NaturalResources => ("自然资源局", "natural resources bureau"),
            Desk::WaterResources => ("水利局", "water resources bureau"),
            Desk::Meteorology => ("气象局", "meteorological bureau"),
            Desk::Transport => ("交通运输局", "transport bureau"),
            Desk::PublicSecurity => ("公安局", "public security bureau"),
            Desk::Health => ("卫生健康局", "health commission"),
            Desk::FireRescue => ("消防救援大队", "fire and rescue brigade"),
        }
    }
}

impl CommandKind {
    /// The kind's name in Chinese and English.
    pub fn labels(self) -> (&'static str, &'static str) {
        match self {
            CommandKind::CountyHq => ("县应急指挥部", "county HQ"),
            CommandKind::FloodDroughtHq => ("防汛抗旱指挥部", "flood and drought HQ"),
            CommandKind::ForestFireHq => ("森林防灭火指挥部", "forest fire HQ"),
            CommandKind::EarthquakeHq => ("抗震救灾指挥部", "earthquake relief HQ"),
            CommandKind::GeologicalHq => ("地质灾害指挥部", "geological disaster HQ"),
            CommandKind::TownCommand => ("乡镇指挥部", "town command"),
            CommandKind::VillageCommand => ("村应急工作组", "village command"),
            CommandKind::FieldPost => ("现场指挥部", "field command post"),
            CommandKind::DeputyHq => ("副总指挥", "deputy commander"),
            CommandKind::Department(desk) => desk.labels(),
            CommandKind::MilitaryLiaison => ("军地联络", "military liaison"),
            CommandKind::NeighbourCounty => ("邻县应急办", "neighbouring county"),
            CommandKind::Enterprise => ("企业应急值班", "enterprise emergency desk"),
            CommandKind::PrefectureHq => ("市（州）应急指挥部", "prefecture HQ"),
            CommandKind::ProvincialHq => ("省应急指挥部", "provincial HQ"),
            CommandKind::NationalHq => ("国家指挥部", "national HQ"),
        }
    }

    /// The level of government whose headquarters this is: the county HQ and the HQs above it.
    pub fn government(self) -> Option<Government> {
        match self {
            CommandKind::CountyHq => Some(Government::County),
            CommandKind::PrefectureHq => Some(Government::Prefecture),
            CommandKind::ProvincialHq => Some(Government::Province),
            CommandKind::NationalHq => Some(Government::Nation),
            _ => None,
        }
    }

    /// Whether this is an HQ above the county (prefecture, province, nation), which may sit off
    /// the region's map.
    pub fn is_above_county(self) -> bool {
        self.government().is_some_and(|g| g > Government::County)
    }

    /// Whether this seat sits with the county HQ and sees what is reported to it: the deputy
    /// commander and the specialised HQs (same building, same duty room).
    pub fn sits_with_hq(self) -> bool {
        self == CommandKind::DeputyHq || self.is_specialised_hq()
    }

    /// Whether this is one of the four specialised HQs (专项指挥部).
    pub fn is_specialised_hq(self) -> bool {
        matches!(
            self,
            CommandKind::EarthquakeHq
                | CommandKind::FloodDroughtHq
                | CommandKind::ForestFireHq
                | CommandKind::GeologicalHq
        )
    }
}
