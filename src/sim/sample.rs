//! Random variates drawn with portable arithmetic.
//!
//! Binomial and exponential draws are written here with `libm` rather than taken from a
//! distribution crate whose floating-point functions depend on enabled features (and so could
//! differ between a test build and the release binary).

use rand::RngExt;

/// Largest n·p handled in one inversion step; larger draws are split into independent parts
/// (a sum of independent binomials with the same p is binomial).
const CHUNK_MEAN: f64 = 64.0;

/// A draw from Binomial(n, p).
pub fn binomial(rng: &mut impl rand::Rng, n: u32, p: f64) -> u32 {
    if n == 0 || p <= 0.0 || p.is_nan() {
        return 0;
    }
    if p >= 1.0 {
        return n;
    }
    // Draw the rarer outcome: cheaper, and the inversion stays accurate.
    if p > 0.5 {
        return n - binomial(rng, n, 1.0 - p);
    }
    let chunk = ((CHUNK_MEAN / p).floor() as u64).clamp(1, n as u64) as u32;
    let mut left = n;
    let mut total = 0;
    while left > 0 {
        let m = left.min(chunk);
        total += binomial_inversion(rng, m, p);
        left -= m;
    }
    total
}

/// Inversion by sequential search over the probability mass function; n·p ≤ 64, p ≤ 0.5.
fn binomial_inversion(rng: &mut impl rand::Rng, n: u32, p: f64) -> u32 {
    let q = 1.0 - p;
    let ratio = p / q;
    let mut mass = libm::exp(n as f64 * libm::log(q));
    let mut cumulative = mass;
    let u: f64 = rng.random();
    let mut k = 0;
    while u > cumulative && k < n {
        mass *= ratio * (n - k) as f64 / (k + 1) as f64;
        k += 1;
        cumulative += mass;
        if mass < 1e-300 && cumulative < u {
            // Rounding left the tail short of u: the draw is in the far tail, take the mean.
            break;
        }
    }
    k
}

/// A draw from the exponential distribution with the given mean.
pub fn exponential(rng: &mut impl rand::Rng, mean: f64) -> f64 {
    let u: f64 = rng.random();
    -mean * libm::log(1.0 - u)
}

/// A draw from the standard normal distribution (Box–Muller).
pub fn standard_normal(rng: &mut impl rand::Rng) -> f64 {
    let u1: f64 = rng.random::<f64>().max(f64::MIN_POSITIVE);
    let u2: f64 = rng.random();
    libm::sqrt(-2.0 * libm::log(u1)) * libm::cos(2.0 * std::f64::consts::PI * u2)
}

/// `value` scaled by a lognormal error with dispersion `sigma` (median 1): how a count looks to
/// someone estimating it.
pub fn estimate(rng: &mut impl rand::Rng, value: u32, sigma: f64) -> u32 {
    if value == 0 || sigma <= 0.0 {
        return value;
    }
    let factor = libm::exp(sigma * standard_normal(rng));
    (value as f64 * factor).round().min(u32::MAX as f64) as u32
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::rng::{Purpose, RunSeed, stream};

    fn mean_and_variance(draws: &[f64]) -> (f64, f64) {
        let n = draws.len() as f64;
        let mean = draws.iter().sum::<f64>() / n;
        let var = draws.iter().map(|d| (d - mean).powi(2)).sum::<f64>() / (n - 1.0);
        (mean, var)
    }

    #[test]
    fn binomial_draws_have_the_right_mean_and_variance() {
        let mut rng = stream(RunSeed::new(3), Purpose::Hazard);
        for (n, p) in [
            (10u32, 0.3),
            (1000, 0.01),
            (5000, 0.2),
            (200, 0.95),
            (30_000, 0.001),
        ] {
            let draws: Vec<f64> = (0..4000).map(|_| binomial(&mut rng, n, p) as f64).collect();
            let (mean, var) = mean_and_variance(&draws);
            let expected_var = n as f64 * p * (1.0 - p);
            let se = (expected_var / 4000.0).sqrt();
            assert!(
                (mean - n as f64 * p).abs() < 5.0 * se + 1e-9,
                "n={n} p={p}: mean {mean}"
            );
            assert!(
                (var / expected_var - 1.0).abs() < 0.15,
                "n={n} p={p}: variance {var} vs {expected_var}"
            );
            assert!(draws.iter().all(|&d| d <= n as f64));
        }
        assert_eq!(binomial(&mut rng, 0, 0.5), 0);
        assert_eq!(binomial(&mut rng, 7, 1.0), 7);
        assert_eq!(binomial(&mut rng, 7, 0.0), 0);
    }

    #[test]
    fn exponential_draws_have_the_right_mean() {
        let mut rng = stream(RunSeed::new(4), Purpose::Hazard);
        let draws: Vec<f64> = (0..20_000).map(|_| exponential(&mut rng, 90.0)).collect();
        let (mean, _) = mean_and_variance(&draws);
        assert!((mean - 90.0).abs() < 3.0, "{mean}");
        assert!(draws.iter().all(|&d| d >= 0.0));
    }
}
