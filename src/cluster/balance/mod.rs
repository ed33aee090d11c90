//! Dubbo's load balancers (spec §7.2–§7.6).
//!
//! Balancers are pure: the current time, the call statistics and the call's arguments all come
//! in through [`SelectContext`]; randomness comes from the caller's RNG so tests can seed it.
//! State that Dubbo keeps per `serviceKey.method` (round-robin weights, hash rings, response
//! time windows) lives inside the balancer value, keyed by method: use one balancer per service.

mod consistenthash;
mod leastactive;
mod random;
mod roundrobin;
mod shortestresponse;

pub use consistenthash::{selection_key as consistent_hash_key, ConsistentHashBalancer};
pub use leastactive::LeastActiveBalancer;
pub use random::RandomBalancer;
pub use roundrobin::RoundRobinBalancer;
pub use shortestresponse::ShortestResponseBalancer;

use std::fmt;
use std::str::FromStr;
use std::sync::{Arc, Mutex, OnceLock};

use rand::Rng;

use super::candidate::Candidate;
use super::stats::{CallGuard, CallStats, PairStats, StatsSnapshot};

/// Everything a balancer may look at besides the candidates.
#[derive(Debug, Clone)]
pub struct SelectContext<'a> {
    /// Wall-clock time of the call, ms since the epoch (warm-up, round-robin recycling,
    /// shortest-response windows).
    pub now_ms: i64,
    /// Method being called; balancer state is kept per method.
    pub method: &'a str,
    /// This consumer's call statistics; `None` reads as all zeros.
    pub stats: Option<&'a CallStats>,
    /// A cache of the counters in `stats` of each candidate (in the order of the candidates
    /// the call is made on) for `method`, or empty. The strategy fills a candidate's on its
    /// first attempt (so a candidate never called still has no counters) and from then on
    /// counts an attempt without looking them up.
    pub pairs: &'a [OnceLock<PairStats>],
    /// The call's arguments rendered as Java `String.valueOf` would (`"null"` for null), used
    /// only by consistent hashing. For `$invoke` these are the real arguments, not the generic
    /// wrapper's.
    pub arguments: &'a [String],
    /// `hash.arguments` / `hash.nodes` for this method.
    pub hash: HashOptions,
}

impl<'a> SelectContext<'a> {
    pub fn new(method: &'a str, now_ms: i64) -> Self {
        SelectContext {
            now_ms,
            method,
            stats: None,
            pairs: &[],
            arguments: &[],
            hash: HashOptions::default(),
        }
    }

    pub fn with_stats(mut self, stats: &'a CallStats) -> Self {
        self.stats = Some(stats);
        self
    }

    /// `pairs`, empty at first, must be used with these `stats`, this method and the same
    /// candidates for every call (one per candidate).
    pub fn with_pairs(mut self, pairs: &'a [OnceLock<PairStats>]) -> Self {
        self.pairs = pairs;
        self
    }

    pub fn with_arguments(mut self, arguments: &'a [String]) -> Self {
        self.arguments = arguments;
        self
    }

    pub fn with_hash(mut self, hash: HashOptions) -> Self {
        self.hash = hash;
        self
    }

    /// Statistics of `candidate` for this call's method.
    pub fn stats_of(&self, candidate: &Candidate) -> StatsSnapshot {
        self.stats
            .map(|s| s.get(&candidate.key, self.method))
            .unwrap_or_default()
    }

    /// Calls in flight to `candidate`, the `index`-th of the call's candidates, for this
    /// call's method.
    pub fn active_of(&self, index: usize, candidate: &Candidate) -> u32 {
        match self.pairs.get(index).and_then(OnceLock::get) {
            Some(p) => p.active(),
            None => self.stats_of(candidate).active,
        }
    }

    /// Marks a call to `candidate`, the `index`-th of the call's candidates, as in flight in
    /// the statistics, if there are any.
    pub fn begin(&self, index: usize, candidate: &Candidate) -> Option<CallGuard> {
        let stats = self.stats?;
        Some(match self.pairs.get(index) {
            Some(cell) => cell
                .get_or_init(|| stats.pair(&candidate.key, self.method))
                .begin(),
            None => stats.begin(&candidate.key, self.method),
        })
    }
}

/// Consistent-hash parameters (`<method>.hash.arguments`, `<method>.hash.nodes`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HashOptions {
    /// Indexes of the arguments whose string forms are concatenated into the key. Indexes past
    /// the end of the argument list (or negative, in the URL) are skipped, as in Dubbo.
    pub argument_indexes: Vec<usize>,
    /// Virtual nodes per provider; the ring gets `nodes / 4` MD5 digests of 4 points each.
    pub nodes: u32,
}

impl Default for HashOptions {
    fn default() -> Self {
        HashOptions {
            argument_indexes: vec![0],
            nodes: 160,
        }
    }
}

impl HashOptions {
    /// Parses the URL forms: `hash.arguments` as a comma list of integers, `hash.nodes` as an
    /// integer. Negative indexes can never match an argument, so they are dropped here.
    pub fn parse(arguments: Option<&str>, nodes: Option<&str>) -> Result<Self, String> {
        let mut opts = HashOptions::default();
        if let Some(list) = arguments {
            opts.argument_indexes = list
                .split(',')
                .map(|s| {
                    s.trim()
                        .parse::<i64>()
                        .map_err(|_| format!("hash.arguments: {s:?} is not an integer"))
                })
                .collect::<Result<Vec<_>, _>>()?
                .into_iter()
                .filter_map(|i| usize::try_from(i).ok())
                .collect();
        }
        if let Some(n) = nodes {
            opts.nodes = n
                .trim()
                .parse()
                .map_err(|_| format!("hash.nodes: {n:?} is not a non-negative integer"))?;
        }
        Ok(opts)
    }
}

/// One load-balancing algorithm. `select` returns an index into `candidates`, `None` only when
/// `candidates` is empty.
pub trait Balance {
    /// The Dubbo name (`random`, `roundrobin`, ...), shown when explaining a choice.
    fn name(&self) -> &'static str;

    fn select<R: Rng + ?Sized>(
        &mut self,
        candidates: &[Candidate],
        ctx: &SelectContext<'_>,
        rng: &mut R,
    ) -> Option<usize>;
}

/// The balancer names accepted on the command line and in the `loadbalance` URL parameter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum BalancerKind {
    Random,
    RoundRobin,
    LeastActive,
    ShortestResponse,
    ConsistentHash,
}

impl BalancerKind {
    pub const ALL: [BalancerKind; 5] = [
        BalancerKind::Random,
        BalancerKind::RoundRobin,
        BalancerKind::LeastActive,
        BalancerKind::ShortestResponse,
        BalancerKind::ConsistentHash,
    ];

    pub fn name(self) -> &'static str {
        match self {
            BalancerKind::Random => "random",
            BalancerKind::RoundRobin => "roundrobin",
            BalancerKind::LeastActive => "leastactive",
            BalancerKind::ShortestResponse => "shortestresponse",
            BalancerKind::ConsistentHash => "consistenthash",
        }
    }
}

impl fmt::Display for BalancerKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// An unknown balancer or cluster name; the message lists the accepted ones.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown {what} {given:?}; expected one of: {}", choices.join(", "))]
pub struct UnknownName {
    pub what: &'static str,
    pub given: String,
    pub choices: Vec<&'static str>,
}

impl FromStr for BalancerKind {
    type Err = UnknownName;

    /// Case-insensitive, like Dubbo's extension lookup is in practice for these names.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let wanted = s.trim();
        BalancerKind::ALL
            .into_iter()
            .find(|k| k.name().eq_ignore_ascii_case(wanted))
            .ok_or_else(|| UnknownName {
                what: "load balancer",
                given: s.to_owned(),
                choices: BalancerKind::ALL.iter().map(|k| k.name()).collect(),
            })
    }
}

/// Any of the five balancers, with its state.
#[derive(Debug, Clone)]
pub enum LoadBalancer {
    Random(RandomBalancer),
    RoundRobin(RoundRobinBalancer),
    LeastActive(LeastActiveBalancer),
    ShortestResponse(ShortestResponseBalancer),
    ConsistentHash(ConsistentHashBalancer),
}

impl Default for LoadBalancer {
    /// Dubbo's default is `random`.
    fn default() -> Self {
        LoadBalancer::new(BalancerKind::Random)
    }
}

impl LoadBalancer {
    pub fn new(kind: BalancerKind) -> Self {
        match kind {
            BalancerKind::Random => LoadBalancer::Random(RandomBalancer),
            BalancerKind::RoundRobin => LoadBalancer::RoundRobin(RoundRobinBalancer::new()),
            BalancerKind::LeastActive => LoadBalancer::LeastActive(LeastActiveBalancer),
            BalancerKind::ShortestResponse => {
                LoadBalancer::ShortestResponse(ShortestResponseBalancer::new())
            }
            BalancerKind::ConsistentHash => {
                LoadBalancer::ConsistentHash(ConsistentHashBalancer::new())
            }
        }
    }

    pub fn kind(&self) -> BalancerKind {
        match self {
            LoadBalancer::Random(_) => BalancerKind::Random,
            LoadBalancer::RoundRobin(_) => BalancerKind::RoundRobin,
            LoadBalancer::LeastActive(_) => BalancerKind::LeastActive,
            LoadBalancer::ShortestResponse(_) => BalancerKind::ShortestResponse,
            LoadBalancer::ConsistentHash(_) => BalancerKind::ConsistentHash,
        }
    }
}

impl FromStr for LoadBalancer {
    type Err = UnknownName;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        s.parse::<BalancerKind>().map(LoadBalancer::new)
    }
}

impl Balance for LoadBalancer {
    fn name(&self) -> &'static str {
        self.kind().name()
    }

    fn select<R: Rng + ?Sized>(
        &mut self,
        candidates: &[Candidate],
        ctx: &SelectContext<'_>,
        rng: &mut R,
    ) -> Option<usize> {
        match self {
            LoadBalancer::Random(b) => b.select(candidates, ctx, rng),
            LoadBalancer::RoundRobin(b) => b.select(candidates, ctx, rng),
            LoadBalancer::LeastActive(b) => b.select(candidates, ctx, rng),
            LoadBalancer::ShortestResponse(b) => b.select(candidates, ctx, rng),
            LoadBalancer::ConsistentHash(b) => b.select(candidates, ctx, rng),
        }
    }
}

/// A balancer shared by concurrent callers (load mode): each clone locks only for the
/// duration of one selection, never across a call.
#[derive(Debug, Clone)]
pub struct SharedLoadBalancer {
    inner: Arc<Mutex<LoadBalancer>>,
    /// The balancer's name, which selections never change: asked for at every call, it is not
    /// worth a lock.
    name: &'static str,
}

impl SharedLoadBalancer {
    pub fn new(balancer: LoadBalancer) -> Self {
        SharedLoadBalancer {
            name: balancer.name(),
            inner: Arc::new(Mutex::new(balancer)),
        }
    }
}

impl Default for SharedLoadBalancer {
    fn default() -> Self {
        SharedLoadBalancer::new(LoadBalancer::default())
    }
}

impl Balance for SharedLoadBalancer {
    fn name(&self) -> &'static str {
        self.name
    }

    fn select<R: Rng + ?Sized>(
        &mut self,
        candidates: &[Candidate],
        ctx: &SelectContext<'_>,
        rng: &mut R,
    ) -> Option<usize> {
        self.inner
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .select(candidates, ctx, rng)
    }
}

/// Among `indexes` (all with the same score), the tie-break shared by leastactive and
/// shortestresponse: one → it; weights differ and sum > 0 → weighted random by walking the
/// list subtracting weights; otherwise uniform.
fn weighted_tie_break<R: Rng + ?Sized>(indexes: &[usize], weights: &[i32], rng: &mut R) -> usize {
    debug_assert!(!indexes.is_empty());
    if indexes.len() == 1 {
        return indexes[0];
    }
    let first = weights[indexes[0]];
    let same_weight = indexes.iter().all(|&i| weights[i] == first);
    let total: i64 = indexes.iter().map(|&i| i64::from(weights[i])).sum();
    if !same_weight && total > 0 {
        let mut offset = rng.gen_range(0..total);
        for &i in indexes {
            offset -= i64::from(weights[i]);
            if offset < 0 {
                return i;
            }
        }
    }
    indexes[rng.gen_range(0..indexes.len())]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_names_case_insensitively() {
        for kind in BalancerKind::ALL {
            assert_eq!(kind.name().parse::<BalancerKind>(), Ok(kind));
            assert_eq!(
                kind.name()
                    .to_uppercase()
                    .parse::<LoadBalancer>()
                    .unwrap()
                    .kind(),
                kind
            );
        }
    }

    #[test]
    fn unknown_name_lists_choices() {
        let err = "fastest".parse::<BalancerKind>().unwrap_err();
        assert_eq!(
            err.to_string(),
            "unknown load balancer \"fastest\"; expected one of: random, roundrobin, \
             leastactive, shortestresponse, consistenthash"
        );
    }

    #[test]
    fn default_is_random() {
        assert_eq!(LoadBalancer::default().name(), "random");
    }

    #[test]
    fn hash_options_parse() {
        assert_eq!(
            HashOptions::parse(None, None).unwrap(),
            HashOptions::default()
        );
        let o = HashOptions::parse(Some("0, 2,-1"), Some("320")).unwrap();
        assert_eq!(o.argument_indexes, [0, 2]);
        assert_eq!(o.nodes, 320);
        assert!(HashOptions::parse(Some("a"), None).is_err());
        assert!(HashOptions::parse(None, Some("-4")).is_err());
    }

    #[test]
    fn empty_candidates_select_nothing() {
        let ctx = SelectContext::new("m", 0);
        let mut rng = rand::rngs::mock::StepRng::new(0, 1);
        for kind in BalancerKind::ALL {
            assert_eq!(LoadBalancer::new(kind).select(&[], &ctx, &mut rng), None);
        }
    }

    #[test]
    fn shared_balancer_keeps_one_state() {
        let cands: Vec<_> = ["a:1", "b:1"].into_iter().map(Candidate::new).collect();
        let ctx = SelectContext::new("m", 0);
        let mut rng = rand::rngs::mock::StepRng::new(0, 1);
        let mut one = SharedLoadBalancer::new(LoadBalancer::new(BalancerKind::RoundRobin));
        let mut two = one.clone();
        // Equal weights alternate; the alternation must span both handles.
        let picks = [
            one.select(&cands, &ctx, &mut rng),
            two.select(&cands, &ctx, &mut rng),
            one.select(&cands, &ctx, &mut rng),
            two.select(&cands, &ctx, &mut rng),
        ];
        assert_eq!(picks, [Some(0), Some(1), Some(0), Some(1)]);
    }
}
