//! Secrets live only in the OS keyring (Secret Service on Linux, Keychain on macOS, Credential Manager on Windows),
//! through the `keyring` crate with a real backend compiled in. The workspace keeps only their names.
//!
//! [`Redactor`] removes every secret value used by a check from its result before it is stored, logged or printed.

use std::collections::HashMap;
use std::sync::Mutex;

use crate::Error;

/// The keyring service under which Runsheet stores secrets.
pub const KEYRING_SERVICE: &str = "dev.runsheet.app";

/// Where `{{ secret:name }}` values come from.
pub trait SecretSource: Send + Sync {
    /// The value of a secret, or [`Error::MissingSecret`] naming it.
    fn get(&self, name: &str) -> Result<String, Error>;
}

/// Checks a secret's name: letters, digits, `_`, `-`, `.`; 1 to 64 characters.
pub fn validate_name(name: &str) -> Result<(), Error> {
    let ok = !name.is_empty()
        && name.len() <= 64
        && name.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'));
    if ok {
        Ok(())
    } else {
        Err(Error::Secret(format!("`{name}` is not a valid secret name: use 1 to 64 letters, digits, `_`, `-` or `.`")))
    }
}

/// The OS keyring, one entry per secret (service [`KEYRING_SERVICE`], user `<name>@<workspace>`), remembering
/// values already read in this session (a keyring read costs about 0.2 s).
pub struct Keyring {
    workspace: String,
    cache: Mutex<HashMap<String, String>>,
}

impl Keyring {
    /// The keyring entries of the workspace at this path.
    pub fn for_workspace(workspace: &std::path::Path) -> Self {
        Keyring { workspace: workspace.display().to_string(), cache: Mutex::new(HashMap::new()) }
    }

    /// The keyring user name of a secret.
    pub fn user(&self, name: &str) -> String {
        format!("{name}@{}", self.workspace)
    }

    fn entry(&self, name: &str) -> Result<keyring::Entry, Error> {
        validate_name(name)?;
        keyring::Entry::new(KEYRING_SERVICE, &self.user(name))
            .map_err(|e| Error::Secret(format!("the OS keyring cannot be used for `{name}`: {e}")))
    }

    /// Stores or replaces a secret.
    #[tracing::instrument(skip(self, value))]
    pub fn set(&self, name: &str, value: &str) -> Result<(), Error> {
        if value.is_empty() {
            return Err(Error::Secret(format!("the value of secret `{name}` is empty")));
        }
        self.entry(name)?
            .set_password(value)
            .map_err(|e| Error::Secret(format!("cannot store secret `{name}` in the OS keyring: {e}")))?;
        if let Ok(mut cache) = self.cache.lock() {
            cache.insert(name.to_string(), value.to_string());
        }
        Ok(())
    }

    /// Deletes a secret; deleting one that is not there is not an error.
    #[tracing::instrument(skip(self))]
    pub fn delete(&self, name: &str) -> Result<(), Error> {
        match self.entry(name)?.delete_credential() {
            Ok(()) | Err(keyring::Error::NoEntry) => {}
            Err(e) => return Err(Error::Secret(format!("cannot delete secret `{name}` from the OS keyring: {e}"))),
        }
        if let Ok(mut cache) = self.cache.lock() {
            cache.remove(name);
        }
        Ok(())
    }
}

impl SecretSource for Keyring {
    #[tracing::instrument(skip(self))]
    fn get(&self, name: &str) -> Result<String, Error> {
        if let Some(value) = self.cache.lock().ok().and_then(|c| c.get(name).cloned()) {
            return Ok(value);
        }
        let value = match self.entry(name)?.get_password() {
            Ok(value) => value,
            Err(keyring::Error::NoEntry) => return Err(Error::MissingSecret(name.to_string())),
            Err(e) => return Err(Error::Secret(format!("cannot read secret `{name}` from the OS keyring: {e}"))),
        };
        if let Ok(mut cache) = self.cache.lock() {
            cache.insert(name.to_string(), value.clone());
        }
        Ok(value)
    }
}

/// Secrets held in memory: for tests of templating and redaction, never for the app or the CLI.
#[derive(Debug, Default)]
pub struct MemorySecrets(HashMap<String, String>);

impl<const N: usize> From<[(&str, &str); N]> for MemorySecrets {
    fn from(pairs: [(&str, &str); N]) -> Self {
        MemorySecrets(pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect())
    }
}

impl SecretSource for MemorySecrets {
    fn get(&self, name: &str) -> Result<String, Error> {
        self.0.get(name).cloned().ok_or_else(|| Error::MissingSecret(name.to_string()))
    }
}

/// Replaces secret values (and their percent-encoded forms, as they appear in URLs) with `***`.
#[derive(Debug, Clone, Default)]
pub struct Redactor {
    needles: Vec<String>,
}

impl Redactor {
    /// A redactor for these values.
    pub fn new(values: &[String]) -> Self {
        let mut needles: Vec<String> = Vec::new();
        for v in values.iter().filter(|v| !v.is_empty()) {
            needles.push(v.clone());
            let encoded = percent_encoding::utf8_percent_encode(v, percent_encoding::NON_ALPHANUMERIC).to_string();
            if encoded != *v {
                needles.push(encoded);
            }
        }
        // Longest first, so a secret that contains another is removed whole.
        needles.sort_by_key(|n| std::cmp::Reverse(n.len()));
        needles.dedup();
        Redactor { needles }
    }

    /// Whether there is nothing to redact.
    pub fn is_empty(&self) -> bool {
        self.needles.is_empty()
    }

    /// The text with every secret replaced.
    pub fn text(&self, text: &str) -> String {
        let mut out = text.to_string();
        for needle in &self.needles {
            if out.contains(needle.as_str()) {
                out = out.replace(needle.as_str(), "***");
            }
        }
        out
    }

    /// Redacts every string (and object key) of a JSON value in place.
    pub fn value(&self, value: &mut serde_json::Value) {
        if self.is_empty() {
            return;
        }
        match value {
            serde_json::Value::String(s) => *s = self.text(s),
            serde_json::Value::Array(items) => items.iter_mut().for_each(|i| self.value(i)),
            serde_json::Value::Object(map) => {
                let entries = std::mem::take(map);
                for (k, mut v) in entries {
                    self.value(&mut v);
                    map.insert(self.text(&k), v);
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redacts_plain_and_percent_encoded_values() {
        let r = Redactor::new(&["p@ss/word".to_string()]);
        assert_eq!(r.text("postgres://u:p%40ss%2Fword@h/db and p@ss/word"), "postgres://u:***@h/db and ***");
        let mut v = serde_json::json!({"a": ["x p@ss/word"], "p@ss/word": 1});
        r.value(&mut v);
        assert_eq!(v, serde_json::json!({"a": ["x ***"], "***": 1}));
    }

    #[test]
    fn names_are_validated() {
        assert!(validate_name("grafana_token").is_ok());
        assert!(validate_name("").is_err());
        assert!(validate_name("a b").unwrap_err().to_string().contains("not a valid secret name"));
    }
}
