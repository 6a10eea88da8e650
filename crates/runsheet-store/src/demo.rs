//! Seeds the demo workspace: the plans and environments of [`runsheet_core::demo`] and a run of the blue-green
//! plan with its preparation done, so there is an audit trail to look at from the first minute.

use runsheet_core::demo::{blue_green_runbook, environments, readiness_checklist, DEMO_ACTOR, DEMO_RELEASE};
use runsheet_core::{NewRun, Run, StepAction};
use tracing::instrument;

use crate::{Result, Store};

/// What [`Store::create_demo`] made.
#[derive(Debug, Clone)]
pub struct Demo {
    /// The blue-green runbook's id.
    pub runbook_id: i64,
    /// The checklist's id.
    pub checklist_id: i64,
    /// The run in progress.
    pub run: Run,
}

impl Store {
    /// Whether the workspace has never been written to (no audit event at all).
    pub async fn is_empty(&self) -> Result<bool> {
        let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM audit_events").fetch_one(self.pool()).await?;
        Ok(n == 0)
    }

    /// Adds the demo workspace: environments that do not exist yet (by name), the blue-green runbook, the
    /// readiness checklist, and a run of the runbook with its first phase done and one step skipped.
    #[instrument(skip(self), err)]
    pub async fn create_demo(&self) -> Result<Demo> {
        let existing = self.list_environments().await?;
        let mut green = existing.iter().find(|e| e.name == "production-green").map(|e| e.id);
        for env in environments() {
            if !existing.iter().any(|e| e.name == env.name) {
                let name = env.name.clone();
                let saved = self.save_environment(DEMO_ACTOR, env).await?;
                if name == "production-green" {
                    green = Some(saved.id);
                }
            }
        }
        let runbook = self.create_runbook(DEMO_ACTOR, blue_green_runbook()).await?;
        let checklist = self.create_runbook(DEMO_ACTOR, readiness_checklist()).await?;
        let run = self
            .create_run(
                DEMO_ACTOR,
                NewRun { runbook_id: runbook.id, release: DEMO_RELEASE.into(), environment_id: green },
                true,
            )
            .await?;
        let prep: Vec<i64> = runbook.phases[0].steps.iter().filter_map(|s| s.id).collect();
        for (i, step) in prep.iter().enumerate() {
            let action = if i == prep.len() - 1 {
                StepAction::Skip { reason: "Status page notice was posted the day before by Support.".into() }
            } else {
                StepAction::Complete
            };
            if i > 0 && i < prep.len() - 1 {
                self.transition_step(DEMO_ACTOR, run.id, *step, StepAction::Start).await?;
            }
            self.transition_step(DEMO_ACTOR, run.id, *step, action).await?;
        }
        if let Some(first) = prep.first() {
            self.add_step_note(DEMO_ACTOR, run.id, *first, "All six on the bridge at 01:28 UTC.").await?;
        }
        if let Some(next) = runbook.phases[1].steps.first().and_then(|s| s.id) {
            self.transition_step(DEMO_ACTOR, run.id, next, StepAction::Start).await?;
        }
        let run = self.get_run(run.id).await?;
        Ok(Demo { runbook_id: runbook.id, checklist_id: checklist.id, run })
    }
}
