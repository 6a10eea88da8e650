//! Seeds the demo workspace: the plans and environments of [`runsheet_core::demo`], its stakeholders in the people
//! directory, a finished run of the blue-green plan whose cutover gate was passed by signed sign-offs and a GO, and
//! a run of the canary template rolled back at 50 % with its cause and time to recover, and a run of the
//! blue-green plan in progress with its preparation done, so there is an audit trail to look at from the
//! first minute.
//!
//! No keyring is needed: each signer's Ed25519 key is generated in memory, used for their one signature and dropped
//! (it zeroizes); only its public half is kept, in the directory, so the signatures verify for good.

use chrono::Duration;
use runsheet_core::demo::{
    blue_green_runbook, cutover_check_results, cutover_marks, environments, readiness_checklist, stakeholders,
    Stakeholder, CUTOVER_GATE, DEMO_ACTOR, DEMO_FINISHED_RELEASE, DEMO_RELEASE, GO_REASON, RELEASE_MANAGER,
};
use runsheet_core::{Error as DomainError, GoNoGo, NewRun, Person, Run, RunAction, Runbook, StepAction};
use runsheet_signoff::{Signer, SigningKey};
use tracing::instrument;

use crate::db;
use crate::people::NewPerson;

/// The release of the demo's canary run.
pub const CANARY_RELEASE: &str = "v1.3.0";
/// The analysis check of the demo's canary run.
pub const CANARY_CHECK: &str = "canary-health";
use crate::{Error, Result, Store};

/// What [`Store::create_demo`] made.
#[derive(Debug, Clone)]
pub struct Demo {
    /// The blue-green runbook's id.
    pub runbook_id: i64,
    /// The checklist's id.
    pub checklist_id: i64,
    /// The run in progress (the newest run, listed first).
    pub run: Run,
    /// The finished run, completed, whose cutover gate was passed by signed sign-offs and a GO.
    pub finished_run: Run,
    /// A run of the canary template, rolled back at 50 % after its analysis failed, with its rollback walked.
    pub canary_run: Run,
}

/// Why the demo's runs may start beside a run in progress: only when the demo is added again, beside its first run
/// in progress (recorded as `run.one_run_rule_overridden` then, and never otherwise).
const DEMO_AGAIN: &str = "the demo workspace was added again, beside its first run in progress";

impl Store {
    /// Whether the workspace has never been written to (no audit event at all).
    pub async fn is_empty(&self) -> Result<bool> {
        let n: i64 = db::query_scalar("SELECT COUNT(*) FROM audit_events").fetch_one(self.pool()).await?;
        Ok(n == 0)
    }

    /// Adds the demo workspace: environments that do not exist yet (by name), the blue-green runbook, the
    /// readiness checklist, the demo's stakeholders (those not in the directory yet, by principal), a finished run
    /// of the runbook whose cutover gate was signed off and decided GO, and a run in progress with its first phase
    /// done and one step skipped. Needs no keyring.
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
        // The finished run first, so that the run in progress is the newest and is listed first.
        let finished_run = self.create_finished_demo_run(&runbook, green).await?;
        self.seed_templates().await?;
        let canary_run = self.create_canary_demo_run(green).await?;
        let run = self
            .create_run_overriding(
                DEMO_ACTOR,
                NewRun { runbook_id: runbook.id, release: DEMO_RELEASE.into(), environment_id: green },
                true,
                Some(DEMO_AGAIN),
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
        Ok(Demo { runbook_id: runbook.id, checklist_id: checklist.id, run, finished_run, canary_run })
    }

    /// The finished run: started by the release manager, walked step by step, its cutover gate opened by fresh
    /// check results, two sign-offs signed here and one answered by request file, the board marked and GO
    /// recorded, then every remaining step done and the run completed.
    async fn create_finished_demo_run(&self, runbook: &Runbook, environment_id: Option<i64>) -> Result<Run> {
        let people = self.add_demo_people().await?;
        let manager = &people.iter().find(|(s, _, _)| s.name == RELEASE_MANAGER).ok_or_else(no_manager)?.1;
        let run = self
            .create_run_overriding(
                &manager.name,
                NewRun { runbook_id: runbook.id, release: DEMO_FINISHED_RELEASE.into(), environment_id },
                true,
                Some(DEMO_AGAIN),
            )
            .await?;
        let steps: Vec<(i64, &str)> =
            runbook.phases.iter().flat_map(|p| &p.steps).filter_map(|s| Some((s.id?, s.title.as_str()))).collect();
        let gate = steps.iter().find(|(_, t)| *t == CUTOVER_GATE).map(|(id, _)| *id).ok_or_else(no_gate)?;
        for (step, _) in steps.iter().take_while(|(id, _)| *id != gate) {
            self.transition_step(&manager.name, run.id, *step, StepAction::Start).await?;
            self.transition_step(&manager.name, run.id, *step, StepAction::Complete).await?;
        }
        self.transition_step(&manager.name, run.id, gate, StepAction::Start).await?;
        let mut results = cutover_check_results(&run.environment, chrono::Utc::now());
        for r in &mut results {
            (r.run_id, r.step_id) = (Some(run.id), Some(gate));
        }
        self.record_check_results(&manager.name, None, &mut results).await?;
        self.sign_demo_gate(&manager.name, &people, run.id, gate).await?;
        for (number, holds, note) in cutover_marks() {
            self.mark_criterion(&manager.name, run.id, gate, number, holds, note).await?;
        }
        self.decide_gate(&manager.name, &manager.roles, run.id, gate, GoNoGo::Go, GO_REASON).await?;
        self.transition_step(&manager.name, run.id, gate, StepAction::Complete).await?;
        for (step, _) in steps.iter().skip_while(|(id, _)| *id != gate).skip(1) {
            self.transition_step(&manager.name, run.id, *step, StepAction::Start).await?;
            self.transition_step(&manager.name, run.id, *step, StepAction::Complete).await?;
        }
        self.finish_run(&manager.name, run.id, RunAction::Complete).await?;
        self.get_run(run.id).await
    }

    /// The canary run: 10 % and 25 % baked clean, then at 50 % the canary's health check answered 503, the failure
    /// ratio went over its 5 % limit, rollback was proposed, and the release manager rolled back by traffic switch
    /// and walked it. The analysis results are evidence recorded minutes apart, so time to recover reads as it
    /// would have.
    async fn create_canary_demo_run(&self, environment_id: Option<i64>) -> Result<Run> {
        use runsheet_core::analysis::{AnalysisSample, Bake, BakePlan};
        use runsheet_core::{CheckKind, CheckResult, CheckStatus, ConditionResult};
        let runbook_id =
            self.template_runbook("canary").await?.ok_or_else(|| Error::Corrupt("no canary template".into()))?;
        let runbook = self.get_runbook(runbook_id).await?;
        let actor = RELEASE_MANAGER;
        let new = NewRun { runbook_id, release: CANARY_RELEASE.into(), environment_id };
        let run = self.create_run_overriding(actor, new, true, Some(DEMO_AGAIN)).await?;
        let steps: Vec<&runsheet_core::Step> = runbook.steps().map(|(_, s)| s).collect();
        let deploy = steps.first().and_then(|s| s.id).ok_or_else(|| Error::Corrupt("empty canary template".into()))?;
        self.transition_step(actor, run.id, deploy, StepAction::Start).await?;
        self.transition_step(actor, run.id, deploy, StepAction::Complete).await?;
        let now = chrono::Utc::now();
        // (traffic, minutes before now of each round, whether the canary answered 503)
        let bakes: [(u8, [(i64, bool); 2]); 3] =
            [(10, [(12, false), (11, false)]), (25, [(9, false), (8, false)]), (50, [(5, false), (4, true)])];
        for (percent, rounds) in bakes {
            let Some(step) = steps
                .iter()
                .find(|s| s.rollout.as_ref().and_then(|r| r.traffic_percent) == Some(percent))
                .and_then(|s| s.id)
            else {
                continue;
            };
            let plan = BakePlan {
                bake_s: 120,
                interval_s: 60,
                checks: vec![CANARY_CHECK.into()],
                failure_ratio_limit: Some(0.05),
            };
            let record = self.start_bake(actor, run.id, step, &plan, None).await?;
            let mut bake = Bake::new(plan, record.started_at);
            for (round, (minutes_ago, broken)) in rounds.iter().enumerate() {
                let at = now - Duration::minutes(*minutes_ago);
                let (status, code, message) = if *broken {
                    (CheckStatus::Fail, 503, "`[STATUS] == 200` did not hold: [STATUS] was 503")
                } else {
                    (CheckStatus::Pass, 200, "passed")
                };
                let observed = format!("[STATUS] was {code}");
                let mut results = vec![CheckResult {
                    id: 0,
                    session: format!("demo-canary-{percent}"),
                    name: CANARY_CHECK.into(),
                    kind: CheckKind::Http,
                    environment: run.environment.clone(),
                    status,
                    message: message.into(),
                    duration_ms: 38,
                    latency_ms: Some(31),
                    attempts: 1,
                    started_at: at,
                    observed: serde_json::json!({ "status": code }),
                    conditions: vec![ConditionResult {
                        condition: "[STATUS] == 200".into(),
                        warn: false,
                        holds: Some(!broken),
                        observed: observed.clone(),
                    }],
                    run_id: Some(run.id),
                    step_id: Some(step),
                }];
                self.record_check_results(actor, None, &mut results).await?;
                let sample = AnalysisSample {
                    round: round as u32 + 1,
                    at,
                    check: CANARY_CHECK.into(),
                    status,
                    value: observed,
                    message: message.into(),
                    result_id: Some(results[0].id),
                };
                let ended = bake.record(vec![sample.clone()], at);
                let end = ended.map(|verdict| crate::BakeEnd {
                    verdict,
                    reason: bake.reason.clone().unwrap_or_default(),
                    decided_by: None,
                    at: chrono::Utc::now(),
                });
                self.record_bake_round(actor, record.id, &[sample], bake.first_failure_at, end.as_ref()).await?;
            }
            if bake.verdict == runsheet_core::BakeVerdict::Baking {
                let end = crate::BakeEnd {
                    verdict: runsheet_core::BakeVerdict::Passed,
                    reason: format!("{} samples over 120 s, 0 failed", bake.samples.len()),
                    decided_by: None,
                    at: chrono::Utc::now(),
                };
                self.end_bake(actor, record.id, &end).await?;
                self.transition_step(actor, run.id, step, StepAction::Complete).await?;
            }
        }
        let reason = "The canary answered 503 at 50 %: back to the stable version";
        let rollback = self.start_rollback(actor, run.id, 2, reason, CANARY_RELEASE, false).await?;
        for step in &rollback.steps {
            self.tick_rollback_step(actor, run.id, step.number).await?;
        }
        self.get_run(run.id).await
    }

    /// Adds the demo's stakeholders, each signer with a key made in memory; returns each with their directory entry
    /// and, for signers, the key (dropped by the caller after signing).
    async fn add_demo_people(&self) -> Result<Vec<(Stakeholder, Person, Option<SigningKey>)>> {
        let directory = self.list_people().await?;
        let mut out = Vec::new();
        for s in stakeholders() {
            let key = match s.sign_off {
                Some(_) => Some(SigningKey::generate(&format!("{} <{}>", s.name, s.principal)).map_err(key_error)?),
                None => None,
            };
            let person = match directory.iter().find(|p| p.principal == s.principal) {
                // Already in the directory (the demo added twice): the new key is registered beside theirs.
                Some(p) => match &key {
                    Some(key) => self.add_person_key(DEMO_ACTOR, &p.principal, &key.public_key()).await?,
                    None => p.clone(),
                },
                None => {
                    let new = NewPerson {
                        name: s.name.into(),
                        principal: s.principal.into(),
                        roles: s.roles.iter().map(|r| r.to_string()).collect(),
                        public_key: key.as_ref().map(SigningKey::public_key),
                    };
                    self.add_person(DEMO_ACTOR, new).await?
                }
            };
            out.push((s, person, key));
        }
        Ok(out)
    }

    /// The signers' sign-offs on the cutover gate: in Runsheet with their in-memory key, or remotely: a request
    /// made by the release manager, answered with a response signed by the stakeholder's key, read back and
    /// imported, all in memory.
    async fn sign_demo_gate(
        &self,
        manager: &str,
        people: &[(Stakeholder, Person, Option<SigningKey>)],
        run_id: i64,
        gate: i64,
    ) -> Result<()> {
        for (stakeholder, person, key) in people {
            let (Some(sign_off), Some(key)) = (stakeholder.sign_off, key) else { continue };
            if !sign_off.remote {
                self.sign_gate(person, key, run_id, gate, sign_off.role, sign_off.decision, sign_off.comment).await?;
                continue;
            }
            let request = self.request_sign_off(manager, run_id, gate, sign_off.role, Duration::days(2)).await?;
            let signer = Signer { name: person.name.clone(), principal: person.principal.clone() };
            let response = runsheet_signoff::sign_request(
                request.as_bytes(),
                key,
                signer,
                sign_off.decision,
                sign_off.comment,
                chrono::Utc::now(),
            )
            .map_err(key_error)?;
            let answer = runsheet_signoff::read_answer(response.to_json().as_bytes(), None).map_err(key_error)?;
            self.import_sign_off(manager, answer).await?;
            let note = format!(
                "{} signed off as {} remotely: the sign-off request file was answered away from this workspace and the \
                 response imported.",
                person.name, sign_off.role
            );
            self.add_step_note(manager, run_id, gate, &note).await?;
        }
        Ok(())
    }
}

fn key_error(e: runsheet_signoff::Error) -> Error {
    DomainError::invalid("signature", format!("the demo could not sign: {e}")).into()
}

fn no_manager() -> Error {
    Error::Corrupt("the demo has no release manager".into())
}

fn no_gate() -> Error {
    Error::Corrupt(format!("the demo runbook has no step `{CUTOVER_GATE}`"))
}
