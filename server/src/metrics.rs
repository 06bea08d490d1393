//! What a server process counts for its operators, served as `GET /metrics` in the
//! Prometheus (OpenMetrics) text format: merges and pulls with their latencies, the pools' use,
//! the document cache, imports, event-stream clients and failed sign-ins.
//!
//! Counters live in the process (each process of a deployment is scraped on its own, as
//! Prometheus expects); the pools' use is read at each scrape.

use std::sync::Arc;
use std::time::Duration;

use prometheus_client::encoding::{EncodeLabelSet, EncodeLabelValue};
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use prometheus_client::registry::Registry;

use crate::read_pool::PoolUse;
use crate::store::cache::DocCache;

/// The metrics of one server process; cheap to clone.
#[derive(Clone)]
pub struct Metrics {
    inner: Arc<Inner>,
    registry: Arc<Registry>,
}

impl std::fmt::Debug for Metrics {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Metrics")
    }
}

struct Inner {
    merges: Counter,
    merge_seconds: Histogram,
    pulls: Counter,
    pull_seconds: Histogram,
    imports: Family<ImportLabels, Counter>,
    sse_clients: Gauge,
    sign_in_failures: Counter,
    requests: Family<RequestLabels, Counter>,
    pool: Family<PoolLabels, Gauge>,
}

/// How an import ended.
#[derive(Clone, Copy, Debug, Hash, PartialEq, Eq, EncodeLabelValue)]
pub enum ImportResult {
    /// Its rows were written.
    Terminada,
    /// The file was refused; nothing written.
    Fallida,
    /// Cut short (the process stopped); nothing written.
    Interrumpida,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct ImportLabels {
    result: ImportResult,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RequestLabels {
    class: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct PoolLabels {
    pool: &'static str,
    state: &'static str,
}

impl Metrics {
    /// The metrics of a process whose document cache is `cache`.
    pub fn new(cache: &DocCache) -> Metrics {
        let mut registry = Registry::with_prefix("ote");
        // 1 ms to about 16 s.
        let latency = || Histogram::new(exponential_buckets(0.001, 2.0, 15));
        let inner = Inner {
            merges: Counter::default(),
            merge_seconds: latency(),
            pulls: Counter::default(),
            pull_seconds: latency(),
            imports: Family::default(),
            sse_clients: Gauge::default(),
            sign_in_failures: Counter::default(),
            requests: Family::default(),
            pool: Family::default(),
        };
        registry.register(
            "sync_merges",
            "Documents merged from devices",
            inner.merges.clone(),
        );
        registry.register(
            "sync_merge_seconds",
            "Time to merge one document",
            inner.merge_seconds.clone(),
        );
        registry.register(
            "sync_pulls",
            "Documents sent to devices in pulls",
            inner.pulls.clone(),
        );
        registry.register(
            "sync_pull_seconds",
            "Time to gather one batch's pull",
            inner.pull_seconds.clone(),
        );
        let (hits, misses) = cache.lookups();
        registry.register(
            "doc_cache_hits",
            "Merges that found their document loaded",
            hits,
        );
        registry.register(
            "doc_cache_misses",
            "Merges that read their document from PostgreSQL",
            misses,
        );
        registry.register(
            "imports",
            "Imports by how they ended",
            inner.imports.clone(),
        );
        registry.register(
            "sse_clients",
            "Open event streams",
            inner.sse_clients.clone(),
        );
        registry.register(
            "sign_in_failures",
            "Failed sign-ins",
            inner.sign_in_failures.clone(),
        );
        registry.register(
            "http_responses",
            "Answers by status class",
            inner.requests.clone(),
        );
        registry.register(
            "db_pool_connections",
            "Database connections by pool and state",
            inner.pool.clone(),
        );
        Metrics {
            inner: Arc::new(inner),
            registry: Arc::new(registry),
        }
    }

    /// One document merged in `took`.
    pub fn merged(&self, took: Duration) {
        self.inner.merges.inc();
        self.inner.merge_seconds.observe(took.as_secs_f64());
    }

    /// A batch's pull of `docs` documents gathered in `took`.
    pub fn pulled(&self, docs: usize, took: Duration) {
        self.inner.pulls.inc_by(docs as u64);
        self.inner.pull_seconds.observe(took.as_secs_f64());
    }

    /// An import ended.
    pub fn import(&self, result: ImportResult) {
        self.inner
            .imports
            .get_or_create(&ImportLabels { result })
            .inc();
    }

    /// An event stream opened; closed when the guard drops.
    pub fn sse_client(&self) -> SseGuard {
        self.inner.sse_clients.inc();
        SseGuard(self.clone())
    }

    /// A sign-in failed.
    pub fn sign_in_failed(&self) {
        self.inner.sign_in_failures.inc();
    }

    /// An answer with `status`.
    pub fn answered(&self, status: u16) {
        let class = match status {
            100..=199 => "1xx",
            200..=299 => "2xx",
            300..=399 => "3xx",
            400..=499 => "4xx",
            _ => "5xx",
        };
        self.inner
            .requests
            .get_or_create(&RequestLabels { class })
            .inc();
    }

    /// The text a scrape reads, with the pools' use as of now.
    pub fn render(&self, pools: &[(&'static str, PoolUse)]) -> String {
        for (name, usage) in pools {
            let idle = i64::from(usage.idle);
            let busy = i64::from(usage.open) - idle;
            for (state, value) in [("busy", busy), ("idle", idle)] {
                let labels = PoolLabels { pool: name, state };
                self.inner.pool.get_or_create(&labels).set(value);
            }
        }
        let mut text = String::new();
        prometheus_client::encoding::text::encode(&mut text, &self.registry)
            .expect("writing to a String does not fail");
        text
    }
}

/// An open event stream, counted until dropped.
pub struct SseGuard(Metrics);

impl Drop for SseGuard {
    fn drop(&mut self) {
        self.0.inner.sse_clients.dec();
    }
}
