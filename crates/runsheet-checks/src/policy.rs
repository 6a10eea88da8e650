//! How often a check probes and how the attempts add up to one result, in the spirit of Argo Rollouts' analysis:
//!
//! - once (the default);
//! - `attempts: 30` with `interval: 10s`: retry until it passes, at most 30 attempts ("passed after 4 attempts");
//! - `until_healthy: 5m`: poll every `interval` until it passes or the deadline passes;
//! - `watch: {for: 5m, every: 10s}`: measure for a window (post-cutover monitoring), reporting the failure ratio
//!   and the worst latency, with `failure_limit`, `consecutive_error_limit`, `consecutive_success_limit`, and a
//!   debounced live state (`fail_after` failures in a row turn it red, `recover_after` passes turn it green).
//!
//! `initial_delay` waits before the first attempt in every mode.

use std::time::Duration;

use serde::{Deserialize, Serialize};

/// Default pause between attempts: the `sleep 10` of the hand-written loops.
pub const DEFAULT_INTERVAL: Duration = Duration::from_secs(10);

/// Retries, waiting and watching for one check.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Policy {
    /// Retry until pass, at most this many attempts.
    pub attempts: Option<u32>,
    /// Pause between attempts (retry, until-healthy).
    pub interval: Option<Duration>,
    /// Wait before the first attempt.
    pub initial_delay: Option<Duration>,
    /// Poll until pass or this deadline.
    pub until_healthy: Option<Duration>,
    /// Measure repeatedly over a window.
    pub watch: Option<Watch>,
}

/// `watch:` repeated measurement over a window.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Watch {
    /// How long to watch.
    #[serde(rename = "for", with = "humantime_serde")]
    pub window: Duration,
    /// Pause between measurements.
    #[serde(with = "humantime_serde")]
    pub every: Duration,
    /// Failed measurements tolerated before the watch fails (default 0).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub failure_limit: Option<u32>,
    /// Probe errors in a row (refused, timed out) that end the watch as failed at once.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub consecutive_error_limit: Option<u32>,
    /// Passes in a row that end the watch early as passed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub consecutive_success_limit: Option<u32>,
    /// Failures in a row that turn the live state red (default 3).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fail_after: Option<u32>,
    /// Passes in a row that turn it green again (default 2).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recover_after: Option<u32>,
}

impl Policy {
    /// Checks the combination, naming what is wrong.
    pub fn validate(&self) -> Result<(), String> {
        if matches!(self.attempts, Some(0)) {
            return Err("`attempts` must be at least 1".into());
        }
        if matches!(self.attempts, Some(n) if n > 10_000) {
            return Err("`attempts` above 10000; use `until_healthy` with a deadline instead".into());
        }
        if self.watch.is_some() && (self.attempts.is_some() || self.until_healthy.is_some()) {
            return Err("`watch` cannot be combined with `attempts` or `until_healthy`".into());
        }
        if self.attempts.is_some() && self.until_healthy.is_some() {
            return Err("give `attempts` or `until_healthy`, not both".into());
        }
        if matches!(self.interval, Some(d) if d.is_zero()) {
            return Err("`interval` must be longer than 0s".into());
        }
        if let Some(w) = &self.watch {
            if w.every.is_zero() {
                return Err("`watch.every` must be longer than 0s".into());
            }
            if w.window < w.every {
                return Err("`watch.for` is shorter than `watch.every`: nothing would be measured twice".into());
            }
            if matches!(w.fail_after, Some(0)) || matches!(w.recover_after, Some(0)) {
                return Err("`watch.fail_after` and `watch.recover_after` must be at least 1".into());
            }
        }
        Ok(())
    }

    /// The pause between attempts.
    pub fn interval(&self) -> Duration {
        self.interval.unwrap_or(DEFAULT_INTERVAL)
    }
}

/// The debounced live state of a watched check: red after N failures in a row, green after M passes in a row
/// (Gatus users expect 3 and 2).
#[derive(Debug, Clone)]
pub struct Debounce {
    fail_after: u32,
    recover_after: u32,
    failures_in_row: u32,
    passes_in_row: u32,
    /// Whether the state is currently red.
    pub red: bool,
}

impl Debounce {
    /// A green state with these thresholds.
    pub fn new(fail_after: u32, recover_after: u32) -> Self {
        Debounce {
            fail_after: fail_after.max(1),
            recover_after: recover_after.max(1),
            failures_in_row: 0,
            passes_in_row: 0,
            red: false,
        }
    }

    /// Records one measurement; returns `true` when the state flipped.
    pub fn record(&mut self, passed: bool) -> bool {
        if passed {
            self.passes_in_row += 1;
            self.failures_in_row = 0;
            if self.red && self.passes_in_row >= self.recover_after {
                self.red = false;
                return true;
            }
        } else {
            self.failures_in_row += 1;
            self.passes_in_row = 0;
            if !self.red && self.failures_in_row >= self.fail_after {
                self.red = true;
                return true;
            }
        }
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debounce_needs_three_failures_and_two_passes() {
        let mut d = Debounce::new(3, 2);
        assert!(!d.record(false) && !d.record(false));
        assert!(!d.red);
        assert!(d.record(false) && d.red);
        assert!(!d.record(true) && d.red);
        assert!(!d.record(false));
        assert!(!d.record(true) && d.red);
        assert!(d.record(true) && !d.red);
    }

    #[test]
    fn bad_combinations_are_named() {
        let p = Policy { attempts: Some(0), ..Policy::default() };
        assert!(p.validate().unwrap_err().contains("at least 1"));
        let p = Policy { attempts: Some(3), until_healthy: Some(Duration::from_secs(1)), ..Policy::default() };
        assert!(p.validate().unwrap_err().contains("not both"));
    }
}
