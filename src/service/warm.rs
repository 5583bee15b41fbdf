//! The warm state of the service: trust anchors, intermediates, CRLs, catalog (and, once the
//! issuer registry exists, the registry), loaded once from the configured files and swapped as
//! a whole on reload (SIGHUP). Requests take an `Arc` of the current state when they start, so
//! a reload never disturbs one in flight; a reload that fails keeps the previous state.

use std::path::PathBuf;
use std::sync::{Arc, RwLock};

use time::OffsetDateTime;

use crate::catalog::{self, Catalog};
use crate::policy::Policy;
use crate::review::Reviewer;
use crate::verifier::{TrustPaths, Verifier};

/// Where the warm state comes from (the `serve` flags).
#[derive(Debug, Clone, Default)]
pub struct WarmSources {
    /// Trust anchors: PEM/DER files or directories of them.
    pub trust: Vec<PathBuf>,
    /// CRLs: PEM/DER files or directories.
    pub crl: Vec<PathBuf>,
    /// Extra intermediate certificates.
    pub cert: Vec<PathBuf>,
    /// Catalog files; the built-in catalog when empty.
    pub catalog: Vec<PathBuf>,
    /// Issuer registry (`sealcheck-issuers/1`); see [`apply_issuers`].
    pub issuers: Option<PathBuf>,
    /// The verification policy and limits.
    pub policy: Policy,
    /// Entries of the verification cache (0: no cache).
    pub cache_capacity: usize,
    /// The fallback text extractor's own process (never run in the service's process); `None`:
    /// no fallback, only the bounded lopdf reader.
    pub text_extractor: Option<crate::pdf_text::ExternalExtractor>,
}

/// One loaded configuration.
#[derive(Debug, Clone)]
pub struct Warm {
    /// The reviewer, with its verifier and catalog.
    pub reviewer: Reviewer,
    /// 1 for the state loaded at start, +1 for each successful reload.
    pub generation: u64,
    /// When it was loaded.
    pub loaded_at: OffsetDateTime,
}

impl Warm {
    /// The verifier of this configuration.
    pub fn verifier(&self) -> &Verifier {
        &self.reviewer.verifier
    }

    /// The catalog of this configuration.
    pub fn catalog(&self) -> &Catalog {
        &self.reviewer.catalog
    }
}

impl WarmSources {
    /// Reads every configured file. `Err` says which file and why.
    pub fn load(&self) -> Result<Reviewer, String> {
        let paths = TrustPaths {
            anchors: self.trust.clone(),
            crls: self.crl.clone(),
            intermediates: self.cert.clone(),
        };
        let mut verifier = paths.load(self.policy.clone()).map_err(|e| e.to_string())?;
        if self.cache_capacity > 0 {
            verifier = verifier.with_cache(self.cache_capacity);
        }
        let catalog = self.load_catalog()?;
        let mut reviewer = Reviewer::new(verifier, catalog);
        if let Some(extractor) = &self.text_extractor {
            reviewer = reviewer.with_text_extractor(extractor.clone());
        }
        match &self.issuers {
            Some(path) => apply_issuers(reviewer, path),
            None => Ok(reviewer),
        }
    }

    fn load_catalog(&self) -> Result<Catalog, String> {
        let joined = |errors: catalog::CatalogErrors| {
            errors
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("; ")
        };
        if self.catalog.is_empty() {
            return catalog::builtin::catalog().map_err(joined);
        }
        let mut parsed = Vec::new();
        for path in &self.catalog {
            let text = std::fs::read_to_string(path)
                .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
            let name = path.display().to_string();
            parsed.push((
                name.clone(),
                catalog::parse_catalog(&name, &text).map_err(joined)?,
            ));
        }
        catalog::load::merge(parsed).map_err(joined)
    }
}

/// Loads the issuer registry (`--issuers`, DESIGN.md "Issuers") from `path` and attaches it to
/// the reviewer, so category and credit-code rules and e-licence issuers are judged by identity.
pub fn apply_issuers(reviewer: Reviewer, path: &std::path::Path) -> Result<Reviewer, String> {
    let registry = crate::issuers::IssuerRegistry::load(path)
        .map_err(|e| format!("--issuers {}: {e}", path.display()))?;
    Ok(reviewer.with_issuers(registry))
}

/// The current state, swapped whole on reload.
#[derive(Debug)]
pub struct WarmCell {
    sources: WarmSources,
    current: RwLock<Arc<Warm>>,
}

impl WarmCell {
    /// Loads the state for the first time.
    pub fn load(sources: WarmSources) -> Result<Self, String> {
        let reviewer = sources.load()?;
        Ok(WarmCell {
            sources,
            current: RwLock::new(Arc::new(Warm {
                reviewer,
                generation: 1,
                loaded_at: OffsetDateTime::now_utc(),
            })),
        })
    }

    /// The state requests use now.
    pub fn current(&self) -> Arc<Warm> {
        match self.current.read() {
            Ok(guard) => Arc::clone(&guard),
            Err(poisoned) => Arc::clone(&poisoned.into_inner()),
        }
    }

    /// Reads every file again and swaps the new state in; on failure the old one stays.
    /// Returns the new generation.
    pub fn reload(&self) -> Result<u64, String> {
        let reviewer = self.sources.load()?;
        let mut guard = match self.current.write() {
            Ok(guard) => guard,
            Err(poisoned) => poisoned.into_inner(),
        };
        let generation = guard.generation + 1;
        *guard = Arc::new(Warm {
            reviewer,
            generation,
            loaded_at: OffsetDateTime::now_utc(),
        });
        Ok(generation)
    }
}
