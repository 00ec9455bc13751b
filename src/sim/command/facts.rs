//! What each county department holds in its own work (the "big emergency" plan's 职能部门):
//! the weather bureau the rain and debris-flow forecasts, the water bureau the flood forecasts,
//! its reservoirs and the rivers in flood, natural resources the slope (landslide, barrier-lake)
//! forecasts, health the free hospital beds, the fire and rescue brigade its teams. The
//! transport bureau's facts are road states, which its patrols report ([`super::knowledge`]).
//!
//! Facts are read from the simulation when a department looks (they cost a run nothing); a
//! department's facts reach another seat only when it shares them (`share SEAT WHAT`).

use bevy_ecs::prelude::*;

use crate::scenario::{Desk, HazardKind, Scenario, TeamKind};
use crate::sim::components::{HazardState, HospitalState, TeamRef, TeamState, TeamStatusKind};
use crate::sim::order::Info;
use crate::sim::warning::Warnings;

/// One fact a department holds, as of a minute, in both languages.
#[derive(Debug, Clone, PartialEq)]
pub struct Fact {
    /// What it is about: the `share` word that carries it (`forecasts`, `reservoirs`, `beds`,
    /// `teams`).
    pub kind: Info,
    pub as_of: u32,
    pub zh: String,
    pub en: String,
}

/// The kinds of fact `desk` holds of its own.
pub fn held_by(desk: Desk) -> &'static [Info] {
    match desk {
        Desk::Meteorology | Desk::NaturalResources => &[Info::Forecasts],
        Desk::WaterResources => &[Info::Forecasts, Info::Reservoirs],
        Desk::Health => &[Info::Beds],
        Desk::FireRescue => &[Info::Teams],
        Desk::Transport => &[Info::Roads],
        Desk::Emergency | Desk::PublicSecurity => &[],
    }
}

/// The hazard forecasts `desk` makes or receives from its monitoring.
fn forecast_kinds(desk: Desk) -> &'static [HazardKind] {
    match desk {
        Desk::Meteorology => &[HazardKind::Rainstorm, HazardKind::DebrisFlow],
        Desk::NaturalResources => &[HazardKind::Landslide, HazardKind::BarrierLake],
        Desk::WaterResources => &[HazardKind::Flood, HazardKind::DamBreak],
        _ => &[],
    }
}

fn clock(minute: u32) -> String {
    format!("T+{:02}:{:02}", minute / 60, minute % 60)
}

/// A team status in Chinese.
fn status_zh(status: TeamStatusKind) -> &'static str {
    match status {
        TeamStatusKind::Available => "待命",
        TeamStatusKind::Mobilising => "集结",
        TeamStatusKind::EnRoute => "在途",
        TeamStatusKind::Working => "作业",
        TeamStatusKind::Resting => "休整",
    }
}

/// The facts of `kind` that `desk` holds now, oldest first.
pub fn facts_of(
    world: &mut World,
    scenario: &Scenario,
    desk: Desk,
    kind: Info,
    now: u32,
) -> Vec<Fact> {
    if !held_by(desk).contains(&kind) {
        return Vec::new();
    }
    let place = |p: usize| {
        let place = &scenario.region.places[p];
        (place.name.as_str(), place.id.as_str())
    };
    let mut facts = Vec::new();
    match kind {
        Info::Forecasts => {
            let kinds = forecast_kinds(desk);
            let made = world.get_resource::<Warnings>().map(|w| &w.made[..]);
            for f in made
                .unwrap_or(&[])
                .iter()
                .filter(|f| kinds.contains(&f.kind))
            {
                let (zh, en) = f.kind.labels();
                let (name, id) = place(f.place);
                let (alarm_zh, alarm_en) = if f.false_alarm {
                    ("（误报）", " (false alarm)")
                } else {
                    ("", "")
                };
                facts.push(Fact {
                    kind,
                    as_of: f.at,
                    zh: format!("{} 预报{name}({id}) {zh}{alarm_zh}", clock(f.at)),
                    en: format!("{} forecast: {en} at {name} ({id}){alarm_en}", clock(f.at)),
                });
            }
        }
        Info::Reservoirs => {
            let state = world.get_resource::<HazardState>();
            for (i, river) in scenario.region.rivers.iter().enumerate() {
                if state.is_some_and(|s| s.rivers_flooded.get(i) == Some(&true)) {
                    facts.push(Fact {
                        kind,
                        as_of: now,
                        zh: format!("{} 河流超警：{}", clock(now), river.name),
                        en: format!("{} river in flood: {}", clock(now), river.name),
                    });
                }
            }
            for r in &scenario.facilities.reservoirs {
                let rain = state.and_then(|s| s.rain_mm.get(r.place)).copied();
                let rain = rain.unwrap_or(0.0);
                let (name, id) = place(r.place);
                facts.push(Fact {
                    kind,
                    as_of: now,
                    zh: format!(
                        "{} 水库{}（{name} {id}）：过程雨量 {rain:.0}/{:.0} 毫米（漫顶）",
                        clock(now),
                        r.name,
                        r.overtop_rain_mm
                    ),
                    en: format!(
                        "{} reservoir {} ({name} {id}): event rain {rain:.0} of {:.0} mm to overtop",
                        clock(now),
                        r.name,
                        r.overtop_rain_mm
                    ),
                });
            }
        }
        Info::Beds => {
            let mut query = world.query::<&HospitalState>();
            let mut beds: Vec<(usize, u32)> =
                query.iter(world).map(|h| (h.index, h.beds_free)).collect();
            beds.sort_unstable();
            for (index, free) in beds {
                let hospital = &scenario.facilities.hospitals[index];
                facts.push(Fact {
                    kind,
                    as_of: now,
                    zh: format!(
                        "{} {}：空床 {free}/{}",
                        clock(now),
                        hospital.name,
                        hospital.beds
                    ),
                    en: format!(
                        "{} {}: {free} of {} beds free",
                        clock(now),
                        hospital.name,
                        hospital.beds
                    ),
                });
            }
        }
        Info::Teams => {
            let mut query = world.query::<(&TeamRef, &TeamState)>();
            let mut teams: Vec<(usize, TeamStatusKind, usize)> = query
                .iter(world)
                .filter(|(t, _)| scenario.teams[t.index].kind == TeamKind::Comprehensive)
                .map(|(t, s)| (t.index, s.status.kind(), s.location))
                .collect();
            teams.sort_unstable_by_key(|t| t.0);
            for (index, status, at) in teams {
                let team = &scenario.teams[index];
                let (name, id) = place(at);
                facts.push(Fact {
                    kind,
                    as_of: now,
                    zh: format!(
                        "{} {}（{}）{} {name}({id})",
                        clock(now),
                        team.name,
                        team.id,
                        status_zh(status)
                    ),
                    en: format!(
                        "{} {} ({}) {} at {name} ({id})",
                        clock(now),
                        team.name,
                        team.id,
                        status.name()
                    ),
                });
            }
        }
        Info::Roads | Info::Incidents => {}
    }
    facts
}
