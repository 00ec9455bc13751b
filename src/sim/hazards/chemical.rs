//! Chemical releases: a plume drifts downwind of a hazardous site; people at home within the
//! zone (`models.secondary.chemical_zone_km`) die, are injured, or leave until it is safe, and
//! the site's workers are at greater risk. Graded as a production-safety accident.

use rand::RngExt;

use super::context::{Accident, Among, Impact, Strike};
use super::{HazardPayload, NewHazard, SetOffBy};
use crate::scenario::Scenario;
use crate::scenario::model::{HazardKind, HazardousKind};
use crate::sim::components::PendingHazard;
use crate::sim::math;
use crate::sim::sample::binomial;

/// A release's own data: the hazardous site it comes from (none when a rain rule set it off).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Release {
    /// Index into `facilities.hazardous_sites`.
    pub site: Option<usize>,
}

impl Release {
    /// The release a cascade rule sets off at `place`: from the chemical site there, if any.
    /// (A rain rule's names no site, as it always has: no worker deaths, no site in the
    /// accident's grading.)
    pub fn set_off(by: SetOffBy, scenario: &Scenario, place: usize) -> Self {
        let site = match by {
            SetOffBy::Hazard(_) => scenario
                .facilities
                .hazardous_sites
                .iter()
                .position(|s| s.place == place && s.kind == HazardousKind::Chemical),
            SetOffBy::Rain => None,
        };
        Release { site }
    }

    pub(super) fn strike(&self, ctx: &mut Strike) {
        let scenario = ctx.scenario;
        let s = &scenario.models.secondary;
        let place = ctx.hazard.place;
        let site = self
            .site
            .and_then(|i| scenario.facilities.hazardous_sites.get(i));
        let wind_to = (scenario.wind_from_deg + 180.0).to_radians();
        let origin = &scenario.region.places[place];
        let mut deaths_total = 0;
        let mut injured_total = 0;
        for (p, target) in scenario.region.places.iter().enumerate() {
            let (dx, dy) = (target.x_km - origin.x_km, target.y_km - origin.y_km);
            let d = math::sqrt(dx * dx + dy * dy);
            let downwind = d < 0.01 || {
                let cos = (dx * libm::sin(wind_to) + dy * libm::cos(wind_to)) / d;
                cos > 0.7
            };
            if d > s.chemical_zone_km || !downwind {
                continue;
            }
            let Some(exposed) = ctx.people(p).map(|c| c.unaffected) else {
                continue;
            };
            let rng = &mut ctx.impact_rng;
            let mut killed = binomial(rng, exposed, s.chemical_deaths);
            if p == place {
                let workers = site.map_or(0, |s| s.workers).min(exposed - killed);
                killed += binomial(rng, workers, s.chemical_worker_deaths);
            }
            let injured = binomial(rng, exposed - killed, s.chemical_injured);
            deaths_total += killed;
            injured_total += injured;
            // Everyone else in the plume's path leaves home until it is safe.
            ctx.harm(Impact {
                place: p,
                killed,
                trapped: 0,
                injured,
                displaced: exposed - killed - injured,
                among: Among::AtHome,
                warned_against: true,
            });
        }
        ctx.accident(Accident {
            site: self.site,
            deaths: deaths_total,
            serious_injuries: injured_total,
        });
    }
}

/// The scenario's own release (none if its site is missing), its seed drawn from `rng`.
pub(super) fn from_scenario(
    scenario: &Scenario,
    release: &crate::scenario::ChemicalRelease,
    rng: &mut impl rand::Rng,
) -> Option<NewHazard> {
    let site = scenario.facilities.hazardous_sites.get(release.site)?;
    Some(NewHazard::new(
        PendingHazard {
            id: release.id.clone(),
            kind: HazardKind::ChemicalRelease,
            place: site.place,
            at: release.time_min,
            cause: "scenario".into(),
            seed: rng.random(),
            downstream: Vec::new(),
            done: false,
            seq: 0,
        },
        HazardPayload::ChemicalRelease(Release {
            site: Some(release.site),
        }),
    ))
}
