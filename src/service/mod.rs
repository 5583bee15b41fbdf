//! `sealcheck serve`: the HTTP service a portal backend calls, and the staff report page
//! (feature `serve`). Routes and error shape: `docs/service.md`.
//!
//! Verification never runs on the async workers: every job goes to a bounded [`pool`] with a
//! deadline. Trust anchors, CRLs and catalog are loaded once into a [`warm`] state with a
//! verification cache and swapped whole on reload. Bodies are read within limits ([`body`]);
//! every refusal is a JSON [`error`].
//!
//! ```no_run
//! use sealcheck::service::{Service, ServiceLimits, WarmSources};
//!
//! # async fn run() -> std::io::Result<()> {
//! let sources = WarmSources { trust: vec!["root.pem".into()], ..WarmSources::default() };
//! let service = Service::new(sources, ServiceLimits::default()).expect("configuration loads");
//! let listener = tokio::net::TcpListener::bind("127.0.0.1:8600").await?;
//! service.serve(listener, std::future::pending()).await
//! # }
//! ```

// Internals are `#[doc(hidden)]`: reachable for tests, benches and fuzz targets, not part of
// the documented API.
#[doc(hidden)]
pub mod body;
pub mod error;
#[doc(hidden)]
pub mod logging;
#[doc(hidden)]
pub mod metrics;
#[doc(hidden)]
pub mod page;
#[doc(hidden)]
pub mod pool;
mod routes;
pub mod server;
pub mod warm;

use std::future::Future;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use tokio::net::TcpListener;

pub use error::ApiError;
pub use warm::{Warm, WarmCell, WarmSources};

use body::ByteBudget;
use metrics::{Gauges, Metrics};
use pool::WorkPool;

/// Bounds of the service: how much one request may send and how long it may take, and how
/// much work runs or waits at once.
#[derive(Debug, Clone)]
pub struct ServiceLimits {
    /// Largest request body (all uploads and the application together).
    pub max_body_bytes: usize,
    /// Most uploads in one request.
    pub max_uploads: usize,
    /// Largest `application` part of a review.
    pub max_application_bytes: usize,
    /// Bodies held by all requests together; past it, 503.
    pub max_in_flight_bytes: usize,
    /// Verification workers (jobs running at once).
    pub workers: usize,
    /// Jobs that may wait for a worker; past it, 429.
    pub queue: usize,
    /// From the first byte of the request to the answer.
    pub deadline: Duration,
    /// Open connections; past it a new connection gets 503 and is closed.
    pub max_connections: usize,
}

impl Default for ServiceLimits {
    fn default() -> Self {
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        ServiceLimits {
            max_body_bytes: 32 * 1024 * 1024,
            max_uploads: 20,
            max_application_bytes: 1024 * 1024,
            max_in_flight_bytes: 512 * 1024 * 1024,
            workers: cores,
            queue: 64 * cores,
            deadline: Duration::from_secs(30),
            max_connections: 4096,
        }
    }
}

/// What every handler shares.
#[derive(Debug)]
pub(crate) struct AppState {
    pub warm: WarmCell,
    pub limits: ServiceLimits,
    pub pool: WorkPool,
    pub budget: ByteBudget,
    pub metrics: Metrics,
    pub in_flight: AtomicUsize,
    pub next_request: AtomicU64,
    pub shutting_down: AtomicBool,
}

/// The service: cheap to clone (all clones share one state).
#[derive(Debug, Clone)]
pub struct Service {
    state: Arc<AppState>,
}

impl Service {
    /// Loads the warm state; `Err` says which configured file is wrong.
    pub fn new(sources: WarmSources, limits: ServiceLimits) -> Result<Self, String> {
        let warm = WarmCell::load(sources)?;
        Ok(Service {
            state: Arc::new(AppState {
                warm,
                pool: WorkPool::new(limits.workers, limits.queue),
                budget: ByteBudget::new(limits.max_in_flight_bytes),
                limits,
                metrics: Metrics::default(),
                in_flight: AtomicUsize::new(0),
                next_request: AtomicU64::new(1),
                shutting_down: AtomicBool::new(false),
            }),
        })
    }

    /// The routes, for embedding in a larger axum application or serving directly.
    pub fn router(&self) -> Router {
        routes::router(Arc::clone(&self.state))
    }

    /// Loads the configured files again and swaps them in (SIGHUP). Requests in flight finish
    /// with the state they started with; on failure the current state stays.
    pub fn reload(&self) -> Result<u64, String> {
        let result = self.state.warm.reload();
        match &result {
            Ok(generation) => {
                self.state
                    .metrics
                    .reloads_ok
                    .fetch_add(1, Ordering::Relaxed);
                tracing::info!(generation, "configuration reloaded");
            }
            Err(why) => {
                self.state
                    .metrics
                    .reloads_failed
                    .fetch_add(1, Ordering::Relaxed);
                tracing::error!(error = %why, "reload refused; the previous configuration stays");
            }
        }
        result
    }

    /// The state requests start with now.
    pub fn warm(&self) -> Arc<Warm> {
        self.state.warm.current()
    }

    /// From now on new requests are refused with 503 (those in flight finish).
    pub fn begin_shutdown(&self) {
        self.state.shutting_down.store(true, Ordering::SeqCst);
    }

    /// The `/metrics` text.
    pub fn metrics_text(&self) -> String {
        render_metrics(&self.state)
    }

    /// Serves `listener` until `shutdown` completes, then stops accepting, lets the requests
    /// in flight finish, and returns.
    pub async fn serve(
        &self,
        listener: TcpListener,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> std::io::Result<()> {
        let this = self.clone();
        let signal = async move {
            shutdown.await;
            this.begin_shutdown();
            tracing::info!("shutting down: no new connections; finishing requests in flight");
        };
        server::run(
            listener,
            self.router(),
            self.state.limits.max_connections,
            signal,
        )
        .await
    }

    /// [`Service::serve`] driven by the process's signals: SIGTERM / SIGINT shut down
    /// gracefully, SIGHUP reloads the configuration.
    #[cfg(unix)]
    pub async fn serve_with_signals(&self, listener: TcpListener) -> std::io::Result<()> {
        use tokio::signal::unix::{signal, SignalKind};
        let mut hangup = signal(SignalKind::hangup())?;
        let mut terminate = signal(SignalKind::terminate())?;
        let mut interrupt = signal(SignalKind::interrupt())?;
        let reloader = self.clone();
        tokio::spawn(async move {
            while hangup.recv().await.is_some() {
                let service = reloader.clone();
                // Loading reads files: off the async workers.
                let _ = tokio::task::spawn_blocking(move || service.reload()).await;
            }
        });
        let shutdown = async move {
            tokio::select! {
                _ = terminate.recv() => tracing::info!("SIGTERM"),
                _ = interrupt.recv() => tracing::info!("SIGINT"),
            }
        };
        self.serve(listener, shutdown).await
    }
}

pub(crate) fn render_metrics(state: &AppState) -> String {
    let warm = state.warm.current();
    state.metrics.render(Gauges {
        queue_depth: state.pool.queue_depth(),
        workers_busy: state.pool.busy(),
        workers: state.pool.workers(),
        in_flight: state.in_flight.load(Ordering::Relaxed),
        generation: warm.generation,
        cache: warm.verifier().trust().cache().map(|c| c.stats()),
    })
}
