//! Counters the service exposes at `GET /metrics` in the Prometheus text format (written by
//! hand: a few counters and one histogram do not need a metrics framework).

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::Duration;

use crate::pki::cache::CacheStats;

/// Upper bounds (seconds) of the latency histogram buckets.
const BUCKETS: [f64; 12] = [
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 10.0,
];

#[derive(Debug, Default)]
struct Histogram {
    /// Cumulative counts are computed when rendering; these are per bucket (+Inf last).
    counts: [u64; BUCKETS.len() + 1],
    sum: f64,
    count: u64,
}

impl Histogram {
    fn observe(&mut self, seconds: f64) {
        let slot = BUCKETS
            .iter()
            .position(|&b| seconds <= b)
            .unwrap_or(BUCKETS.len());
        if let Some(c) = self.counts.get_mut(slot) {
            *c += 1;
        }
        self.sum += seconds;
        self.count += 1;
    }
}

/// Everything `/metrics` reports, updated by the request middleware and the handlers.
#[derive(Debug, Default)]
pub struct Metrics {
    /// (route, status) → count.
    requests: Mutex<BTreeMap<(String, u16), u64>>,
    /// route → latency histogram.
    latency: Mutex<BTreeMap<String, Histogram>>,
    /// Signature indications of verified documents (TOTAL_PASSED, …, and `unsigned`).
    verdicts: Mutex<BTreeMap<String, u64>>,
    /// Review decisions.
    decisions: Mutex<BTreeMap<String, u64>>,
    /// Requests refused before any work: code → count.
    rejected: Mutex<BTreeMap<String, u64>>,
    pub reloads_ok: AtomicU64,
    pub reloads_failed: AtomicU64,
    pub documents: AtomicU64,
}

fn bump(map: &Mutex<BTreeMap<String, u64>>, key: &str, by: u64) {
    if let Ok(mut m) = map.lock() {
        *m.entry(key.to_string()).or_default() += by;
    }
}

/// Gauges read at the moment `/metrics` is rendered.
#[derive(Debug, Clone, Copy, Default)]
pub struct Gauges {
    pub queue_depth: usize,
    pub workers_busy: usize,
    pub workers: usize,
    pub in_flight: usize,
    pub generation: u64,
    pub cache: Option<CacheStats>,
}

impl Metrics {
    pub fn request(&self, route: &str, status: u16, took: Duration) {
        if let Ok(mut r) = self.requests.lock() {
            *r.entry((route.to_string(), status)).or_default() += 1;
        }
        if let Ok(mut l) = self.latency.lock() {
            l.entry(route.to_string())
                .or_default()
                .observe(took.as_secs_f64());
        }
    }

    pub fn verdict(&self, indication: &str) {
        bump(&self.verdicts, indication, 1);
    }

    pub fn decision(&self, decision: &str) {
        bump(&self.decisions, decision, 1);
    }

    pub fn rejected(&self, code: &str) {
        bump(&self.rejected, code, 1);
    }

    /// The Prometheus text exposition.
    pub fn render(&self, g: Gauges) -> String {
        let mut out = String::new();
        let _ = self.write(&mut out, g);
        out
    }

    fn write(&self, out: &mut String, g: Gauges) -> std::fmt::Result {
        writeln!(
            out,
            "# HELP sealcheck_requests_total HTTP requests by route and status."
        )?;
        writeln!(out, "# TYPE sealcheck_requests_total counter")?;
        if let Ok(r) = self.requests.lock() {
            for ((route, status), n) in r.iter() {
                writeln!(
                    out,
                    "sealcheck_requests_total{{route=\"{}\",status=\"{status}\"}} {n}",
                    label(route)
                )?;
            }
        }
        writeln!(
            out,
            "# HELP sealcheck_request_duration_seconds Request latency by route."
        )?;
        writeln!(out, "# TYPE sealcheck_request_duration_seconds histogram")?;
        if let Ok(l) = self.latency.lock() {
            for (route, h) in l.iter() {
                let route = label(route);
                let mut cumulative = 0;
                for (bound, n) in BUCKETS.iter().zip(h.counts.iter()) {
                    cumulative += n;
                    writeln!(
                        out,
                        "sealcheck_request_duration_seconds_bucket{{route=\"{route}\",le=\"{bound}\"}} {cumulative}"
                    )?;
                }
                writeln!(
                    out,
                    "sealcheck_request_duration_seconds_bucket{{route=\"{route}\",le=\"+Inf\"}} {}",
                    h.count
                )?;
                writeln!(
                    out,
                    "sealcheck_request_duration_seconds_sum{{route=\"{route}\"}} {}",
                    h.sum
                )?;
                writeln!(
                    out,
                    "sealcheck_request_duration_seconds_count{{route=\"{route}\"}} {}",
                    h.count
                )?;
            }
        }
        counter_family(
            out,
            "sealcheck_signature_verdicts_total",
            "Indications of verified signatures (`unsigned`: a document without any).",
            "indication",
            &self.verdicts,
        )?;
        counter_family(
            out,
            "sealcheck_review_decisions_total",
            "Pre-review decisions.",
            "decision",
            &self.decisions,
        )?;
        counter_family(
            out,
            "sealcheck_rejected_requests_total",
            "Requests refused (error code of the response).",
            "code",
            &self.rejected,
        )?;
        let simple: [(&str, &str, &str, u64); 8] = [
            (
                "sealcheck_documents_total",
                "counter",
                "Documents verified.",
                self.documents.load(Ordering::Relaxed),
            ),
            (
                "sealcheck_queue_depth",
                "gauge",
                "Requests waiting for a verification worker.",
                g.queue_depth as u64,
            ),
            (
                "sealcheck_workers_busy",
                "gauge",
                "Verification workers running a job.",
                g.workers_busy as u64,
            ),
            (
                "sealcheck_workers",
                "gauge",
                "Verification workers.",
                g.workers as u64,
            ),
            (
                "sealcheck_in_flight_requests",
                "gauge",
                "Requests being served.",
                g.in_flight as u64,
            ),
            (
                "sealcheck_warm_generation",
                "gauge",
                "How many times trust anchors, CRLs and catalog were loaded (1 = the start).",
                g.generation,
            ),
            (
                "sealcheck_reloads_succeeded_total",
                "counter",
                "SIGHUP reloads that took effect.",
                self.reloads_ok.load(Ordering::Relaxed),
            ),
            (
                "sealcheck_reloads_failed_total",
                "counter",
                "SIGHUP reloads refused (the previous configuration stays).",
                self.reloads_failed.load(Ordering::Relaxed),
            ),
        ];
        for (name, kind, help, value) in simple {
            writeln!(out, "# HELP {name} {help}")?;
            writeln!(out, "# TYPE {name} {kind}")?;
            writeln!(out, "{name} {value}")?;
        }
        if let Some(c) = g.cache {
            writeln!(
                out,
                "# HELP sealcheck_cache_lookups_total Verification cache lookups."
            )?;
            writeln!(out, "# TYPE sealcheck_cache_lookups_total counter")?;
            for (kind, result, n) in [
                ("signature", "hit", c.signature_hits),
                ("signature", "miss", c.signature_misses),
                ("path", "hit", c.path_hits),
                ("path", "miss", c.path_misses),
            ] {
                writeln!(
                    out,
                    "sealcheck_cache_lookups_total{{kind=\"{kind}\",result=\"{result}\"}} {n}"
                )?;
            }
            writeln!(
                out,
                "# HELP sealcheck_cache_entries Entries in the verification cache."
            )?;
            writeln!(out, "# TYPE sealcheck_cache_entries gauge")?;
            writeln!(out, "sealcheck_cache_entries {}", c.entries)?;
        }
        Ok(())
    }
}

fn counter_family(
    out: &mut String,
    name: &str,
    help: &str,
    label_name: &str,
    map: &Mutex<BTreeMap<String, u64>>,
) -> std::fmt::Result {
    writeln!(out, "# HELP {name} {help}")?;
    writeln!(out, "# TYPE {name} counter")?;
    if let Ok(m) = map.lock() {
        for (key, n) in m.iter() {
            writeln!(out, "{name}{{{label_name}=\"{}\"}} {n}", label(key))?;
        }
    }
    Ok(())
}

/// A label value as the exposition format wants it (labels here are route templates and
/// codes the service chose, but escape anyway).
fn label(value: &str) -> String {
    value
        .replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn histogram_is_cumulative_and_counts_match() {
        let m = Metrics::default();
        m.request("/v1/verify", 200, Duration::from_micros(800));
        m.request("/v1/verify", 200, Duration::from_millis(30));
        m.request("/v1/verify", 413, Duration::from_secs(20));
        m.verdict("TOTAL_PASSED");
        let text = m.render(Gauges::default());
        assert!(text.contains("sealcheck_requests_total{route=\"/v1/verify\",status=\"200\"} 2"));
        assert!(text.contains("sealcheck_requests_total{route=\"/v1/verify\",status=\"413\"} 1"));
        assert!(text.contains(
            "sealcheck_request_duration_seconds_bucket{route=\"/v1/verify\",le=\"0.001\"} 1"
        ));
        assert!(text.contains(
            "sealcheck_request_duration_seconds_bucket{route=\"/v1/verify\",le=\"0.05\"} 2"
        ));
        assert!(text.contains(
            "sealcheck_request_duration_seconds_bucket{route=\"/v1/verify\",le=\"10\"} 2"
        ));
        assert!(text.contains(
            "sealcheck_request_duration_seconds_bucket{route=\"/v1/verify\",le=\"+Inf\"} 3"
        ));
        assert!(text.contains("sealcheck_signature_verdicts_total{indication=\"TOTAL_PASSED\"} 1"));
        assert_eq!(label("a\"b\\c\nd"), "a\\\"b\\\\c\\nd");
    }
}
