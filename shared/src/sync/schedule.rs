//! When a device syncs on its own: soon after local edits, on a steady period while all is well,
//! and backing off after failures, with jitter so a fleet of tablets that comes back online at
//! once does not hit the server in step. The app's sync loop asks this; events (`online`,
//! visibility, server-sent events) trigger a sync besides.

/// Wait after the last local edit before syncing, so a burst of typing is one sync.
pub const DEBOUNCE_MS: u64 = 1_500;
/// Period between syncs while they succeed.
pub const PERIOD_MS: u64 = 60_000;
/// First wait after a failure.
pub const FIRST_RETRY_MS: u64 = 5_000;
/// Longest wait after repeated failures.
pub const MAX_RETRY_MS: u64 = 300_000;
/// Jitter: each wait is scaled by a factor in [1 - JITTER, 1 + JITTER).
pub const JITTER: f64 = 0.2;

/// The timer state of a device's sync loop.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Backoff {
    failures: u32,
}

impl Backoff {
    /// A sync succeeded: back to the steady period.
    pub fn success(&mut self) {
        self.failures = 0;
    }

    /// A sync failed (offline, server down, 5xx): wait longer next time.
    pub fn failure(&mut self) {
        self.failures = self.failures.saturating_add(1);
    }

    /// Failures in a row so far.
    pub fn failures(&self) -> u32 {
        self.failures
    }

    /// How long to wait before the next sync, given `unit`, a random number in [0, 1).
    pub fn next_delay_ms(&self, unit: f64) -> u64 {
        self.delay_ms(PERIOD_MS, FIRST_RETRY_MS, unit)
    }

    /// [`Backoff::next_delay_ms`] for a loop of another `period_ms` and `first_retry_ms` (a
    /// vessel hub's sync with shore); the longest wait is still [`MAX_RETRY_MS`].
    pub fn delay_ms(&self, period_ms: u64, first_retry_ms: u64, unit: f64) -> u64 {
        let base = match self.failures {
            0 => period_ms,
            n => first_retry_ms
                .saturating_mul(1u64 << (n - 1).min(16))
                .min(MAX_RETRY_MS),
        };
        let factor = 1.0 - JITTER + 2.0 * JITTER * unit.clamp(0.0, 1.0);
        (base as f64 * factor) as u64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn while_syncs_succeed_the_period_is_steady_with_jitter() {
        let b = Backoff::default();
        assert_eq!(b.next_delay_ms(0.5), PERIOD_MS);
        assert_eq!(b.next_delay_ms(0.0), 48_000);
        assert!(b.next_delay_ms(0.999) < 72_000);
    }

    #[test]
    fn failures_double_the_wait_up_to_the_cap_and_success_resets_it() {
        let mut b = Backoff::default();
        let waits: Vec<u64> = (0..8)
            .map(|_| {
                b.failure();
                b.next_delay_ms(0.5)
            })
            .collect();
        assert_eq!(
            waits,
            [
                5_000, 10_000, 20_000, 40_000, 80_000, 160_000, 300_000, 300_000
            ]
        );
        for _ in 0..100 {
            b.failure();
        }
        assert_eq!(
            b.next_delay_ms(0.5),
            MAX_RETRY_MS,
            "no overflow after many failures"
        );
        b.success();
        assert_eq!(b.next_delay_ms(0.5), PERIOD_MS);
    }
}
