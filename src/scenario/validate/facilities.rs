//! Facilities: shelters, depots, hospitals, hazardous sites, helipads, comms towers and
//! reservoirs.

use super::validator::Validator;
use crate::scenario::load::Sourced;
use crate::scenario::model::{
    CommsTower, Depot, Facilities, HazardousSite, Helipad, Hospital, Region, Reservoir, Shelter,
    Stocks,
};
use crate::scenario::spec::*;

/// Most people one shelter may hold.
const MAX_SHELTER_CAPACITY: u64 = 2_000_000;

pub(super) fn check_facilities(
    v: &mut Validator,
    facilities: &Sourced<FacilitiesSpec>,
    region: Option<&Region>,
) -> Facilities {
    let file = facilities.file.as_str();
    let f = &facilities.value;
    let mut out = Facilities::default();

    v.unique_ids(
        file,
        "facilities.shelters",
        f.shelters.iter().map(|x| x.id.as_str()),
    );
    for (i, s) in f.shelters.iter().enumerate() {
        let place = v.place_ref(file, format!("facilities.shelters[{i}].place"), &s.place);
        if s.capacity == 0 {
            v.warning(
                file,
                format!("facilities.shelters[{i}].capacity"),
                "is 0: the shelter holds nobody",
            );
        }
        v.count(
            file,
            format!("facilities.shelters[{i}].capacity"),
            s.capacity as u64,
            MAX_SHELTER_CAPACITY,
            "people in one shelter",
        );
        out.shelters.push(Shelter {
            id: s.id.clone(),
            name: s.name.clone(),
            place,
            capacity: s.capacity,
        });
    }
    v.unique_ids(
        file,
        "facilities.depots",
        f.depots.iter().map(|x| x.id.as_str()),
    );
    for (i, d) in f.depots.iter().enumerate() {
        let place = v.place_ref(file, format!("facilities.depots[{i}].place"), &d.place);
        v.depot(
            file,
            &format!("facilities.depots[{i}]"),
            d.vehicles,
            &d.stocks,
        );
        out.depots.push(Depot {
            id: d.id.clone(),
            name: d.name.clone(),
            place,
            stocks: Stocks::from(&d.stocks),
            vehicles: d.vehicles,
        });
    }
    v.unique_ids(
        file,
        "facilities.hospitals",
        f.hospitals.iter().map(|x| x.id.as_str()),
    );
    for (i, h) in f.hospitals.iter().enumerate() {
        let place = v.place_ref(file, format!("facilities.hospitals[{i}].place"), &h.place);
        if h.beds == 0 {
            v.warning(
                file,
                format!("facilities.hospitals[{i}].beds"),
                "is 0: the hospital admits nobody",
            );
        }
        if h.ambulances == 0 {
            v.warning(
                file,
                format!("facilities.hospitals[{i}].ambulances"),
                "is 0: no casualties can be carried to this hospital",
            );
        }
        if h.ambulances > 10_000 {
            v.error(
                file,
                format!("facilities.hospitals[{i}].ambulances"),
                format!("{} ambulances is absurd for one hospital", h.ambulances),
            );
        }
        if h.beds > 100_000 {
            v.error(
                file,
                format!("facilities.hospitals[{i}].beds"),
                format!("{} beds is absurd for one hospital", h.beds),
            );
        }
        out.hospitals.push(Hospital {
            id: h.id.clone(),
            name: h.name.clone(),
            place,
            beds: h.beds,
            ambulances: h.ambulances,
        });
    }
    v.unique_ids(
        file,
        "facilities.hazardous_sites",
        f.hazardous_sites.iter().map(|x| x.id.as_str()),
    );
    for (i, h) in f.hazardous_sites.iter().enumerate() {
        let place = v.place_ref(
            file,
            format!("facilities.hazardous_sites[{i}].place"),
            &h.place,
        );
        out.hazardous_sites.push(HazardousSite {
            id: h.id.clone(),
            name: h.name.clone(),
            place,
            kind: h.kind,
            workers: h.workers,
        });
    }
    v.unique_ids(
        file,
        "facilities.helipads",
        f.helipads.iter().map(|x| x.id.as_str()),
    );
    for (i, h) in f.helipads.iter().enumerate() {
        let place = v.place_ref(file, format!("facilities.helipads[{i}].place"), &h.place);
        out.helipads.push(Helipad {
            id: h.id.clone(),
            place,
        });
    }
    v.unique_ids(
        file,
        "facilities.comms_towers",
        f.comms_towers.iter().map(|x| x.id.as_str()),
    );
    for (i, t) in f.comms_towers.iter().enumerate() {
        let place = v.place_ref(
            file,
            format!("facilities.comms_towers[{i}].place"),
            &t.place,
        );
        let serves = t
            .serves
            .iter()
            .enumerate()
            .map(|(j, id)| {
                v.place_ref(
                    file,
                    format!("facilities.comms_towers[{i}].serves[{j}]"),
                    id,
                )
            })
            .collect();
        out.comms_towers.push(CommsTower {
            id: t.id.clone(),
            place,
            serves,
        });
    }
    check_reservoirs(v, file, &f.reservoirs, region, &mut out);
    out
}

/// Reservoirs: each on a river with a place downstream, within the range the breach model
/// was fitted to (docs/models.md, dam break).
fn check_reservoirs(
    v: &mut Validator,
    file: &str,
    reservoirs: &[ReservoirSpec],
    region: Option<&Region>,
    out: &mut Facilities,
) {
    v.unique_ids(
        file,
        "facilities.reservoirs",
        reservoirs.iter().map(|x| x.id.as_str()),
    );
    for (i, r) in reservoirs.iter().enumerate() {
        let path = format!("facilities.reservoirs[{i}]");
        let place = v.place_ref(file, format!("{path}.place"), &r.place);
        let mut river = usize::MAX;
        if let Some(region) = region {
            match region.rivers.iter().position(|x| x.id == r.river) {
                None => {
                    let known: Vec<&str> = region.rivers.iter().map(|x| x.id.as_str()).collect();
                    v.error_hint(
                        file,
                        format!("{path}.river"),
                        format!("unknown river `{}`", r.river),
                        if known.is_empty() {
                            "define the river in region.rivers".to_string()
                        } else {
                            format!("use one of region.rivers: {}", known.join(", "))
                        },
                    );
                }
                Some(k) if place != usize::MAX => {
                    river = k;
                    let places = &region.rivers[k].places;
                    match places.iter().position(|&p| p == place) {
                        None => v.error_hint(
                            file,
                            format!("{path}.place"),
                            format!("`{}` is not on river `{}`", r.place, r.river),
                            "put the reservoir at one of the river's places, or add the place to the river's places",
                        ),
                        Some(j) if j + 1 == places.len() => v.error_hint(
                            file,
                            format!("{path}.place"),
                            format!(
                                "`{}` is the last place on river `{}`: the breach wave would reach no place downstream",
                                r.place, r.river
                            ),
                            "put the reservoir at a place upstream of another on the river",
                        ),
                        Some(_) => {}
                    }
                }
                Some(k) => river = k,
            }
        }
        if place != usize::MAX && out.reservoir_at(place).is_some() {
            v.error_hint(
                file,
                format!("{path}.place"),
                format!("a reservoir already stands at `{}`", r.place),
                "give each reservoir its own place (one reservoir a place)",
            );
        }
        if !r.storage_m3.is_finite() || !(1e5..=1e8).contains(&r.storage_m3) {
            v.error_hint(
                file,
                format!("{path}.storage_m3"),
                format!(
                    "is {} m³, outside 1e5–1e8 m³ (小(2)型 to 中型 reservoirs, the range the breach model holds for)",
                    r.storage_m3
                ),
                "write the water stored at failure, between 100000.0 and 100000000.0 m³",
            );
        }
        v.positive(
            file,
            format!("{path}.dam_height_m"),
            r.dam_height_m,
            100.0,
            " m",
        );
        v.positive(file, format!("{path}.head_m"), r.head_m, 100.0, " m");
        if r.head_m.is_finite() && r.dam_height_m.is_finite() && r.head_m > r.dam_height_m {
            v.error_hint(
                file,
                format!("{path}.head_m"),
                format!(
                    "is {} m, higher than the dam ({} m)",
                    r.head_m, r.dam_height_m
                ),
                "write the depth of water above the breach bottom, no more than dam_height_m",
            );
        }
        let overtop_rain_mm = r
            .overtop_rain_mm
            .unwrap_or_else(|| r.safety_class.default_overtop_rain_mm());
        v.positive(
            file,
            format!("{path}.overtop_rain_mm"),
            overtop_rain_mm,
            2000.0,
            " mm",
        );
        v.number(
            file,
            format!("{path}.valley_width_m"),
            r.valley_width_m,
            10.0,
            5000.0,
            " m",
        );
        v.number(file, format!("{path}.slope"), r.slope, 1e-4, 0.1, "");
        v.number(
            file,
            format!("{path}.manning_n"),
            r.manning_n,
            0.02,
            0.15,
            "",
        );
        v.fraction(file, format!("{path}.masonry_share"), r.masonry_share);
        out.reservoirs.push(Reservoir {
            id: r.id.clone(),
            name: r.name.clone(),
            place,
            river,
            storage_m3: r.storage_m3,
            dam_height_m: r.dam_height_m,
            head_m: r.head_m,
            safety_class: r.safety_class,
            overtop_rain_mm,
            valley_width_m: r.valley_width_m,
            slope: r.slope,
            manning_n: r.manning_n,
            masonry_share: r.masonry_share,
        });
    }
}

impl From<&StocksSpec> for Stocks {
    fn from(s: &StocksSpec) -> Self {
        Stocks {
            tents: s.tents,
            food: s.food,
            water: s.water,
        }
    }
}
