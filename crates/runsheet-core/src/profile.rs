//! The local user's profile: the person every action is attributed to.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::{Error, Result};

/// Who is using this workspace.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export, export_to = "profile.ts")]
pub struct Profile {
    /// Display name, recorded as the actor of every action.
    pub name: String,
    /// Roles held, e.g. `Release manager`, `DBA`.
    pub roles: Vec<String>,
}

impl Profile {
    /// Trims the name and roles and drops empty and repeated roles.
    pub fn validate(&mut self) -> Result<()> {
        self.name = self.name.trim().to_string();
        if self.name.is_empty() {
            return Err(Error::invalid("name", "must not be empty"));
        }
        if self.name.chars().count() > 80 {
            return Err(Error::invalid("name", "longer than 80 characters"));
        }
        let mut roles: Vec<String> = Vec::new();
        for role in &self.roles {
            let role = role.trim();
            if !role.is_empty() && !roles.iter().any(|r| r.eq_ignore_ascii_case(role)) {
                roles.push(role.to_string());
            }
        }
        self.roles = roles;
        Ok(())
    }
}
