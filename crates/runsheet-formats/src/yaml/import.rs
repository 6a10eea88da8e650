//! Importing a checked file into a workspace.
//!
//! Environments are matched by name and runbooks by title. A match whose content differs is updated (a runbook
//! gets a new revision; runs already started keep their snapshot), a match that is the same is left alone, and
//! anything else is created. So importing the same file twice changes nothing the second time. The whole file is
//! checked, and every match resolved, before anything is written.

use std::collections::HashSet;

use runsheet_core::{Environment, Runbook};
use runsheet_store::Store;
use serde::Serialize;
use tracing::instrument;

use super::{RunbookDoc, Workspace};
use crate::{Error, Result};

/// What importing did to one environment or runbook.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ImportAction {
    /// It did not exist and was created.
    Created,
    /// It existed with other content and was updated.
    Updated,
    /// It existed with the same content.
    Unchanged,
}

/// One environment or runbook of an import.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ImportItem {
    /// `environment` or `runbook`.
    pub kind: &'static str,
    /// Its id in the workspace.
    pub id: i64,
    /// Its name or title.
    pub name: String,
    /// What happened.
    pub action: ImportAction,
}

/// What an import did, in file order: environments first, then runbooks.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct ImportSummary {
    /// Every environment and runbook of the file.
    pub items: Vec<ImportItem>,
}

impl ImportSummary {
    /// How many items had this outcome.
    pub fn count(&self, action: ImportAction) -> usize {
        self.items.iter().filter(|i| i.action == action).count()
    }
}

enum Plan<T> {
    Create(T),
    Update(T),
    Keep(i64),
}

/// Stores a checked file's environments and runbooks as `actor`, each change with its audit event.
#[instrument(skip_all, fields(environments = ws.environments.len(), runbooks = ws.runbooks.len()), err)]
pub async fn import(store: &Store, actor: &str, ws: Workspace) -> Result<ImportSummary> {
    let existing_envs = store.list_environments().await?;
    let mut env_plans = Vec::new();
    for mut env in ws.environments {
        env_plans.push(match existing_envs.iter().find(|e| e.name == env.name) {
            Some(old) if same_environment(old, &env) => Plan::Keep(old.id),
            Some(old) => {
                env.id = old.id;
                Plan::Update(env)
            }
            None => Plan::Create(env),
        });
    }
    let summaries = store.list_runbooks().await?;
    let mut rb_plans = Vec::new();
    for mut rb in ws.runbooks {
        let matches: Vec<i64> = summaries.iter().filter(|s| s.title == rb.title).map(|s| s.id).collect();
        rb_plans.push(match matches.as_slice() {
            [] => Plan::Create(rb),
            [id] => {
                let old = store.get_runbook(*id).await?;
                if RunbookDoc::from(&old) == RunbookDoc::from(&rb) {
                    Plan::Keep(old.id)
                } else {
                    keep_identities(&old, &mut rb);
                    Plan::Update(rb)
                }
            }
            ids => {
                return Err(Error::Conflict(format!(
                    "runbooks {} are all titled `{}`: rename or archive all but one before importing",
                    ids.iter().map(i64::to_string).collect::<Vec<_>>().join(", "),
                    rb.title
                )))
            }
        });
    }
    let mut summary = ImportSummary::default();
    for plan in env_plans {
        let (env, action) = match plan {
            Plan::Keep(id) => {
                let name = existing_envs.iter().find(|e| e.id == id).map(|e| e.name.clone()).unwrap_or_default();
                summary.items.push(ImportItem { kind: "environment", id, name, action: ImportAction::Unchanged });
                continue;
            }
            Plan::Create(env) => (store.save_environment(actor, env).await?, ImportAction::Created),
            Plan::Update(env) => (store.save_environment(actor, env).await?, ImportAction::Updated),
        };
        summary.items.push(ImportItem { kind: "environment", id: env.id, name: env.name, action });
    }
    for plan in rb_plans {
        let (rb, action) = match plan {
            Plan::Keep(id) => {
                let name = summaries.iter().find(|s| s.id == id).map(|s| s.title.clone()).unwrap_or_default();
                summary.items.push(ImportItem { kind: "runbook", id, name, action: ImportAction::Unchanged });
                continue;
            }
            Plan::Create(rb) => (store.create_runbook(actor, rb).await?, ImportAction::Created),
            Plan::Update(rb) => (store.save_runbook(actor, rb).await?, ImportAction::Updated),
        };
        summary.items.push(ImportItem { kind: "runbook", id: rb.id, name: rb.title, action });
    }
    Ok(summary)
}

fn same_environment(a: &Environment, b: &Environment) -> bool {
    a.tier == b.tier && a.colour == b.colour && a.description == b.description && a.variables == b.variables
}

/// Gives the new content the stored runbook's id and revision, and reuses the ids of phases and steps whose titles
/// match (first unused match), so that an updated step keeps its identity and the audit event counts changes, not
/// a wholesale replacement.
fn keep_identities(old: &Runbook, new: &mut Runbook) {
    new.id = old.id;
    new.revision = old.revision;
    let mut used_phases = HashSet::new();
    let mut used_steps = HashSet::new();
    for phase in &mut new.phases {
        phase.id = old
            .phases
            .iter()
            .filter_map(|p| p.id.filter(|id| p.title == phase.title && !used_phases.contains(id)))
            .next();
        if let Some(id) = phase.id {
            used_phases.insert(id);
        }
        for step in &mut phase.steps {
            step.id = old
                .steps()
                .filter_map(|(_, s)| s.id.filter(|id| s.title == step.title && !used_steps.contains(id)))
                .next();
            if let Some(id) = step.id {
                used_steps.insert(id);
            }
        }
    }
}
