//! Portable mathematics for the simulation.
//!
//! Transcendental functions come from `libm`, a pure-Rust implementation, rather than the
//! platform's C library, so a run gives the same bits on every machine.

/// Standard normal cumulative distribution Φ(x).
pub fn normal_cdf(x: f64) -> f64 {
    0.5 * libm::erfc(-x / std::f64::consts::SQRT_2)
}

/// Probability of reaching a damage state on a lognormal fragility curve.
pub fn lognormal_fragility(demand: f64, median: f64, beta: f64) -> f64 {
    if demand <= 0.0 {
        return 0.0;
    }
    normal_cdf(libm::log(demand / median) / beta)
}

/// Weibull survival S(t) = exp(−(t/λ)^k).
pub fn weibull_survival(t: f64, scale: f64, shape: f64) -> f64 {
    if t <= 0.0 {
        return 1.0;
    }
    libm::exp(-libm::pow(t / scale, shape))
}

/// Inverse of [`weibull_survival`]: the time at which survival falls to `s` (0 < s ≤ 1).
pub fn weibull_time_for_survival(s: f64, scale: f64, shape: f64) -> f64 {
    scale * libm::pow(-libm::log(s), 1.0 / shape)
}

pub fn log10(x: f64) -> f64 {
    libm::log10(x)
}

pub fn pow(x: f64, y: f64) -> f64 {
    libm::pow(x, y)
}

pub fn ln(x: f64) -> f64 {
    libm::log(x)
}

pub fn sqrt(x: f64) -> f64 {
    libm::sqrt(x)
}

pub fn atan2(y: f64, x: f64) -> f64 {
    libm::atan2(y, x)
}

pub fn cos(x: f64) -> f64 {
    libm::cos(x)
}

/// Euclidean distance in km.
pub fn distance_km(ax: f64, ay: f64, bx: f64, by: f64) -> f64 {
    sqrt((ax - bx) * (ax - bx) + (ay - by) * (ay - by))
}

/// The longest trip the simulation counts, in minutes (ten years): a trip longer than this never
/// ends within any run (durations are at most a year), and the cap keeps every sum of a few
/// minute counts far from `u32::MAX`, so arrival times cannot wrap.
pub const MAX_TRIP_MINUTES: u32 = 10 * 365 * 24 * 60;

/// Whole minutes (rounded up) to cover `km` at `speed_kmh`, capped at [`MAX_TRIP_MINUTES`] (a
/// speed near zero, or not a number, gives the cap).
pub fn trip_minutes(km: f64, speed_kmh: f64) -> u32 {
    let minutes = (km / speed_kmh * 60.0).ceil();
    if minutes.is_nan() || minutes >= MAX_TRIP_MINUTES as f64 {
        MAX_TRIP_MINUTES
    } else {
        minutes.max(0.0) as u32
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normal_cdf_matches_known_values() {
        assert!((normal_cdf(0.0) - 0.5).abs() < 1e-12);
        assert!((normal_cdf(1.96) - 0.975).abs() < 1e-3);
        assert!((normal_cdf(-1.0) - 0.158_655).abs() < 1e-5);
    }

    #[test]
    fn weibull_matches_the_tangshan_fit() {
        // DOMAIN.md §1: k = 1.1, λ = 2.2 d gives S(30 min) ≈ 0.994, S(12 h) ≈ 0.82, S(36 h) ≈ 0.52.
        let day = 1440.0;
        let s = |minutes: f64| weibull_survival(minutes, 2.2 * day, 1.1);
        assert!((s(30.0) - 0.994).abs() < 0.002, "{}", s(30.0));
        assert!((s(720.0) - 0.82).abs() < 0.02, "{}", s(720.0));
        assert!((s(2160.0) - 0.52).abs() < 0.03, "{}", s(2160.0));
        let t = weibull_time_for_survival(0.5, 2.2 * day, 1.1);
        assert!((s(t) - 0.5).abs() < 1e-9);
    }
}
