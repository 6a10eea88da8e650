//! Trust: the crypto provider (ring, chosen explicitly) and the root certificates (the system's, plus a check's
//! `ca_file`), each loaded once and reused.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::SystemTime;

use rustls::crypto::CryptoProvider;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::CertificateDer;
use rustls::RootCertStore;

/// The crypto provider every network probe uses. Chosen explicitly (never the process default), so it works
/// whether or not something installed a default and whichever rustls providers the build enables.
pub(crate) fn provider() -> Arc<CryptoProvider> {
    static PROVIDER: OnceLock<Arc<CryptoProvider>> = OnceLock::new();
    Arc::clone(PROVIDER.get_or_init(|| Arc::new(rustls::crypto::ring::default_provider())))
}

/// The system's root certificates (`/etc/ssl/certs` and the like), read once per process.
pub(crate) fn system_roots() -> Arc<RootCertStore> {
    static ROOTS: OnceLock<Arc<RootCertStore>> = OnceLock::new();
    Arc::clone(ROOTS.get_or_init(|| {
        let found = rustls_native_certs::load_native_certs();
        for error in &found.errors {
            tracing::warn!(%error, "could not read some system root certificates");
        }
        let mut store = RootCertStore::empty();
        let (added, ignored) = store.add_parsable_certificates(found.certs);
        tracing::debug!(added, ignored, "system root certificates loaded");
        Arc::new(store)
    }))
}

/// Identifies one version of a `ca_file` on disk: a changed file (time or size) is read again.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct CaFileStamp {
    path: PathBuf,
    modified: Option<SystemTime>,
    len: u64,
}

impl CaFileStamp {
    /// Looks at the file (one `stat`, no read).
    pub fn of(path: &Path) -> Result<CaFileStamp, String> {
        let meta = std::fs::metadata(path).map_err(|e| format!("cannot read ca_file {}: {e}", path.display()))?;
        Ok(CaFileStamp { path: path.to_owned(), modified: meta.modified().ok(), len: meta.len() })
    }
}

/// The roots a check trusts: the system's, plus the certificates in its `ca_file`. Cached per file version.
pub(crate) fn roots_for(ca_file: Option<&CaFileStamp>) -> Result<Arc<RootCertStore>, String> {
    let Some(stamp) = ca_file else { return Ok(system_roots()) };
    static CACHE: OnceLock<Mutex<HashMap<CaFileStamp, Arc<RootCertStore>>>> = OnceLock::new();
    let cache = CACHE.get_or_init(Default::default);
    if let Some(found) = cache.lock().ok().and_then(|c| c.get(stamp).cloned()) {
        return Ok(found);
    }
    let mut store = (*system_roots()).clone();
    let path = stamp.path.display();
    let mut added = 0usize;
    let certs = CertificateDer::pem_file_iter(&stamp.path).map_err(|e| format!("cannot read ca_file {path}: {e}"))?;
    for cert in certs {
        let cert = cert.map_err(|e| format!("ca_file {path} is not valid PEM: {e}"))?;
        store.add(cert).map_err(|e| format!("ca_file {path} holds a certificate that cannot be trusted: {e}"))?;
        added += 1;
    }
    if added == 0 {
        return Err(format!("ca_file {path} holds no PEM certificate (expected -----BEGIN CERTIFICATE-----)"));
    }
    let store = Arc::new(store);
    if let Ok(mut c) = cache.lock() {
        if c.len() > 64 {
            c.clear();
        }
        c.insert(stamp.clone(), Arc::clone(&store));
    }
    Ok(store)
}
