//! Aftershock sequences (Reasenberg–Jones): drawn when a mainshock strikes, over the rest of
//! the run; each strikes later as a [`crate::sim::components::PendingQuake`].

use rand::RngExt;

use crate::scenario::Scenario;
use crate::sim::math;

/// Aftershocks of a mainshock (Reasenberg–Jones), drawn over the rest of the run.
pub fn aftershocks(
    scenario: &Scenario,
    rng: &mut impl rand::Rng,
    main: &crate::scenario::Earthquake,
    onset: u32,
) -> Vec<(crate::scenario::Earthquake, u64)> {
    let Some(spec) = &main.aftershocks else {
        return Vec::new();
    };
    let horizon_days = scenario.duration_min.saturating_sub(onset) as f64 / 1440.0;
    if horizon_days <= 0.0 || spec.min_magnitude >= main.magnitude {
        return Vec::new();
    }
    // Expected count above the minimum magnitude: 10^(a + b(Mm − Mmin)) ∫ (t + c)^−p dt.
    let k = math::pow(
        10.0,
        spec.a + spec.b * (main.magnitude - spec.min_magnitude),
    );
    let integral = |t: f64| {
        if (spec.p - 1.0).abs() < 1e-9 {
            math::ln(t + spec.c_days)
        } else {
            math::pow(t + spec.c_days, 1.0 - spec.p) / (1.0 - spec.p)
        }
    };
    let expected = k * (integral(horizon_days) - integral(0.0));
    // Draw the count (Poisson by summing exponential gaps), then each shock's time by inverting
    // the normalised Omori integral, its magnitude from Gutenberg–Richter truncated at the
    // mainshock, and its epicentre near the mainshock's.
    let mut count = 0u32;
    let mut acc = crate::sim::sample::exponential(rng, 1.0);
    while acc < expected && count < 500 {
        count += 1;
        acc += crate::sim::sample::exponential(rng, 1.0);
    }
    let mut shocks = Vec::new();
    for i in 0..count {
        let u: f64 = rng.random();
        let target = integral(0.0) + u * (integral(horizon_days) - integral(0.0));
        let t_days = if (spec.p - 1.0).abs() < 1e-9 {
            libm::exp(target) - spec.c_days
        } else {
            math::pow(target * (1.0 - spec.p), 1.0 / (1.0 - spec.p)) - spec.c_days
        };
        let span = main.magnitude - spec.min_magnitude;
        let v: f64 = rng.random();
        let magnitude = spec.min_magnitude
            - math::log10(1.0 - v * (1.0 - math::pow(10.0, -spec.b * span))) / spec.b;
        let r = spec.radius_km * libm::sqrt(rng.random::<f64>());
        let angle = 2.0 * std::f64::consts::PI * rng.random::<f64>();
        let seed: u64 = rng.random();
        let minute = onset + 1 + (t_days.max(0.0) * 1440.0) as u32;
        shocks.push((
            crate::scenario::Earthquake {
                id: format!("{}-aftershock-{}", main.id, i + 1),
                name: format!("M{:.1} aftershock", magnitude),
                x_km: main.x_km + r * libm::cos(angle),
                y_km: main.y_km + r * libm::sin(angle),
                magnitude: (magnitude * 10.0).round() / 10.0,
                depth_km: main.depth_km,
                time_min: minute,
                aftershocks: None,
            },
            seed,
        ));
    }
    shocks.sort_by_key(|(q, _)| q.time_min);
    shocks
}
