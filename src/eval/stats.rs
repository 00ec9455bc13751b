//! Streaming statistics of KPIs over replicates.
//!
//! Memory stays flat in the number of replicates: mean and standard deviation are updated
//! incrementally (Welford), and quantiles come from counts of values rounded to 4 significant
//! digits — exact for counts below 10 000 and for minutes, within 0.05 % otherwise. Replicates
//! are always folded in replicate order, so a sharded batch merged later gives the very same
//! numbers as one unsharded run.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::sim::kpi::JsonNumber;

/// Running statistics of one quantity.
#[derive(Debug, Clone, Default)]
pub struct Running {
    n: u64,
    mean: f64,
    m2: f64,
    min: f64,
    max: f64,
    /// Value (rounded to 4 significant digits, as ordered bits) → count.
    counts: BTreeMap<OrderedKey, u64>,
}

/// A value's key in the quantile counts: total order on the rounded value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct OrderedKey(i64);

impl OrderedKey {
    fn of(value: f64) -> OrderedKey {
        let rounded = round_significant(value, 4);
        // Map the float's bits to an integer whose order is the float order.
        let bits = rounded.to_bits() as i64;
        OrderedKey(if bits < 0 { i64::MIN - bits } else { bits })
    }

    fn value(self) -> f64 {
        let bits = if self.0 < 0 {
            i64::MIN - self.0
        } else {
            self.0
        };
        f64::from_bits(bits as u64)
    }
}

/// Rounds to `digits` significant digits; integers below 10^digits are unchanged.
fn round_significant(value: f64, digits: i32) -> f64 {
    if value == 0.0 || !value.is_finite() {
        return value;
    }
    let magnitude = libm::floor(libm::log10(value.abs())) as i32;
    let scale = libm::pow(10.0, (digits - 1 - magnitude) as f64);
    libm::round(value * scale) / scale
}

/// The summary statistics of DESIGN.md §4.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Summary {
    /// Replicates with a value.
    pub n: u64,
    pub mean: JsonNumber,
    pub sd: JsonNumber,
    /// 95 % confidence interval of the mean (Student t).
    pub ci95: [JsonNumber; 2],
    pub p5: JsonNumber,
    pub p50: JsonNumber,
    pub p95: JsonNumber,
    pub min: JsonNumber,
    pub max: JsonNumber,
}

impl Running {
    /// Adds one value.
    pub fn push(&mut self, value: f64) {
        self.n += 1;
        if self.n == 1 {
            self.min = value;
            self.max = value;
        } else {
            self.min = self.min.min(value);
            self.max = self.max.max(value);
        }
        let delta = value - self.mean;
        self.mean += delta / self.n as f64;
        self.m2 += delta * (value - self.mean);
        *self.counts.entry(OrderedKey::of(value)).or_insert(0) += 1;
    }

    pub fn n(&self) -> u64 {
        self.n
    }

    pub fn mean(&self) -> f64 {
        self.mean
    }

    /// Sample standard deviation (0 with fewer than two values).
    pub fn sd(&self) -> f64 {
        if self.n < 2 {
            0.0
        } else {
            libm::sqrt(self.m2 / (self.n - 1) as f64)
        }
    }

    /// Half-width of the 95 % confidence interval of the mean.
    pub fn ci95_half_width(&self) -> f64 {
        if self.n < 2 {
            return 0.0;
        }
        t_975(self.n - 1) * self.sd() / libm::sqrt(self.n as f64)
    }

    /// Nearest-rank quantile.
    pub fn quantile(&self, p: f64) -> Option<f64> {
        if self.n == 0 {
            return None;
        }
        let rank = ((p * self.n as f64).ceil() as u64).clamp(1, self.n);
        let mut seen = 0;
        for (key, count) in &self.counts {
            seen += count;
            if seen >= rank {
                return Some(key.value());
            }
        }
        Some(self.max)
    }

    /// Counts in `bins` equal-width bins from min to max: (low, high, count).
    pub fn histogram(&self, bins: usize) -> Vec<(f64, f64, u64)> {
        if self.n == 0 || bins == 0 {
            return Vec::new();
        }
        if self.max <= self.min {
            return vec![(self.min, self.max, self.n)];
        }
        let width = (self.max - self.min) / bins as f64;
        let mut out: Vec<(f64, f64, u64)> = (0..bins)
            .map(|i| {
                (
                    self.min + width * i as f64,
                    self.min + width * (i + 1) as f64,
                    0,
                )
            })
            .collect();
        for (key, count) in &self.counts {
            let i = (((key.value() - self.min) / width) as usize).min(bins - 1);
            out[i].2 += count;
        }
        out
    }

    /// The summary, or `None` when no replicate had a value.
    pub fn summary(&self) -> Option<Summary> {
        if self.n == 0 {
            return None;
        }
        let half = self.ci95_half_width();
        let q = |p| JsonNumber(self.quantile(p).unwrap_or(self.mean));
        Some(Summary {
            n: self.n,
            mean: JsonNumber(self.mean),
            sd: JsonNumber(self.sd()),
            ci95: [JsonNumber(self.mean - half), JsonNumber(self.mean + half)],
            p5: q(0.05),
            p50: q(0.5),
            p95: q(0.95),
            min: JsonNumber(self.min),
            max: JsonNumber(self.max),
        })
    }
}

/// The 97.5 % quantile of Student's t with `df` degrees of freedom.
pub fn t_975(df: u64) -> f64 {
    const TABLE: [f64; 30] = [
        12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.160,
        2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060, 2.056,
        2.052, 2.048, 2.045, 2.042,
    ];
    match df {
        0 => f64::INFINITY,
        1..=30 => TABLE[df as usize - 1],
        _ => {
            // Cornish–Fisher expansion around the normal quantile.
            let z = 1.959_963_984_540_054;
            let d = df as f64;
            z + (z * z * z + z) / (4.0 * d)
                + (5.0 * z.powi(5) + 16.0 * z.powi(3) + 3.0 * z) / (96.0 * d * d)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mean_sd_and_quantiles_of_a_known_sample() {
        let mut r = Running::default();
        for v in 1..=100 {
            r.push(v as f64);
        }
        assert_eq!(r.n(), 100);
        assert!((r.mean() - 50.5).abs() < 1e-12);
        assert!((r.sd() - 29.011_491_975_882_02).abs() < 1e-9);
        assert_eq!(r.quantile(0.05), Some(5.0));
        assert_eq!(r.quantile(0.5), Some(50.0));
        assert_eq!(r.quantile(0.95), Some(95.0));
        let s = r.summary().unwrap();
        assert_eq!(s.min, JsonNumber(1.0));
        assert_eq!(s.max, JsonNumber(100.0));
        // t(0.975, 99) ≈ 1.984
        let half = r.ci95_half_width();
        assert!((half - 1.984 * 29.0115 / 10.0).abs() < 0.01, "{half}");
    }

    #[test]
    fn quantile_keys_order_negative_and_positive_values() {
        let mut r = Running::default();
        for v in [-3.5, 2.0, -10.0, 0.0, 7.25] {
            r.push(v);
        }
        assert_eq!(r.quantile(0.2), Some(-10.0));
        assert_eq!(r.quantile(0.4), Some(-3.5));
        assert_eq!(r.quantile(0.6), Some(0.0));
        assert_eq!(r.quantile(1.0), Some(7.25));
    }

    #[test]
    fn counts_stay_bounded_for_continuous_values() {
        let mut r = Running::default();
        for i in 0..200_000u32 {
            r.push(1.0 + (i as f64) * 1e-5);
        }
        // 4 significant digits of values in [1, 3): at most 2 000 distinct keys.
        assert!(r.counts.len() <= 2_001, "{}", r.counts.len());
    }

    #[test]
    fn student_t_matches_tables() {
        assert!((t_975(1) - 12.706).abs() < 1e-9);
        assert!((t_975(60) - 2.000).abs() < 0.002, "{}", t_975(60));
        assert!((t_975(120) - 1.980).abs() < 0.002, "{}", t_975(120));
        assert!((t_975(1_000_000) - 1.96).abs() < 0.001);
    }
}
