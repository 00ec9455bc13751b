//! What a quake does to the people of one place: deaths, the trapped, severe (hospital-grade)
//! and light injuries, the homeless, and those who move out of homes that still stand
//! (docs/models.md §5–§6b). `earthquake` calls it place by place.

use crate::scenario::Scenario;
use crate::scenario::model::Tag;
use crate::sim::math;
use crate::sim::sample::binomial;

/// What the quake did to one housing class at one place.
#[derive(Default, Clone, Copy)]
pub(super) struct Harm {
    pub killed: u32,
    pub trapped: u32,
    /// Hospital-grade injured (HAZUS severity 2–3).
    pub injured: u32,
    pub displaced: u32,
    /// Lightly injured (HAZUS severity 1): a count; they stay in their state.
    pub injured_light: u32,
    /// Residents of moderately damaged buildings (still at home).
    pub in_moderate: u32,
}

/// Damage and casualties among `residents` of one class at shaking `pga_g`.
///
/// Collapse, complete and extensive damage, and the killed, trapped, hospital-grade injured and
/// homeless in them, draw from `rng` exactly as they always have; light injuries and moderate
/// and slight damage draw from `people`, a generator of their own, so adding them moved no
/// death, rescue or road.
pub(super) fn harm_class(
    scenario: &Scenario,
    rng: &mut impl rand::Rng,
    people: &mut impl rand::Rng,
    class: usize,
    residents: u32,
    pga_g: f64,
    occupancy: f64,
) -> Harm {
    let fragility = &scenario.models.fragility[class];
    let casualties = &scenario.models.casualties;
    let p =
        |state: usize| math::lognormal_fragility(pga_g, fragility.medians_g[state], fragility.beta);
    let p_slight = p(0);
    if p_slight < 1e-9 || residents == 0 {
        return Harm::default();
    }
    let p_moderate = p(1);
    let p_extensive_or_worse = p(2);
    let buildings = ((residents as f64 / casualties.household_size).round() as u32).max(1);
    // People per damaged building, shared out so the total never exceeds the residents.
    let per_building = residents as f64 / buildings as f64;
    let count = |b: u32| (b as f64 * per_building).round() as u32;
    let mut harm = Harm::default();
    let mut rest = buildings;
    let mut housed = 0u32;
    if p_extensive_or_worse >= 1e-9 {
        let p_complete = p(3);
        let p_collapse = p_complete * fragility.collapse_share;
        let collapsed = binomial(rng, buildings, p_collapse);
        rest = buildings - collapsed;
        let p_complete_given_not_collapsed =
            ((p_complete - p_collapse) / (1.0 - p_collapse)).clamp(0.0, 1.0);
        let complete = binomial(rng, rest, p_complete_given_not_collapsed);
        rest -= complete;
        let p_extensive_given_less =
            ((p_extensive_or_worse - p_complete) / (1.0 - p_complete)).clamp(0.0, 1.0);
        let extensive = binomial(rng, rest, p_extensive_given_less);
        rest -= extensive;

        let in_collapsed = count(collapsed).min(residents);
        let in_complete = count(complete).min(residents - in_collapsed);
        let in_extensive = count(extensive).min(residents - in_collapsed - in_complete);
        housed = in_collapsed + in_complete + in_extensive;

        let indoors = binomial(rng, in_collapsed, occupancy);
        harm.killed = binomial(rng, indoors, casualties.killed_in_collapse);
        let left = indoors - harm.killed;
        let trapped_share =
            casualties.trapped_in_collapse / (1.0 - casualties.killed_in_collapse).max(1e-9);
        harm.trapped = binomial(rng, left, trapped_share.min(1.0));
        let left = left - harm.trapped;
        let injured_share = casualties.injured_in_collapse
            / (1.0 - casualties.killed_in_collapse - casualties.trapped_in_collapse).max(1e-9);
        harm.injured = binomial(rng, left, injured_share.min(1.0));
        let left = left - harm.injured;
        harm.injured_light = binomial(people, left, casualties.light_in_collapse);
        harm.displaced = in_collapsed - harm.killed - harm.trapped - harm.injured;

        for (residents, severe, light) in [
            (
                in_complete,
                casualties.injured_in_complete,
                casualties.light_in_complete,
            ),
            (
                in_extensive,
                casualties.injured_in_extensive,
                casualties.light_in_extensive,
            ),
        ] {
            let indoors = binomial(rng, residents, occupancy);
            let injured = binomial(rng, indoors, severe);
            harm.injured += injured;
            harm.displaced += residents - injured;
            let light_share = (light / (1.0 - severe).max(1e-9)).min(1.0);
            harm.injured_light += binomial(people, indoors - injured, light_share);
        }
    }

    // Moderate and slight damage: nobody killed, trapped or sent to hospital; some lightly hurt.
    let p_moderate_given_less =
        ((p_moderate - p_extensive_or_worse) / (1.0 - p_extensive_or_worse)).clamp(0.0, 1.0);
    let moderate = binomial(people, rest, p_moderate_given_less);
    let p_slight_given_less = ((p_slight - p_moderate) / (1.0 - p_moderate)).clamp(0.0, 1.0);
    let slight = binomial(people, rest - moderate, p_slight_given_less);
    harm.in_moderate = count(moderate).min(residents - housed);
    let in_slight = count(slight).min(residents - housed - harm.in_moderate);
    harm.injured_light += binomial(
        people,
        harm.in_moderate,
        occupancy * casualties.light_in_moderate,
    );
    harm.injured_light += binomial(people, in_slight, occupancy * casualties.light_in_slight);
    harm
}

/// People who move out of homes that still stand at a place shaken to `intensity`: most of
/// those in moderately damaged houses, and a share of everyone else still at home for fear of
/// aftershocks and, in the mountains, off dangerous slopes.
pub(super) fn moved_out(
    scenario: &Scenario,
    people: &mut impl rand::Rng,
    place: &crate::scenario::Place,
    intensity: f64,
    in_moderate: u32,
    at_home: u32,
) -> u32 {
    let model = &scenario.models.relocation;
    let from_moderate = binomial(people, in_moderate, model.moderate_share);
    let fear = model.fear_share(intensity);
    let slope = if place.tags.contains(&Tag::Mountain) && intensity >= model.slope_from_intensity {
        model.slope_share
    } else {
        0.0
    };
    let leave = 1.0 - (1.0 - fear) * (1.0 - slope);
    from_moderate + binomial(people, at_home - from_moderate, leave)
}
