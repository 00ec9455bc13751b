//! Facilities: shelters, depots, hospitals, hazardous sites, helipads and comms towers.

use super::validator::Validator;
use crate::scenario::load::Sourced;
use crate::scenario::model::{
    CommsTower, Depot, Facilities, HazardousSite, Helipad, Hospital, Shelter, Stocks,
};
use crate::scenario::spec::*;

/// Most people one shelter may hold.
const MAX_SHELTER_CAPACITY: u64 = 2_000_000;

pub(super) fn check_facilities(
    v: &mut Validator,
    facilities: &Sourced<FacilitiesSpec>,
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
    out
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
