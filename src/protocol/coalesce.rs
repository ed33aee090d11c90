//! Reply coalescing for a load run's connections: the policy behind the socket's receive
//! low-water mark (`SO_RCVLOWAT`).
//!
//! A provider writes each reply as it is ready, so a client that wakes for every segment spends
//! three syscalls (epoll_wait, recvfrom, sendto) on every one or two calls; on a VM that is most
//! of its CPU per call. With many calls in flight and replies streaming in, asking the kernel
//! to report the socket readable only once several replies' worth of bytes have arrived gives
//! each wake-up a batch, and each write the next batch of requests.
//!
//! The cost is latency, so the mark never waits for what may not come:
//! - it asks for at most half the calls in flight and always fewer than all of them, counted at
//!   the smallest reply seen, so the bytes it waits for are owed by calls already sent;
//! - it asks for only as many replies as arrived in [`WAIT_BUDGET`] at the rate of the last
//!   sweep, so a slow provider is read reply by reply;
//! - a sweep in which nothing arrived while the mark was up drops it, and keeps it down for
//!   [`HOLD_AFTER_STALL`] sweeps, twice as long after each further stall. Calls that turned
//!   slow or a provider that paused cause one; a provider that writes with Nagle's algorithm on
//!   (Node.js sockets by default) causes them for good: it holds its next reply until our ACK,
//!   and the kernel delays that ACK (40 ms) while nothing is read or sent;
//! - with fewer than [`MIN_IN_FLIGHT`] calls in flight it is off: single calls and paced runs
//!   are never held;
//! - it asks for at most [`MAX_MARK_BYTES`].
//!
//! This is pure bookkeeping; the connection applies the byte counts [`Policy::retune`] returns.

use std::time::Duration;

/// Below this many calls in flight the mark stays off.
pub const MIN_IN_FLIGHT: usize = 8;

/// The most bytes the mark asks for: one read's worth (the connection reads 64 KiB at a time);
/// large replies batch themselves.
pub const MAX_MARK_BYTES: usize = 64 * 1024;

/// Sweeps (of 5 ms) the mark stays down after its first stall.
pub const HOLD_AFTER_STALL: u32 = 200;

/// The most a reply should wait in the kernel for the ones after it, at the reply rate last
/// measured.
pub const WAIT_BUDGET: Duration = Duration::from_micros(100);

/// What the mark is set to, and what it is based on.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Policy {
    /// Replies the mark waits for; 0 or 1: off (the kernel's default of one byte).
    calls: usize,
    /// The smallest reply frame seen on the connection, in bytes (0: none yet).
    min_reply: usize,
    /// The mark last returned by [`Policy::retune`], in bytes (0: never set, the default 1).
    bytes: usize,
    /// Replies that arrive within [`WAIT_BUDGET`] at the last measured rate.
    rate_cap: usize,
    /// Stalls so far.
    stalls: u32,
    /// Sweeps left before the mark may rise again after a stall (a sweep that saw no reply
    /// while the mark was up).
    hold: u32,
}

impl Policy {
    /// Replies the mark currently waits for (1: off).
    pub fn calls(&self) -> usize {
        self.calls.max(1)
    }

    /// Notes the length of a reply frame (header included).
    pub fn saw_reply(&mut self, len: usize) {
        if self.min_reply == 0 || len < self.min_reply {
            self.min_reply = len;
        }
    }

    /// Notes one sweep: `replies` arrived over `elapsed`.
    pub fn sweep(&mut self, replies: u64, elapsed: Duration) {
        self.hold = self.hold.saturating_sub(1);
        if replies == 0 {
            if self.calls > 1 {
                self.hold = HOLD_AFTER_STALL.saturating_mul(1 << self.stalls.min(8));
                self.stalls += 1;
            }
            self.rate_cap = 0;
            return;
        }
        let budget = WAIT_BUDGET.as_nanos();
        let per_budget = u128::from(replies) * budget / elapsed.as_nanos().max(1);
        self.rate_cap = usize::try_from(per_budget).unwrap_or(usize::MAX);
    }

    /// The number of replies to wait for with `pending` calls in flight.
    fn want(&self, pending: usize) -> usize {
        if self.hold > 0 || self.min_reply == 0 || pending < MIN_IN_FLIGHT {
            return 1;
        }
        (pending / 2)
            .min(pending - 1)
            .min(self.rate_cap)
            .min(MAX_MARK_BYTES / self.min_reply)
            .max(1)
    }

    /// Called with the calls in flight after each write (and whenever the reader or the sweeper
    /// asks): the new low-water mark in bytes, when it must change. It rises as soon as more
    /// can be waited for, and falls only when the current mark may not be reached (too few
    /// calls in flight, a stall) or is over twice what the rate allows, so a steady run sets it once.
    pub fn retune(&mut self, pending: usize) -> Option<usize> {
        let want = self.want(pending);
        let current = self.calls();
        let held = self.hold > 0;
        let unreachable = current > 1 && pending <= current;
        let next = if want > current || held || unreachable || (current > 1 && want * 2 < current) {
            want
        } else {
            current
        };
        self.calls = next;
        // Counted at the smallest reply so far: a smaller one since the mark was set changes it
        // even when the number of replies stays.
        let bytes = if next <= 1 { 1 } else { next * self.min_reply };
        if bytes == self.bytes.max(1) {
            return None;
        }
        self.bytes = bytes;
        Some(bytes)
    }

    /// True when the mark may now be more than the calls in flight can reach: the connection
    /// should retune without waiting for its next write.
    pub fn needs_retune(&self, pending: usize) -> bool {
        let current = self.calls();
        current > 1
            && (pending <= current || self.hold > 0 || self.bytes > current * self.min_reply)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TICK: Duration = Duration::from_millis(5);

    /// A policy that has seen 100-byte replies at 75,000 a second.
    fn busy() -> Policy {
        let mut p = Policy::default();
        p.saw_reply(120);
        p.saw_reply(100);
        p.saw_reply(140);
        p.sweep(375, TICK);
        p
    }

    #[test]
    fn off_until_a_reply_and_a_rate_are_known() {
        let mut p = Policy::default();
        assert_eq!(p.retune(16), None);
        p.saw_reply(100);
        assert_eq!(p.retune(16), None, "no rate measured yet");
        p.sweep(375, TICK);
        assert_eq!(
            p.retune(16),
            Some(700),
            "7 replies arrive within 100 µs at 75k/s"
        );
        assert_eq!(p.calls(), 7);
    }

    #[test]
    fn waits_for_at_most_half_the_calls_in_flight_counted_at_the_smallest_reply() {
        let mut p = busy();
        p.sweep(100_000, TICK);
        assert_eq!(p.retune(16), Some(8 * 100));
        assert_eq!(p.retune(16), None, "a steady run sets it once");
        assert_eq!(p.retune(15), None, "7 is not half of 8: kept");
        let mut p = busy();
        p.sweep(100_000, TICK);
        assert_eq!(p.retune(9), Some(400));
    }

    #[test]
    fn off_with_few_calls_in_flight() {
        let mut p = busy();
        for pending in 0..MIN_IN_FLIGHT {
            assert_eq!(p.retune(pending), None, "{pending} in flight");
            assert_eq!(p.calls(), 1);
        }
    }

    #[test]
    fn falls_when_the_calls_in_flight_cannot_reach_it() {
        let mut p = busy();
        assert_eq!(p.retune(16), Some(700));
        assert!(!p.needs_retune(8));
        assert!(p.needs_retune(7), "7 in flight may be all that is left");
        assert_eq!(p.retune(7), Some(1));
        // Never more than the calls in flight minus one, whatever the rate.
        for pending in MIN_IN_FLIGHT..200 {
            let mut p = busy();
            p.sweep(1_000_000, TICK);
            p.retune(pending);
            assert!(p.calls() < pending, "{pending}: {}", p.calls());
            assert!(p.calls() <= pending / 2, "{pending}: {}", p.calls());
        }
    }

    #[test]
    fn asks_for_one_read_at_most() {
        let mut p = busy();
        p.saw_reply(10_000);
        p.sweep(100_000, TICK);
        // 100-byte replies: 64 KiB is 655 of them, fewer than half of 2,000 in flight.
        assert_eq!(p.retune(2_000), Some(655 * 100));
        let mut p = Policy::default();
        p.saw_reply(10_000);
        p.sweep(100_000, TICK);
        assert_eq!(p.retune(64), Some(6 * 10_000));
        let mut p = Policy::default();
        p.saw_reply(MAX_MARK_BYTES);
        p.sweep(100_000, TICK);
        assert_eq!(p.retune(64), None, "one reply fills a read: off");
    }

    #[test]
    fn a_slow_provider_is_read_reply_by_reply() {
        let mut p = busy();
        // 16 calls of 100 ms each in flight: about one reply per 6 ms.
        p.sweep(1, TICK);
        assert_eq!(p.retune(16), None);
        assert_eq!(p.calls(), 1);
    }

    #[test]
    fn a_stall_drops_the_mark_and_holds_it_down_longer_each_time() {
        let mut p = busy();
        for hold in [HOLD_AFTER_STALL, 2 * HOLD_AFTER_STALL, 4 * HOLD_AFTER_STALL] {
            assert_eq!(p.retune(64), Some(700));
            p.sweep(0, TICK);
            assert!(p.needs_retune(64));
            assert_eq!(p.retune(64), Some(1));
            assert_eq!(p.retune(64), None, "stays off while stalled");
            for _ in 1..hold {
                p.sweep(375, TICK);
                assert_eq!(p.retune(64), None, "held down for {hold} sweeps");
            }
            p.sweep(375, TICK);
        }
        assert_eq!(p.retune(64), Some(700));
    }

    #[test]
    fn a_stall_drops_even_the_smallest_mark() {
        // 16 calls in flight and 20,000 replies a second allow a mark of 2 replies; a Nagle
        // provider then holds the second until the first is acknowledged.
        let mut p = busy();
        p.sweep(12, Duration::from_millis(400));
        assert_eq!(p.retune(16), None);
        p.sweep(100, TICK);
        assert_eq!(p.retune(16), Some(200));
        p.sweep(0, TICK);
        assert_eq!(p.retune(16), Some(1));
    }

    #[test]
    fn a_smaller_reply_lowers_the_mark_in_bytes() {
        let mut p = busy();
        assert_eq!(p.retune(16), Some(700));
        p.saw_reply(40);
        assert!(
            p.needs_retune(16),
            "700 bytes may be all 16 replies of 40 bytes"
        );
        assert_eq!(p.retune(16), Some(280));
        assert!(!p.needs_retune(16));
        assert_eq!(p.retune(16), None);
    }

    #[test]
    fn no_stall_while_the_mark_is_off() {
        let mut p = busy();
        p.sweep(0, TICK);
        p.sweep(375, TICK);
        assert_eq!(
            p.retune(64),
            Some(700),
            "an idle sweep with the mark off holds nothing"
        );
    }

    #[test]
    fn falls_when_the_rate_halves() {
        let mut p = busy();
        p.sweep(100_000, TICK);
        assert_eq!(p.retune(64), Some(3200));
        p.sweep(800, TICK);
        assert_eq!(p.retune(64), None, "16 of 32 allowed: kept");
        p.sweep(600, TICK);
        assert_eq!(p.retune(64), Some(1200), "12 allowed: falls to 12");
    }

    #[test]
    fn a_sweep_measures_the_rate_over_its_real_length() {
        let mut p = busy();
        // The same 375 replies over a 10 ms sweep (a late tick) is half the rate.
        p.sweep(375, 2 * TICK);
        assert_eq!(p.retune(64), Some(300));
    }
}
