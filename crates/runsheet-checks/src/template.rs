//! `{{ name }}` and `{{ secret:name }}` in check specs: variables come from the environment, secrets from the OS
//! keyring (through a [`SecretSource`]). Every secret value used is remembered so it can be redacted.

use indexmap::IndexMap;

use crate::secrets::SecretSource;
use crate::Error;

/// Fills templates for one check against one environment.
pub struct Templater<'a> {
    /// The environment's name, for messages.
    pub environment: &'a str,
    /// Its variables.
    pub vars: &'a IndexMap<String, String>,
    /// Where `{{ secret:name }}` values come from.
    pub secrets: &'a dyn SecretSource,
    /// Secret values used so far, for redaction.
    pub used_secrets: Vec<String>,
}

impl<'a> Templater<'a> {
    /// A templater with no secret used yet.
    pub fn new(environment: &'a str, vars: &'a IndexMap<String, String>, secrets: &'a dyn SecretSource) -> Self {
        Templater { environment, vars, secrets, used_secrets: Vec::new() }
    }

    /// Fills every string in a JSON value (a probe spec serialised), naming the check and the field on error.
    pub fn fill_value(&mut self, check: &str, value: &mut serde_json::Value) -> Result<(), Error> {
        match value {
            serde_json::Value::String(s) if s.contains("{{") => {
                *s = self.fill(check, s)?;
            }
            serde_json::Value::Array(items) => {
                for item in items {
                    self.fill_value(check, item)?;
                }
            }
            serde_json::Value::Object(map) => {
                for (_, item) in map.iter_mut() {
                    self.fill_value(check, item)?;
                }
            }
            _ => {}
        }
        Ok(())
    }

    /// Fills one string.
    pub fn fill(&mut self, check: &str, text: &str) -> Result<String, Error> {
        let mut out = String::with_capacity(text.len());
        let mut rest = text;
        while let Some(start) = rest.find("{{") {
            out.push_str(&rest[..start]);
            let after = &rest[start + 2..];
            let Some(end) = after.find("}}") else {
                return Err(Error::Template {
                    check: check.to_string(),
                    message: format!("`{{{{` without a closing `}}}}` in `{text}`"),
                });
            };
            let key = after[..end].trim();
            if let Some(name) = key.strip_prefix("secret:") {
                let name = name.trim();
                let value = self.secrets.get(name)?;
                if !value.is_empty() && !self.used_secrets.contains(&value) {
                    self.used_secrets.push(value.clone());
                }
                out.push_str(&value);
            } else if let Some(value) = self.vars.get(key) {
                out.push_str(value);
            } else {
                let known: Vec<&str> = self.vars.keys().map(String::as_str).collect();
                let known = if known.is_empty() { "none".to_string() } else { known.join(", ") };
                return Err(Error::Template {
                    check: check.to_string(),
                    message: format!(
                        "unknown variable `{key}`: environment `{}` has {known} (secrets are written \
                         `{{{{ secret:name }}}}`)",
                        self.environment
                    ),
                });
            }
            rest = &after[end + 2..];
        }
        out.push_str(rest);
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::secrets::MemorySecrets;

    fn vars() -> IndexMap<String, String> {
        IndexMap::from([("base_url".to_string(), "http://127.0.0.1:1".to_string())])
    }

    #[test]
    fn fills_variables_and_secrets_and_remembers_secrets() {
        let secrets = MemorySecrets::from([("token", "s3cret")]);
        let vars = vars();
        let mut t = Templater::new("staging", &vars, &secrets);
        let out = t.fill("api", "{{ base_url }}/x?t={{secret:token}}").unwrap();
        assert_eq!(out, "http://127.0.0.1:1/x?t=s3cret");
        assert_eq!(t.used_secrets, ["s3cret"]);
    }

    #[test]
    fn unknown_variable_and_missing_secret_are_named() {
        let secrets = MemorySecrets::default();
        let vars = vars();
        let mut t = Templater::new("staging", &vars, &secrets);
        let err = t.fill("api", "{{ base_ur }}/x").unwrap_err().to_string();
        assert!(err.contains("unknown variable `base_ur`") && err.contains("base_url") && err.contains("api"), "{err}");
        let err = t.fill("api", "{{ secret:grafana_token }}").unwrap_err().to_string();
        assert!(err.contains("grafana_token"), "{err}");
        let err = t.fill("api", "{{ base_url").unwrap_err().to_string();
        assert!(err.contains("without a closing"), "{err}");
    }
}
