//! The runbook templates that ship with Runsheet: "Standard release", "Emergency hotfix", "Blue-green cutover"
//! and "Canary". They are data, not code paths: YAML files in the workspace format under `templates/`, embedded at
//! build time and seeded into a workspace as ordinary runbooks that carry their template's id. A run started from
//! one keeps that id (`runs.template`), so metrics can group by template.

use runsheet_core::{Error as DomainError, Runbook};
use serde::Deserialize;
use tracing::instrument;

use crate::db;
use crate::{Result, Store};

/// Who seeded the templates, in the audit trail.
pub const SEEDED_BY: &str = "Runsheet";

/// Every template: its id and its YAML file.
pub const TEMPLATES: [(&str, &str); 4] = [
    ("standard", include_str!("../../../templates/standard.yaml")),
    ("emergency-hotfix", include_str!("../../../templates/emergency-hotfix.yaml")),
    ("blue-green", include_str!("../../../templates/blue-green.yaml")),
    ("canary", include_str!("../../../templates/canary.yaml")),
];

/// A template file: a workspace file holding one runbook, every `kind` written out.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TemplateFile {
    #[allow(dead_code)]
    version: u32,
    runbooks: Vec<Runbook>,
}

/// The runbook of a template, validated.
pub fn template(id: &str) -> Result<Runbook> {
    let (_, text) =
        TEMPLATES.iter().find(|(t, _)| *t == id).ok_or_else(|| DomainError::NotFound(format!("template `{id}`")))?;
    let file: TemplateFile = serde_norway::from_str(text)
        .map_err(|e| DomainError::invalid(format!("templates/{id}.yaml"), e.to_string()))?;
    let mut runbook = file
        .runbooks
        .into_iter()
        .next()
        .ok_or_else(|| DomainError::invalid(format!("templates/{id}.yaml"), "holds no runbook"))?;
    runbook.template = Some(id.to_string());
    runbook.validate()?;
    Ok(runbook)
}

impl Store {
    /// Adds every template the workspace does not have yet (one it archived counts as had), each recorded as
    /// `runbook.created` by [`SEEDED_BY`]. Returns the ids of the runbooks added.
    #[instrument(skip(self), err)]
    pub async fn seed_templates(&self) -> Result<Vec<i64>> {
        let mut added = Vec::new();
        for (id, _) in TEMPLATES {
            let have: Option<i64> = db::query_scalar("SELECT id FROM runbooks WHERE template = $1 LIMIT 1")
                .bind(id)
                .fetch_optional(self.pool())
                .await?;
            if have.is_none() {
                added.push(self.create_runbook(SEEDED_BY, template(id)?).await?.id);
            }
        }
        Ok(added)
    }

    /// The runbook seeded from a template, if the workspace has it.
    #[instrument(skip(self), err)]
    pub async fn template_runbook(&self, id: &str) -> Result<Option<i64>> {
        db::query_scalar("SELECT id FROM runbooks WHERE template = $1 AND archived = FALSE ORDER BY id LIMIT 1")
            .bind(id)
            .fetch_optional(self.pool())
            .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_template_reads_and_validates() {
        for (id, _) in TEMPLATES {
            let rb = template(id).unwrap_or_else(|e| panic!("{id}: {e}"));
            assert_eq!(rb.template.as_deref(), Some(id));
        }
        let canary = template("canary").unwrap();
        let traffic: Vec<u8> =
            canary.steps().filter_map(|(_, s)| s.rollout.as_ref().and_then(|r| r.traffic_percent)).collect();
        assert_eq!(traffic, [10, 25, 50, 75, 100]);
        assert!(canary.steps().filter_map(|(_, s)| s.rollout.as_ref()).all(|r| r.bake.as_secs() == 120));
    }
}
