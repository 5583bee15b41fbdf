//! A bounded memo of verification work that depends only on its inputs: signature checks of
//! certificates and CRLs, and whole certification-path outcomes.
//!
//! A service verifies many documents signed under the same few CAs; the tenth document from one
//! CA should not redo the intermediate's signature, the CRL's signature, or (for the same signer
//! certificate) the whole path. Entries are keyed by a SHA-256 over every input of the work
//! they stand for, so a hit returns exactly what the work would have returned: the verdict is
//! the same with or without the cache, and whatever was evicted.
//!
//! The cache belongs to one [`TrustStore`](super::TrustStore) (adding an anchor empties it) and
//! to one [`Policy`] for path outcomes: the first policy it is used with is remembered, and
//! paths validated under any other policy bypass the memo. Signature checks are kept as
//! policy-free facts ([`SignatureValueFact`]), which every policy then judges for itself.
//!
//! Path building and revocation checking reach the cache through a scope that
//! [`validate_chain`](super::validate_chain) opens on its thread for the duration of one call
//! (`with_scope`), so their function signatures (an interface other modules use) stay as they
//! were.

use std::cell::RefCell;
use std::collections::{HashMap, VecDeque};
use std::ops::Range;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

use sha2::{Digest, Sha256};
use time::OffsetDateTime;

use super::{ChainOutcome, ChainRequest, Purpose};
use crate::facts::crypto::SignatureValueFact;
use crate::policy::Policy;
use crate::report::CertSummary;

/// Default number of entries of each kind (signatures, paths).
pub const DEFAULT_CAPACITY: usize = 4096;

type Key = [u8; 32];

/// Hit and miss counts, for a service's metrics.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CacheStats {
    /// Signature checks answered from the cache.
    pub signature_hits: u64,
    /// Signature checks that had to be computed.
    pub signature_misses: u64,
    /// Chain validations answered from the cache.
    pub path_hits: u64,
    /// Chain validations that had to be computed.
    pub path_misses: u64,
    /// Entries currently held (signatures + paths).
    pub entries: u64,
}

/// A bounded map that forgets its oldest entries first.
#[derive(Debug)]
struct Bounded<V> {
    capacity: usize,
    map: HashMap<Key, V>,
    order: VecDeque<Key>,
}

impl<V: Clone> Bounded<V> {
    fn new(capacity: usize) -> Self {
        Bounded {
            capacity,
            map: HashMap::new(),
            order: VecDeque::new(),
        }
    }

    fn get(&self, key: &Key) -> Option<V> {
        self.map.get(key).cloned()
    }

    fn insert(&mut self, key: Key, value: V) {
        if self.capacity == 0 {
            return;
        }
        if self.map.insert(key, value).is_none() {
            self.order.push_back(key);
        }
        while self.map.len() > self.capacity {
            match self.order.pop_front() {
                Some(old) => {
                    self.map.remove(&old);
                }
                None => break,
            }
        }
    }
}

/// The memo. Cheap to share (`Arc`); every method takes `&self`.
#[derive(Debug)]
pub struct VerificationCache {
    capacity: usize,
    policy: OnceLock<Policy>,
    signatures: Mutex<Bounded<SignatureValueFact>>,
    paths: Mutex<Bounded<ChainOutcome>>,
    /// Certificates as the CMS signer lookup reads them (keyed by their DER).
    readings: Mutex<Bounded<Arc<CertReading>>>,
    signature_hits: AtomicU64,
    signature_misses: AtomicU64,
    path_hits: AtomicU64,
    path_misses: AtomicU64,
}

impl VerificationCache {
    /// A cache holding at most `capacity` signature results and `capacity` path outcomes.
    pub fn new(capacity: usize) -> Self {
        VerificationCache {
            capacity,
            policy: OnceLock::new(),
            signatures: Mutex::new(Bounded::new(capacity)),
            paths: Mutex::new(Bounded::new(capacity)),
            readings: Mutex::new(Bounded::new(capacity)),
            signature_hits: AtomicU64::new(0),
            signature_misses: AtomicU64::new(0),
            path_hits: AtomicU64::new(0),
            path_misses: AtomicU64::new(0),
        }
    }

    /// An empty cache of the same capacity.
    pub fn emptied(&self) -> Self {
        Self::new(self.capacity)
    }

    /// Maximum number of entries of each kind (signatures, paths).
    pub fn capacity(&self) -> usize {
        self.capacity
    }

    /// Current hit/miss counts and number of entries held.
    pub fn stats(&self) -> CacheStats {
        let entries = self.signatures.lock().map(|s| s.map.len()).unwrap_or(0)
            + self.paths.lock().map(|p| p.map.len()).unwrap_or(0);
        CacheStats {
            signature_hits: self.signature_hits.load(Ordering::Relaxed),
            signature_misses: self.signature_misses.load(Ordering::Relaxed),
            path_hits: self.path_hits.load(Ordering::Relaxed),
            path_misses: self.path_misses.load(Ordering::Relaxed),
            entries: entries as u64,
        }
    }

    /// Whether results under `policy` may be kept here (the first policy wins).
    fn serves(&self, policy: &Policy) -> bool {
        self.policy.get_or_init(|| policy.clone()) == policy
    }

    /// The outcome of `validate` for `req`, from the memo when the same request was validated
    /// before.
    pub(crate) fn chain(
        &self,
        req: &ChainRequest<'_>,
        policy: &Policy,
        validate: impl FnOnce() -> ChainOutcome,
    ) -> ChainOutcome {
        if !self.serves(policy) {
            return validate();
        }
        let key = chain_key(req);
        if let Some(hit) = self.paths.lock().ok().and_then(|p| p.get(&key)) {
            self.path_hits.fetch_add(1, Ordering::Relaxed);
            return hit;
        }
        self.path_misses.fetch_add(1, Ordering::Relaxed);
        let outcome = validate();
        if let Ok(mut paths) = self.paths.lock() {
            paths.insert(key, outcome.clone());
        }
        outcome
    }

    /// What checking the signature establishes, from the memo when it was checked before.
    /// Facts do not depend on the policy, so every policy is served.
    fn signature(&self, parts: SignatureParts<'_>) -> SignatureValueFact {
        let key = parts.key();
        if let Some(hit) = self.signatures.lock().ok().and_then(|s| s.get(&key)) {
            self.signature_hits.fetch_add(1, Ordering::Relaxed);
            return hit;
        }
        self.signature_misses.fetch_add(1, Ordering::Relaxed);
        let fact = parts.examine();
        if let Ok(mut signatures) = self.signatures.lock() {
            signatures.insert(key, fact.clone());
        }
        fact
    }
}

impl VerificationCache {
    /// `read(der)` from the memo when the same certificate was read before (a service sees
    /// the same signer certificates, e.g. an agency's seal, on many documents). Reading a
    /// certificate depends on its bytes alone, so any policy is served; what does not read is
    /// not kept.
    pub(crate) fn cert_reading(
        &self,
        der: &[u8],
        read: impl FnOnce() -> Option<CertReading>,
    ) -> Option<Arc<CertReading>> {
        let mut h = KeyHasher::new(b"certificate reading");
        h.bytes(der);
        let key = h.finish();
        if let Some(hit) = self.readings.lock().ok().and_then(|r| r.get(&key)) {
            return Some(hit);
        }
        let reading = Arc::new(read()?);
        if let Ok(mut readings) = self.readings.lock() {
            readings.insert(key, reading.clone());
        }
        Some(reading)
    }
}

/// What the CMS signer lookup reads from one certificate (`cms::signer_cert`): where its
/// fields sit in the DER (so a memo hit borrows them from the caller's bytes) and its summary.
#[derive(Debug, Clone)]
pub(crate) struct CertReading {
    pub spki: Range<usize>,
    pub issuer: Range<usize>,
    pub serial: Range<usize>,
    pub subject_key_id: Option<Range<usize>>,
    pub summary: CertSummary,
}

/// A signature over `message` by the key `spki` (certificates and CRLs: no separate digest
/// algorithm).
#[derive(Debug, Clone, Copy)]
pub(crate) struct SignatureParts<'a> {
    pub spki: &'a [u8],
    pub algorithm: &'a [u8],
    pub message: &'a [u8],
    pub signature: &'a [u8],
}

impl SignatureParts<'_> {
    fn examine(&self) -> SignatureValueFact {
        super::examine_signature(
            self.spki,
            self.algorithm,
            None,
            self.message,
            self.signature,
        )
    }

    fn key(&self) -> Key {
        let mut h = KeyHasher::new(b"signature");
        h.bytes(self.spki);
        h.bytes(self.algorithm);
        h.bytes(self.message);
        h.bytes(self.signature);
        h.finish()
    }
}

/// Every input of path validation but the trust store and the policy (fixed per cache).
fn chain_key(req: &ChainRequest<'_>) -> Key {
    let mut h = KeyHasher::new(b"chain");
    h.bytes(req.leaf);
    h.list(req.intermediates);
    h.list(req.crls);
    h.list(req.ocsp_responses);
    h.bytes(match req.purpose {
        Purpose::DocumentSigning => b"document",
        Purpose::Timestamping => b"timestamp",
        Purpose::SealMaking => b"seal",
    });
    h.time(req.claimed_time);
    h.time(req.poe_time);
    h.time(Some(req.validation_time));
    h.finish()
}

/// SHA-256 over length-prefixed fields, so no two different inputs share a key by shifting
/// bytes between fields.
struct KeyHasher(Sha256);

impl KeyHasher {
    fn new(domain: &[u8]) -> Self {
        let mut h = KeyHasher(Sha256::new());
        h.bytes(domain);
        h
    }

    fn bytes(&mut self, b: &[u8]) {
        self.0.update((b.len() as u64).to_be_bytes());
        self.0.update(b);
    }

    fn list(&mut self, items: &[&[u8]]) {
        self.0.update((items.len() as u64).to_be_bytes());
        for item in items {
            self.bytes(item);
        }
    }

    fn time(&mut self, t: Option<OffsetDateTime>) {
        match t {
            Some(t) => {
                self.0.update([1]);
                self.0.update(t.unix_timestamp_nanos().to_be_bytes());
                self.0.update(t.offset().whole_seconds().to_be_bytes());
            }
            None => self.0.update([0]),
        }
    }

    fn finish(self) -> Key {
        self.0.finalize().into()
    }
}

thread_local! {
    /// The cache of the `validate_chain` call running on this thread, if any.
    static ACTIVE: RefCell<Option<Arc<VerificationCache>>> = const { RefCell::new(None) };
}

/// Runs `work` with `cache` as this thread's active cache (restoring the previous one after).
pub(crate) fn with_scope<T>(cache: Option<&Arc<VerificationCache>>, work: impl FnOnce() -> T) -> T {
    let previous = ACTIVE.with(|a| a.replace(cache.cloned()));
    let result = work();
    ACTIVE.with(|a| *a.borrow_mut() = previous);
    result
}

/// [`examine_signature`](super::examine_signature) for a certificate or CRL signature, through
/// the active cache when there is one.
pub(crate) fn examine_signature(parts: SignatureParts<'_>) -> SignatureValueFact {
    let active = ACTIVE.with(|a| a.borrow().clone());
    match active {
        Some(cache) => cache.signature(parts),
        None => parts.examine(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounded_forgets_oldest_first() {
        let mut b = Bounded::new(2);
        b.insert([1; 32], 1);
        b.insert([2; 32], 2);
        b.insert([1; 32], 10); // replacing keeps the size
        b.insert([3; 32], 3);
        assert_eq!(b.get(&[1; 32]), None);
        assert_eq!(b.get(&[2; 32]), Some(2));
        assert_eq!(b.get(&[3; 32]), Some(3));
        let mut none = Bounded::new(0);
        none.insert([1; 32], 1);
        assert_eq!(none.get(&[1; 32]), None);
    }

    #[test]
    fn keys_separate_fields() {
        let a = SignatureParts {
            spki: b"ab",
            algorithm: b"c",
            message: b"m",
            signature: b"s",
        };
        let b = SignatureParts {
            spki: b"a",
            algorithm: b"bc",
            ..a
        };
        assert_ne!(a.key(), b.key());
        assert_eq!(a.key(), a.key());
    }

    #[test]
    fn other_policies_bypass_the_cache() {
        let cache = VerificationCache::new(8);
        let strict = Policy::default();
        let lax = Policy {
            allow_sha1: !strict.allow_sha1,
            ..Policy::default()
        };
        assert!(cache.serves(&strict));
        assert!(!cache.serves(&lax));
        assert!(cache.serves(&strict));
    }
}
