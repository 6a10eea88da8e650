//! Importing a checked workspace file (environments, schedules, runbooks, scorecards) in one transaction: all of
//! it goes in, or none of it. `runsheet-formats` reads and checks the file; this stores it.
//!
//! Environments are matched by name and runbooks by title. A match whose content differs is updated (a runbook
//! gets a new revision; runs already started keep their snapshot), a match that is the same is left alone, and
//! anything else is created. So importing the same file twice changes nothing the second time. Every match is
//! resolved before the write transaction starts; inside it, each write checks again (a runbook saved meanwhile
//! is a conflict), and a failure anywhere rolls the whole import back.
//!
//! Scorecards are matched by name: a new one is created; one that exists is left as it is (its attestations and
//! history belong to it), reported unchanged. A scorecard's environment and runbook are named, and must be in the
//! file or the workspace.

use std::collections::HashSet;

use runsheet_core::{ChangeWindow, Environment, Error as DomainError, Freeze, Runbook};
use serde::Serialize;
use tracing::instrument;

use runsheet_core::scorecard::Rule;

use crate::scorecards::DEFAULT_VALID_DAYS;
use crate::{environments, runbooks, scorecards, windows, Result, Store};

/// A checked workspace file: what [`Store::import_workspace`] stores.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WorkspaceImport {
    /// Environments in file order, ids `0`.
    pub environments: Vec<Environment>,
    /// Runbooks in file order, ids and revisions `0`.
    pub runbooks: Vec<Runbook>,
    /// Change windows and freezes of the environments that list any, by environment name.
    pub schedules: Vec<Schedule>,
    /// Readiness scorecards in file order.
    pub scorecards: Vec<ScorecardSpec>,
}

/// An environment's change windows and freezes as written in a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Schedule {
    /// The environment's name.
    pub environment: String,
    /// Its change windows, ids `0`.
    pub windows: Vec<ChangeWindow>,
    /// Its freezes, ids `0`.
    pub freezes: Vec<Freeze>,
}

/// A scorecard as read from a file, checked: the environment and runbook by name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScorecardSpec {
    /// Its name.
    pub name: String,
    /// Its environment's name.
    pub environment: Option<String>,
    /// Its runbook's title.
    pub runbook: Option<String>,
    /// The score a ready verdict needs.
    pub threshold: Option<u8>,
    /// Its rules, checked.
    pub rules: Vec<Rule>,
}

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

impl Store {
    /// Stores a checked file's environments, schedules, runbooks and scorecards as `actor`, each change with its
    /// audit event, in one transaction.
    #[instrument(skip_all, fields(environments = ws.environments.len(), runbooks = ws.runbooks.len()), err)]
    pub async fn import_workspace(&self, actor: &str, ws: WorkspaceImport) -> Result<ImportSummary> {
        let actor = self.actor(actor);
        let store = self;
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
                    if old.same_content(&rb) {
                        Plan::Keep(old.id)
                    } else {
                        keep_identities(&old, &mut rb);
                        Plan::Update(rb)
                    }
                }
                ids => {
                    return Err(conflict(format!(
                        "runbooks {} are all titled `{}`: rename or archive all but one before importing",
                        ids.iter().map(i64::to_string).collect::<Vec<_>>().join(", "),
                        rb.title
                    )))
                }
            });
        }
        // Every scorecard's environment and runbook must exist once the file is in.
        let existing_cards = store.list_scorecards().await?;
        for (i, card) in ws.scorecards.iter().enumerate() {
            if let Some(env) = card.environment.as_deref() {
                let known = existing_envs.iter().any(|e| e.name == env)
                    || env_plans.iter().any(|p| plan_name_env(p) == Some(env));
                if !known {
                    return Err(conflict(format!(
                        "scorecards[{i}].environment: no environment named `{env}` in the file or the workspace"
                    )));
                }
            }
            if let Some(title) = card.runbook.as_deref() {
                let known = summaries.iter().any(|s| s.title == title)
                    || rb_plans.iter().any(|p| plan_title_rb(p) == Some(title));
                if !known {
                    return Err(conflict(format!(
                        "scorecards[{i}].runbook: no runbook titled `{title}` in the file or the workspace"
                    )));
                }
            }
        }
        let mut conn = store.write().await?;
        let tx = &mut conn;
        let mut summary = ImportSummary::default();
        for plan in env_plans {
            let (env, action) = match plan {
                Plan::Keep(id) => {
                    let name = existing_envs.iter().find(|e| e.id == id).map(|e| e.name.clone()).unwrap_or_default();
                    summary.items.push(ImportItem { kind: "environment", id, name, action: ImportAction::Unchanged });
                    continue;
                }
                Plan::Create(env) => (environments::save_environment_in(tx, actor, env).await?, ImportAction::Created),
                Plan::Update(env) => (environments::save_environment_in(tx, actor, env).await?, ImportAction::Updated),
            };
            summary.items.push(ImportItem { kind: "environment", id: env.id, name: env.name, action });
        }
        // Windows and freezes of the environments that list any (an environment that lists none keeps its own).
        for sc in ws.schedules {
            let Some(item) = summary.items.iter_mut().find(|i| i.kind == "environment" && i.name == sc.environment)
            else {
                continue;
            };
            if windows::replace_windows_in(tx, actor, item.id, sc.windows, sc.freezes).await?
                && item.action == ImportAction::Unchanged
            {
                item.action = ImportAction::Updated;
            }
        }
        for plan in rb_plans {
            let (rb, action) = match plan {
                Plan::Keep(id) => {
                    let name = summaries.iter().find(|s| s.id == id).map(|s| s.title.clone()).unwrap_or_default();
                    summary.items.push(ImportItem { kind: "runbook", id, name, action: ImportAction::Unchanged });
                    continue;
                }
                Plan::Create(rb) => (runbooks::create_runbook_in(tx, actor, rb).await?, ImportAction::Created),
                Plan::Update(rb) => (runbooks::save_runbook_in(tx, actor, rb).await?, ImportAction::Updated),
            };
            summary.items.push(ImportItem { kind: "runbook", id: rb.id, name: rb.title, action });
        }
        if !ws.scorecards.is_empty() {
            // Ids by name: what this import wrote or kept, else what the workspace had.
            let env_id = |name: &str| {
                summary
                    .items
                    .iter()
                    .find(|i| i.kind == "environment" && i.name == name)
                    .map(|i| i.id)
                    .or_else(|| existing_envs.iter().find(|e| e.name == name).map(|e| e.id))
            };
            let rb_id = |title: &str| {
                summary
                    .items
                    .iter()
                    .find(|i| i.kind == "runbook" && i.name == title)
                    .map(|i| i.id)
                    .or_else(|| summaries.iter().find(|s| s.title == title).map(|s| s.id))
            };
            // In file order: a scorecard kept as it is, or one to create.
            let mut cards: Vec<std::result::Result<scorecards::NewScorecard, ImportItem>> = Vec::new();
            for card in ws.scorecards {
                if let Some(old) = existing_cards.iter().find(|c| c.name == card.name) {
                    let item =
                        ImportItem { kind: "scorecard", id: old.id, name: card.name, action: ImportAction::Unchanged };
                    cards.push(Err(item));
                    continue;
                }
                let new = scorecards::NewScorecard {
                    name: card.name,
                    environment_id: card.environment.as_deref().and_then(env_id),
                    runbook_id: card.runbook.as_deref().and_then(rb_id),
                    threshold: card.threshold,
                    source: "yaml".into(),
                    rules: card.rules,
                    checked: Vec::new(),
                    checked_valid_days: DEFAULT_VALID_DAYS,
                };
                cards.push(Ok(new));
            }
            for card in cards {
                let new = match card {
                    Ok(new) => new,
                    Err(kept) => {
                        summary.items.push(kept);
                        continue;
                    }
                };
                let created = scorecards::create_scorecard_in(tx, actor, new).await?;
                summary.items.push(ImportItem {
                    kind: "scorecard",
                    id: created.id,
                    name: created.name,
                    action: ImportAction::Created,
                });
            }
        }
        conn.commit().await?;
        Ok(summary)
    }
}

fn plan_name_env(plan: &Plan<Environment>) -> Option<&str> {
    match plan {
        Plan::Create(e) | Plan::Update(e) => Some(&e.name),
        Plan::Keep(_) => None,
    }
}

fn plan_title_rb(plan: &Plan<Runbook>) -> Option<&str> {
    match plan {
        Plan::Create(r) | Plan::Update(r) => Some(&r.title),
        Plan::Keep(_) => None,
    }
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

fn conflict(message: String) -> crate::Error {
    DomainError::Conflict(message).into()
}
