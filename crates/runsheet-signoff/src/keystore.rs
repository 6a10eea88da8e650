//! Private signing keys live in the OS keyring only (Secret Service on Linux, Keychain on macOS, Credential Manager
//! on Windows), one entry per person and workspace, as the check engine keeps secrets
//! (`runsheet_checks::secrets`). The workspace keeps only public keys and fingerprints.

use std::path::Path;

use zeroize::Zeroizing;

use crate::{Error, Result, SigningKey};

/// The keyring service under which Runsheet stores secrets and signing keys.
pub const KEYRING_SERVICE: &str = "dev.runsheet.app";

/// The signing keys of one workspace in the OS keyring: service [`KEYRING_SERVICE`], user
/// `signing-key:<principal>@<workspace path>`, the value an unencrypted OpenSSH private key.
#[derive(Debug, Clone)]
pub struct KeyStore {
    workspace: String,
}

impl KeyStore {
    /// The keyring entries of the workspace at this path.
    pub fn for_workspace(workspace: &Path) -> Self {
        KeyStore { workspace: workspace.display().to_string() }
    }

    /// The keyring user name of a principal's signing key.
    pub fn user(&self, principal: &str) -> String {
        format!("signing-key:{principal}@{}", self.workspace)
    }

    fn entry(&self, principal: &str) -> Result<keyring::Entry> {
        runsheet_core::approval::validate_principal(principal).map_err(|e| Error::Principal(e.to_string()))?;
        keyring::Entry::new(KEYRING_SERVICE, &self.user(principal)).map_err(|e| keyring_error(principal, e))
    }

    /// The principal's signing key, or `None` when the keyring has none.
    #[tracing::instrument(skip_all, fields(principal = %principal), err)]
    pub fn load(&self, principal: &str) -> Result<Option<SigningKey>> {
        let pem = match self.entry(principal)?.get_password() {
            Ok(pem) => Zeroizing::new(pem),
            Err(keyring::Error::NoEntry) => return Ok(None),
            Err(e) => return Err(keyring_error(principal, e)),
        };
        let key = SigningKey::from_openssh(&pem)
            .map_err(|e| Error::Keyring(format!("the signing key stored for `{principal}` cannot be read: {e}")))?;
        Ok(Some(key))
    }

    /// Stores (or replaces) the principal's signing key.
    #[tracing::instrument(skip_all, fields(principal = %principal, fingerprint = %key.fingerprint()), err)]
    pub fn store(&self, principal: &str, key: &SigningKey) -> Result<()> {
        let pem = key.to_openssh()?;
        self.entry(principal)?.set_password(&pem).map_err(|e| keyring_error(principal, e))
    }

    /// Deletes the principal's signing key; deleting one that is not there is not an error.
    #[tracing::instrument(skip_all, fields(principal = %principal), err)]
    pub fn delete(&self, principal: &str) -> Result<()> {
        match self.entry(principal)?.delete_credential() {
            Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
            Err(e) => Err(keyring_error(principal, e)),
        }
    }

    /// The principal's signing key, generated and stored on first use (comment `<name> <<principal>>`). The flag
    /// says whether it was generated now, in which case its public key must be registered to the person.
    #[tracing::instrument(skip_all, fields(principal = %principal), err)]
    pub fn load_or_generate(&self, principal: &str, name: &str) -> Result<(SigningKey, bool)> {
        if let Some(key) = self.load(principal)? {
            return Ok((key, false));
        }
        let key = SigningKey::generate(&format!("{name} <{principal}>"))?;
        self.store(principal, &key)?;
        tracing::info!(fingerprint = %key.fingerprint(), "generated a signing key");
        Ok((key, true))
    }
}

/// Maps a keyring failure: a keyring that cannot be reached or opened is [`Error::KeyringUnavailable`]. Never
/// includes a stored value.
fn keyring_error(principal: &str, error: keyring::Error) -> Error {
    match error {
        keyring::Error::PlatformFailure(e) | keyring::Error::NoStorageAccess(e) => {
            Error::KeyringUnavailable(format!("cannot use it for `{principal}`'s signing key ({e})"))
        }
        keyring::Error::BadEncoding(_) => {
            Error::Keyring(format!("the signing key stored for `{principal}` is not text"))
        }
        other => Error::Keyring(format!("`{principal}`'s signing key: {other}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_are_per_principal_and_workspace() {
        let store = KeyStore::for_workspace(Path::new("/home/grace/.local/share/runsheet"));
        assert_eq!(store.user("grace@example.com"), "signing-key:grace@example.com@/home/grace/.local/share/runsheet");
        let err = store.load("grace hopper").unwrap_err();
        assert_eq!(err.kind().as_str(), "invalid");
        assert!(err.to_string().contains("not a principal"), "{err}");
    }

    #[test]
    fn platform_failures_mean_no_usable_keyring() {
        let err = keyring_error("grace@example.com", keyring::Error::PlatformFailure("no D-Bus session".into()));
        assert_eq!(err.kind().as_str(), "keyring");
        assert!(matches!(err, Error::KeyringUnavailable(_)));
        let msg = err.to_string();
        assert!(msg.starts_with("no usable OS keyring: ") && msg.ends_with("; nothing was recorded"), "{msg}");
        let err = keyring_error("g@x", keyring::Error::BadEncoding(b"-----BEGIN OPENSSH PRIVATE KEY".to_vec()));
        assert!(!err.to_string().contains("BEGIN"), "{err}");
    }
}
