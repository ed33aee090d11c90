//! `consistenthash` (§7.6): the same arguments always go to the same provider, and adding or
//! removing a provider only moves the keys that land next to its ring points.

use std::collections::{BTreeMap, HashMap};

use md5::{Digest, Md5};
use rand::Rng;

use super::{Balance, HashOptions, SelectContext};
use crate::cluster::candidate::Candidate;

/// The ring for one method and one exact candidate list.
#[derive(Debug, Clone)]
struct Ring {
    /// (key, address) of every candidate, in order, plus the node count: the ring is reused only
    /// while this matches (Dubbo compares the invoker list's hash code, which is order-sensitive
    /// too, and collisions are resolved by insertion order).
    signature: (Vec<(String, String)>, u32),
    /// Ring point → index into the candidate list the ring was built from.
    points: BTreeMap<u32, usize>,
}

impl Ring {
    fn build(candidates: &[Candidate], nodes: u32) -> Ring {
        // Dubbo makes nodes/4 digests; fewer than 4 nodes would leave an empty ring (a
        // NullPointerException in Java), so give every provider at least one digest.
        let digests = (nodes / 4).max(1);
        let mut points = BTreeMap::new();
        for (index, c) in candidates.iter().enumerate() {
            for i in 0..digests {
                let digest = md5(&format!("{}{}", c.address, i));
                for h in 0..4 {
                    // A later insert replaces an earlier one on collision, as TreeMap.put does.
                    points.insert(ring_point(&digest, h), index);
                }
            }
        }
        Ring {
            signature: signature(candidates, nodes),
            points,
        }
    }

    fn lookup(&self, hash: u32) -> Option<usize> {
        self.points
            .range(hash..)
            .next()
            .or_else(|| self.points.iter().next())
            .map(|(_, &index)| index)
    }
}

fn signature(candidates: &[Candidate], nodes: u32) -> (Vec<(String, String)>, u32) {
    (
        candidates
            .iter()
            .map(|c| (c.key.clone(), c.address.clone()))
            .collect(),
        nodes,
    )
}

fn md5(s: &str) -> [u8; 16] {
    Md5::digest(s.as_bytes()).into()
}

/// Bytes `4h..4h+4` of the digest read little-endian (Dubbo's `hash(digest, h)`).
fn ring_point(digest: &[u8; 16], h: usize) -> u32 {
    u32::from_le_bytes([
        digest[4 * h],
        digest[4 * h + 1],
        digest[4 * h + 2],
        digest[4 * h + 3],
    ])
}

/// The string whose MD5 places a call on the ring: the configured arguments' string forms,
/// concatenated; indexes past the end are skipped.
pub fn selection_key(arguments: &[String], hash: &HashOptions) -> String {
    hash.argument_indexes
        .iter()
        .filter_map(|&i| arguments.get(i))
        .map(String::as_str)
        .collect()
}

/// Consistent hashing on an MD5 ring. Weights and warm-up are ignored, as in Dubbo.
#[derive(Debug, Clone, Default)]
pub struct ConsistentHashBalancer {
    rings: HashMap<String, Ring>,
}

impl ConsistentHashBalancer {
    pub fn new() -> Self {
        Self::default()
    }
}

impl Balance for ConsistentHashBalancer {
    fn name(&self) -> &'static str {
        "consistenthash"
    }

    fn select<R: Rng + ?Sized>(
        &mut self,
        candidates: &[Candidate],
        ctx: &SelectContext<'_>,
        _rng: &mut R,
    ) -> Option<usize> {
        match candidates.len() {
            0 => return None,
            1 => return Some(0),
            _ => {}
        }
        let nodes = ctx.hash.nodes;
        let current = self.rings.get(ctx.method).is_some_and(|ring| {
            ring.signature.1 == nodes
                && ring.signature.0.len() == candidates.len()
                && ring
                    .signature
                    .0
                    .iter()
                    .zip(candidates)
                    .all(|((k, a), c)| *k == c.key && *a == c.address)
        });
        if !current {
            self.rings
                .insert(ctx.method.to_owned(), Ring::build(candidates, nodes));
        }
        let ring = self.rings.get(ctx.method)?;
        let key = selection_key(ctx.arguments, &ctx.hash);
        ring.lookup(ring_point(&md5(&key), 0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::rngs::SmallRng;
    use rand::SeedableRng;

    fn cands(addresses: &[&str]) -> Vec<Candidate> {
        addresses.iter().map(|&a| Candidate::new(a)).collect()
    }

    const THREE: [&str; 3] = ["10.0.0.1:20880", "10.0.0.2:20880", "10.0.0.3:20880"];
    const FOUR: [&str; 4] = [
        "10.0.0.1:20880",
        "10.0.0.2:20880",
        "10.0.0.3:20880",
        "10.0.0.4:20880",
    ];

    fn pick(b: &mut ConsistentHashBalancer, c: &[Candidate], args: &[&str]) -> String {
        pick_with(b, c, args, HashOptions::default())
    }

    fn pick_with(
        b: &mut ConsistentHashBalancer,
        c: &[Candidate],
        args: &[&str],
        hash: HashOptions,
    ) -> String {
        let args: Vec<String> = args.iter().map(|s| s.to_string()).collect();
        let ctx = SelectContext::new("m", 0)
            .with_arguments(&args)
            .with_hash(hash);
        let i = b.select(c, &ctx, &mut SmallRng::seed_from_u64(0)).unwrap();
        c[i].address.clone()
    }

    /// Expected picks computed independently by this Python 3 reference of Dubbo's ring
    /// (spec §7.6), not by our code:
    ///
    /// ```python
    /// import hashlib, bisect
    /// def ring(addresses, nodes=160):
    ///     r = {}
    ///     for a in addresses:
    ///         for i in range(nodes // 4):
    ///             d = hashlib.md5((a + str(i)).encode()).digest()
    ///             for h in range(4):
    ///                 r[int.from_bytes(d[4*h:4*h+4], 'little')] = a
    ///     return r
    /// def pick(r, key):
    ///     ks = sorted(r)
    ///     h = int.from_bytes(hashlib.md5(key.encode()).digest()[:4], 'little')
    ///     i = bisect.bisect_left(ks, h)
    ///     return r[ks[i % len(ks)]]
    /// addrs = ["10.0.0.1:20880", "10.0.0.2:20880", "10.0.0.3:20880"]
    /// r, r4 = ring(addrs), ring(addrs + ["10.0.0.4:20880"])
    /// for k in [...]: print(repr(k), pick(r, k), pick(r4, k))
    /// ```
    /// Output: len(r) = 480; 'alice' .1 .1; 'bob' .1 .1; 'carol' .2 .4; 'dave' .1 .4;
    /// 'erin' .3 .3; 'frank' .3 .3; '42' .2 .2; 'user-1' .3 .3; 'user-2' .2 .2;
    /// 'user-3' .1 .4; 'null' .2 .2; '' .1 .4; '订单-7' .1 .1; 'u17' .2 (three providers).
    const PINNED: [(&str, &str, &str); 13] = [
        ("alice", "10.0.0.1:20880", "10.0.0.1:20880"),
        ("bob", "10.0.0.1:20880", "10.0.0.1:20880"),
        ("carol", "10.0.0.2:20880", "10.0.0.4:20880"),
        ("dave", "10.0.0.1:20880", "10.0.0.4:20880"),
        ("erin", "10.0.0.3:20880", "10.0.0.3:20880"),
        ("frank", "10.0.0.3:20880", "10.0.0.3:20880"),
        ("42", "10.0.0.2:20880", "10.0.0.2:20880"),
        ("user-1", "10.0.0.3:20880", "10.0.0.3:20880"),
        ("user-2", "10.0.0.2:20880", "10.0.0.2:20880"),
        ("user-3", "10.0.0.1:20880", "10.0.0.4:20880"),
        ("null", "10.0.0.2:20880", "10.0.0.2:20880"),
        ("", "10.0.0.1:20880", "10.0.0.4:20880"),
        ("订单-7", "10.0.0.1:20880", "10.0.0.1:20880"),
    ];

    #[test]
    fn pinned_against_python_reference() {
        let three = cands(&THREE);
        let four = cands(&FOUR);
        let mut b = ConsistentHashBalancer::new();
        for (key, on_three, on_four) in PINNED {
            assert_eq!(pick(&mut b, &three, &[key]), on_three, "key {key:?} on 3");
            assert_eq!(pick(&mut b, &four, &[key]), on_four, "key {key:?} on 4");
        }
    }

    #[test]
    fn hash_arguments_select_and_concatenate() {
        // hash.arguments=0,2 over ["u1", "x", "7"] → key "u17" → .2 (Python reference above).
        let three = cands(&THREE);
        let mut b = ConsistentHashBalancer::new();
        let opts = HashOptions::parse(Some("0,2,9"), None).unwrap();
        assert_eq!(
            pick_with(&mut b, &three, &["u1", "x", "7"], opts),
            "10.0.0.2:20880"
        );
        // Default index 0 only; extra arguments don't matter.
        assert_eq!(pick(&mut b, &three, &["alice", "zzz"]), "10.0.0.1:20880");
        // No arguments at all hash the empty string.
        assert_eq!(pick(&mut b, &three, &[]), "10.0.0.1:20880");
    }

    #[test]
    fn ring_has_160_points_per_provider() {
        let three = cands(&THREE);
        let ring = Ring::build(&three, 160);
        // 480 in the Python reference too: no collisions among these providers.
        assert_eq!(ring.points.len(), 480);
        for i in 0..3 {
            assert_eq!(ring.points.values().filter(|&&v| v == i).count(), 160);
        }
        assert_eq!(Ring::build(&three, 320).points.len(), 960);
        assert_eq!(Ring::build(&three, 2).points.len(), 12);
    }

    #[test]
    fn same_key_same_provider_always() {
        let three = cands(&THREE);
        let mut b = ConsistentHashBalancer::new();
        for n in 0..200 {
            let key = format!("order-{n}");
            let first = pick(&mut b, &three, &[&key]);
            for _ in 0..3 {
                assert_eq!(pick(&mut b, &three, &[&key]), first);
            }
            // A fresh balancer (another consumer) agrees.
            assert_eq!(
                pick(&mut ConsistentHashBalancer::new(), &three, &[&key]),
                first
            );
        }
    }

    #[test]
    fn adding_a_provider_moves_only_a_fraction_of_keys() {
        let three = cands(&THREE);
        let four = cands(&FOUR);
        let mut b = ConsistentHashBalancer::new();
        let keys: Vec<String> = (0..4000).map(|n| format!("key-{n}")).collect();
        let before: Vec<String> = keys.iter().map(|k| pick(&mut b, &three, &[k])).collect();
        let after: Vec<String> = keys.iter().map(|k| pick(&mut b, &four, &[k])).collect();
        let mut moved = 0;
        for (old, new) in before.iter().zip(&after) {
            if old != new {
                moved += 1;
                // A key only ever moves to the new provider.
                assert_eq!(new, "10.0.0.4:20880");
            }
        }
        // Ideal is 1/4 of the keys; allow for the ring's unevenness.
        let share = moved as f64 / keys.len() as f64;
        assert!((0.15..0.35).contains(&share), "moved {share:.3}");
    }

    #[test]
    fn ring_is_rebuilt_when_candidates_change() {
        let mut b = ConsistentHashBalancer::new();
        let three = cands(&THREE);
        pick(&mut b, &three, &["carol"]);
        assert_eq!(b.rings["m"].points.len(), 480);
        // Same set, different order → new ring, same answers for these keys.
        let reversed: Vec<_> = three.iter().rev().cloned().collect();
        assert_eq!(pick(&mut b, &reversed, &["carol"]), "10.0.0.2:20880");
        assert_eq!(pick(&mut b, &cands(&FOUR), &["carol"]), "10.0.0.4:20880");
        assert_eq!(b.rings["m"].points.len(), 640);
    }
}
