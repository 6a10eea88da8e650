//! Environments: where a release goes.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::{Error, Result};

/// How close to customers an environment is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export, export_to = "environment.ts")]
pub enum Tier {
    /// Development.
    Dev,
    /// Staging or pre-production.
    Staging,
    /// Production.
    Production,
    /// Anything else.
    Other,
}

impl Tier {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Tier::Dev => "dev",
            Tier::Staging => "staging",
            Tier::Production => "production",
            Tier::Other => "other",
        }
    }

    /// Parses the stored name.
    pub fn parse(s: &str) -> Result<Self> {
        Ok(match s {
            "dev" => Tier::Dev,
            "staging" => Tier::Staging,
            "production" => Tier::Production,
            "other" => Tier::Other,
            other => return Err(Error::invalid("tier", format!("unknown tier `{other}`"))),
        })
    }
}

/// The side of a blue/green pair.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export, export_to = "environment.ts")]
pub enum EnvironmentColour {
    /// Blue.
    Blue,
    /// Green.
    Green,
}

impl EnvironmentColour {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            EnvironmentColour::Blue => "blue",
            EnvironmentColour::Green => "green",
        }
    }

    /// Parses the stored name.
    pub fn parse(s: &str) -> Result<Self> {
        match s {
            "blue" => Ok(EnvironmentColour::Blue),
            "green" => Ok(EnvironmentColour::Green),
            other => Err(Error::invalid("colour", format!("unknown colour `{other}`"))),
        }
    }
}

/// A variable of an environment. Secrets never go here.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export, export_to = "environment.ts")]
pub struct Variable {
    /// Name, e.g. `BASE_URL`.
    pub key: String,
    /// Value.
    pub value: String,
}

/// A target of releases.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export, export_to = "environment.ts")]
pub struct Environment {
    /// Id, `0` before it is saved.
    #[serde(default)]
    #[ts(type = "number")]
    pub id: i64,
    /// Unique name, e.g. `production-green`.
    pub name: String,
    /// Tier.
    pub tier: Tier,
    /// Blue or green, for blue/green pairs.
    #[serde(default)]
    pub colour: Option<EnvironmentColour>,
    /// Free description.
    #[serde(default)]
    pub description: String,
    /// Variables in order.
    #[serde(default)]
    pub variables: Vec<Variable>,
}

impl Environment {
    /// Trims and checks the name and variables, naming the first bad one.
    pub fn validate(&mut self) -> Result<()> {
        self.name = self.name.trim().to_string();
        if self.name.is_empty() {
            return Err(Error::invalid("name", "must not be empty"));
        }
        if self.name.chars().count() > 80 {
            return Err(Error::invalid("name", "longer than 80 characters"));
        }
        let mut seen = std::collections::HashSet::new();
        for (i, var) in self.variables.iter_mut().enumerate() {
            var.key = var.key.trim().to_string();
            let valid = !var.key.is_empty()
                && var.key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-' || c == '.');
            if !valid {
                return Err(Error::invalid(
                    format!("variables[{i}].key"),
                    format!("`{}` is not a variable name (letters, digits, _ - .)", var.key),
                ));
            }
            if !seen.insert(var.key.clone()) {
                return Err(Error::invalid(format!("variables[{i}].key"), format!("`{}` appears twice", var.key)));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn duplicate_and_bad_keys_are_named() {
        let mut env = Environment {
            id: 0,
            name: "prod".into(),
            tier: Tier::Production,
            colour: None,
            description: String::new(),
            variables: vec![
                Variable { key: "URL".into(), value: "a".into() },
                Variable { key: "URL".into(), value: "b".into() },
            ],
        };
        assert_eq!(env.validate().unwrap_err().to_string(), "variables[1].key: `URL` appears twice");
        env.variables[1].key = "has space".into();
        assert!(env.validate().unwrap_err().to_string().starts_with("variables[1].key: `has space`"));
    }
}
