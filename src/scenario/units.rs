//! Human-readable units used in scenario files and on the command line.
//!
//! [`Duration`] reads `"90m"`, `"6h"`, `"3d"` or a sum such as `"1d6h"`, and is held as whole
//! simulated minutes. [`TimeOfDay`] reads `"02:10"`.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A span of simulated time in whole minutes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Duration(u32);

/// The largest duration a scenario may name: one year, far beyond any drill.
pub const MAX_DURATION_MINUTES: u64 = 366 * 24 * 60;

impl Duration {
    /// A duration of `m` minutes.
    pub const fn minutes(m: u32) -> Duration {
        Duration(m)
    }
    /// A duration of `h` hours.
    pub const fn hours(h: u32) -> Duration {
        Duration(h * 60)
    }
    /// Whole minutes.
    pub const fn as_minutes(self) -> u32 {
        self.0
    }
}

/// Why a duration could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{text}` is not a duration: {reason}; write e.g. \"90m\", \"6h\", \"3d\" or \"1d6h\"")]
pub struct DurationError {
    text: String,
    reason: &'static str,
}

impl FromStr for Duration {
    type Err = DurationError;

    fn from_str(text: &str) -> Result<Duration, DurationError> {
        let fail = |reason| DurationError {
            text: text.to_string(),
            reason,
        };
        let trimmed = text.trim();
        if trimmed.is_empty() {
            return Err(fail("it is empty"));
        }
        let mut total: u64 = 0;
        let mut digits = String::new();
        for ch in trimmed.chars() {
            if ch.is_ascii_digit() {
                digits.push(ch);
                continue;
            }
            if digits.is_empty() {
                return Err(fail("it must start with a number"));
            }
            let per_unit: u64 = match ch {
                'm' => 1,
                'h' => 60,
                'd' => 24 * 60,
                's' => return Err(fail("drillsim counts time in whole minutes, not seconds")),
                _ => return Err(fail("units are m (minutes), h (hours) and d (days)")),
            };
            let value: u64 = digits
                .parse()
                .map_err(|_| fail("the number is too large"))?;
            digits.clear();
            total = value
                .checked_mul(per_unit)
                .and_then(|v| v.checked_add(total))
                .ok_or_else(|| fail("it is too long"))?;
            if total > MAX_DURATION_MINUTES {
                return Err(fail("it is longer than a year"));
            }
        }
        if !digits.is_empty() {
            return Err(fail("the number has no unit"));
        }
        Ok(Duration(total as u32))
    }
}

impl fmt::Display for Duration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let m = self.0;
        if m == 0 {
            return write!(f, "0m");
        }
        let (d, h, mm) = (m / 1440, (m % 1440) / 60, m % 60);
        if d > 0 {
            write!(f, "{d}d")?;
        }
        if h > 0 {
            write!(f, "{h}h")?;
        }
        if mm > 0 {
            write!(f, "{mm}m")?;
        }
        Ok(())
    }
}

impl<'de> Deserialize<'de> for Duration {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

impl Serialize for Duration {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// Local clock time at which a run starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct TimeOfDay {
    /// Minutes after midnight, 0..1440.
    pub minute_of_day: u32,
}

/// Why a time of day could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{text}` is not a time of day; write \"HH:MM\", e.g. \"02:10\"")]
pub struct TimeOfDayError {
    text: String,
}

impl FromStr for TimeOfDay {
    type Err = TimeOfDayError;

    fn from_str(text: &str) -> Result<TimeOfDay, TimeOfDayError> {
        let bad = || TimeOfDayError {
            text: text.to_string(),
        };
        let (h, m) = text.trim().split_once(':').ok_or_else(bad)?;
        let h: u32 = h.parse().map_err(|_| bad())?;
        let m: u32 = m.parse().map_err(|_| bad())?;
        if h > 23 || m > 59 {
            return Err(bad());
        }
        Ok(TimeOfDay {
            minute_of_day: h * 60 + m,
        })
    }
}

impl fmt::Display for TimeOfDay {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:02}:{:02}",
            self.minute_of_day / 60,
            self.minute_of_day % 60
        )
    }
}

impl Serialize for TimeOfDay {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for TimeOfDay {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn check(text: &str, expect: Result<u32, &str>) {
        let got = text.parse::<Duration>().map(Duration::as_minutes);
        match (got, expect) {
            (Ok(g), Ok(e)) => assert_eq!(g, e, "{text}"),
            (Err(g), Err(e)) => assert!(g.to_string().contains(e), "{text}: {g}"),
            (g, e) => panic!("{text}: got {g:?}, expected {e:?}"),
        }
    }

    #[test]
    fn durations_read_like_people_write_them() {
        check("90m", Ok(90));
        check("6h", Ok(360));
        check("3d", Ok(4320));
        check("1d6h30m", Ok(1830));
        check("0m", Ok(0));
        check("", Err("empty"));
        check("90", Err("no unit"));
        check("h", Err("must start with a number"));
        check("soon", Err("must start with a number"));
        check("30s", Err("whole minutes"));
        check("5w", Err("units are"));
        check("999999999999999999999d", Err("too large"));
        check("400d", Err("longer than a year"));
    }

    #[test]
    fn durations_print_back_in_the_same_form() {
        for text in ["90m", "6h", "3d", "1d6h30m", "0m"] {
            let d: Duration = text.parse().unwrap();
            let printed = d.to_string();
            assert_eq!(printed.parse::<Duration>().unwrap(), d);
        }
        assert_eq!(Duration::minutes(90).to_string(), "1h30m");
    }

    #[test]
    fn time_of_day_reads_hh_mm() {
        assert_eq!("02:10".parse::<TimeOfDay>().unwrap().minute_of_day, 130);
        assert!("24:00".parse::<TimeOfDay>().is_err());
        assert!("2pm".parse::<TimeOfDay>().is_err());
    }

    #[test]
    fn a_bad_time_of_day_says_how_to_write_one() {
        let error = "2pm".parse::<TimeOfDay>().unwrap_err();
        assert_eq!(
            error.to_string(),
            "`2pm` is not a time of day; write \"HH:MM\", e.g. \"02:10\""
        );
    }
}
