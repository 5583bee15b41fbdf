//! `sealcheck serve`: the HTTP service (routes in docs/service.md).

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use sealcheck::pki::cache::DEFAULT_CAPACITY;
use sealcheck::service::{logging, Service, ServiceLimits, WarmSources};
use sealcheck::Policy;

use crate::verify_cmd::TrustSourceArgs;
use crate::{EXIT_NOINPUT, EXIT_USAGE};

#[derive(clap::Args)]
pub struct ServeArgs {
    /// Address to listen on.
    #[arg(long = "listen", value_name = "ADDR", default_value = "127.0.0.1:8600")]
    pub listen: SocketAddr,
    #[command(flatten)]
    pub sources: TrustSourceArgs,
    /// Catalog file to use instead of the built-in catalog (repeatable).
    #[arg(long = "catalog", value_name = "FILE.toml")]
    pub catalog: Vec<PathBuf>,
    /// Issuer registry (sealcheck-issuers/1).
    #[arg(long = "issuers", value_name = "FILE.toml")]
    pub issuers: Option<PathBuf>,
    /// Verification workers (default: one per core).
    #[arg(long = "workers", value_name = "N")]
    pub workers: Option<usize>,
    /// Requests that may wait for a worker before 429 (default: 64 per worker).
    #[arg(long = "queue", value_name = "N")]
    pub queue: Option<usize>,
    /// Largest request body in MiB.
    #[arg(long = "max-body-mib", value_name = "MIB", default_value_t = 32)]
    pub max_body_mib: usize,
    /// Most uploads in one request.
    #[arg(long = "max-uploads", value_name = "N", default_value_t = 20)]
    pub max_uploads: usize,
    /// Seconds from the first byte of a request to its answer.
    #[arg(long = "deadline", value_name = "SECONDS", default_value_t = 30)]
    pub deadline: u64,
    /// Open connections; past it a new connection gets 503 and is closed.
    #[arg(long = "max-connections", value_name = "N", default_value_t = 4096)]
    pub max_connections: usize,
    /// Entries of the verification cache (0: none).
    #[arg(long = "cache-entries", value_name = "N", default_value_t = DEFAULT_CAPACITY)]
    pub cache_entries: usize,
    /// Treat missing revocation data as INDETERMINATE TRY_LATER.
    #[arg(long = "require-revocation")]
    pub require_revocation: bool,
}

pub fn run(args: ServeArgs) -> ExitCode {
    logging::init();
    let sources = WarmSources {
        trust: args.sources.trust,
        crl: args.sources.crl,
        cert: args.sources.cert,
        catalog: args.catalog,
        issuers: args.issuers,
        policy: Policy {
            require_revocation: args.require_revocation,
            ..Policy::default()
        },
        cache_capacity: args.cache_entries,
        text_extractor: crate::extract_text_cmd::this_binary(),
    };
    let defaults = ServiceLimits::default();
    let workers = args.workers.unwrap_or(defaults.workers).max(1);
    let limits = ServiceLimits {
        max_body_bytes: args.max_body_mib.saturating_mul(1024 * 1024),
        max_uploads: args.max_uploads,
        workers,
        queue: args.queue.unwrap_or(64 * workers),
        deadline: Duration::from_secs(args.deadline.max(1)),
        max_connections: args.max_connections.max(1),
        ..defaults
    };
    let service = match Service::new(sources, limits) {
        Ok(s) => s,
        Err(why) => {
            eprintln!("sealcheck serve: {why}");
            return ExitCode::from(EXIT_USAGE);
        }
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .thread_name("sealcheck-io")
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            eprintln!("sealcheck serve: cannot start the runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    runtime.block_on(async move {
        let listener = match tokio::net::TcpListener::bind(args.listen).await {
            Ok(l) => l,
            Err(e) => {
                eprintln!("sealcheck serve: cannot listen on {}: {e}", args.listen);
                return ExitCode::from(EXIT_NOINPUT);
            }
        };
        let local = listener
            .local_addr()
            .map_or_else(|_| args.listen.to_string(), |a| a.to_string());
        tracing::info!(listen = %local, workers, "sealcheck serve ready");
        match service.serve_with_signals(listener).await {
            Ok(()) => {
                tracing::info!("stopped");
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("sealcheck serve: {e}");
                ExitCode::FAILURE
            }
        }
    })
}
