//! The action of a rollout step: the webhook call or local command that shifts traffic before the bake starts.
//!
//! It runs only in the environments it names, only once a person confirmed it, with `{{ vars }}` of the run's
//! environment and `{{ secret:name }}` from the keyring filled in. What it answered is kept as evidence in the
//! audit trail (`rollout.action_ran`, or `rollout.action_failed`), every secret value replaced by `***`; an action
//! that is not allowed in the environment is recorded as `rollout.action_skipped` and the traffic is shifted by
//! hand. A failed action stops the bake from starting: traffic did not move, so there is nothing to watch.

use runsheet_core::AuditAction;
use std::time::{Duration, Instant};

use indexmap::IndexMap;
use runsheet_checks::secrets::{Redactor, SecretSource};
use runsheet_checks::template::Templater;
use runsheet_core::{Error as DomainError, RolloutAction, RunState};
use serde::Serialize;
use serde_json::json;
use tracing::instrument;

use crate::audit_log::{append, NewEvent};
use crate::db;
use crate::{Result, Store};

/// How long a command may run before it is stopped and counted as failed.
const COMMAND_LIMIT: Duration = Duration::from_secs(120);
/// How much of what an action printed or answered is kept.
const OUTPUT_LIMIT: usize = 4000;

/// What an action did, as kept in the audit trail. Secrets are redacted from every field.
#[derive(Debug, Clone, Serialize)]
pub struct ActionOutcome {
    /// `webhook` or `command`.
    pub kind: &'static str,
    /// `POST https://lb.example/weights`, or the command line.
    pub target: String,
    /// Whether it did what it was asked: a 2xx answer, or exit code 0.
    pub ok: bool,
    /// The HTTP status, for a webhook that answered.
    pub status: Option<u16>,
    /// The exit code, for a command that exited.
    pub exit_code: Option<i32>,
    /// The answer's body, or what the command printed (stdout, then stderr), cut to 4,000 characters.
    pub output: String,
    /// Why it failed, in a sentence, when it did.
    pub error: Option<String>,
    /// How long it took.
    pub duration_ms: u64,
}

/// The action in words, before it runs, for a confirmation: `POST https://lb.example/weights`, `./shift 50`.
/// Templates are shown as written, so no secret is read to describe it.
pub fn describe(action: &RolloutAction) -> String {
    match (&action.webhook, &action.command) {
        (Some(w), _) => format!("{} {}", w.method.to_uppercase(), w.url),
        (None, Some(argv)) => argv.join(" "),
        (None, None) => String::new(),
    }
}

fn cut(text: &str) -> String {
    match text.char_indices().nth(OUTPUT_LIMIT) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text.to_string(),
    }
}

/// Runs the action against an environment. Never fails: whatever went wrong is in the outcome.
#[instrument(skip_all, fields(environment))]
pub async fn run_action(
    action: &RolloutAction,
    environment: &str,
    vars: &IndexMap<String, String>,
    secrets: &dyn SecretSource,
) -> ActionOutcome {
    let started = Instant::now();
    let mut templater = Templater::new(environment, vars, secrets);
    let mut outcome = match (&action.webhook, &action.command) {
        (Some(webhook), _) => {
            let filled = (|| -> std::result::Result<_, runsheet_checks::Error> {
                let url = templater.fill("action", &webhook.url)?;
                let headers = webhook
                    .headers
                    .iter()
                    .map(|(k, v)| Ok((k.clone(), templater.fill("action", v)?)))
                    .collect::<std::result::Result<Vec<_>, runsheet_checks::Error>>()?;
                let body = templater.fill("action", &webhook.body)?;
                Ok((url, headers, body))
            })();
            let method = webhook.method.to_uppercase();
            let mut outcome = blank("webhook", format!("{method} {}", webhook.url));
            match filled {
                Err(e) => outcome.error = Some(e.to_string()),
                Ok((url, headers, body)) => call(&mut outcome, &method, &url, &headers, body).await,
            }
            outcome
        }
        (None, Some(argv)) => {
            let mut outcome = blank("command", argv.join(" "));
            match argv.iter().map(|a| templater.fill("action", a)).collect::<std::result::Result<Vec<_>, _>>() {
                Err(e) => outcome.error = Some(e.to_string()),
                Ok(argv) => execute(&mut outcome, &argv).await,
            }
            outcome
        }
        (None, None) => {
            let mut outcome = blank("none", String::new());
            outcome.error = Some("the action names neither a webhook nor a command".into());
            outcome
        }
    };
    outcome.duration_ms = started.elapsed().as_millis() as u64;
    let redactor = Redactor::new(&templater.used_secrets);
    outcome.target = redactor.text(&outcome.target);
    outcome.output = redactor.text(&outcome.output);
    outcome.error = outcome.error.map(|e| redactor.text(&e));
    outcome
}

fn blank(kind: &'static str, target: String) -> ActionOutcome {
    ActionOutcome {
        kind,
        target,
        ok: false,
        status: None,
        exit_code: None,
        output: String::new(),
        error: None,
        duration_ms: 0,
    }
}

async fn call(outcome: &mut ActionOutcome, method: &str, url: &str, headers: &[(String, String)], body: String) {
    let client = match runsheet_checks::outbound::client("rollout action") {
        Ok(c) => c,
        Err(e) => {
            outcome.error = Some(e);
            return;
        }
    };
    let mut request = if method == "PUT" { client.put(url) } else { client.post(url) };
    for (name, value) in headers {
        request = request.header(name.as_str(), value.as_str());
    }
    match request.body(body).send().await {
        Err(e) => outcome.error = Some(format!("no answer from the webhook: {e}")),
        Ok(response) => {
            let status = response.status();
            outcome.status = Some(status.as_u16());
            outcome.output = cut(&response.text().await.unwrap_or_default());
            outcome.ok = status.is_success();
            if !outcome.ok {
                outcome.error = Some(format!("the webhook answered {status}"));
            }
        }
    }
}

async fn execute(outcome: &mut ActionOutcome, argv: &[String]) {
    let Some((program, args)) = argv.split_first() else {
        outcome.error = Some("the command is empty".into());
        return;
    };
    let mut command = tokio::process::Command::new(program);
    command.args(args).stdin(std::process::Stdio::null()).kill_on_drop(true);
    match tokio::time::timeout(COMMAND_LIMIT, command.output()).await {
        Err(_) => outcome.error = Some(format!("`{program}` did not finish within {} s", COMMAND_LIMIT.as_secs())),
        Ok(Err(e)) => outcome.error = Some(format!("could not run `{program}`: {e}")),
        Ok(Ok(out)) => {
            let mut printed = String::from_utf8_lossy(&out.stdout).into_owned();
            printed.push_str(&String::from_utf8_lossy(&out.stderr));
            outcome.output = cut(&printed);
            outcome.exit_code = out.status.code();
            outcome.ok = out.status.success();
            if !outcome.ok {
                outcome.error = Some(match out.status.code() {
                    Some(code) => format!("`{program}` exited with {code}"),
                    None => format!("`{program}` was stopped by a signal"),
                });
            }
        }
    }
}

impl Store {
    /// Refuses an action in a run that has ended or is held, as the bake after it would be.
    pub(crate) async fn ensure_action_may_run(&self, run_id: i64) -> Result<()> {
        let mut conn = self.pool().acquire().await?;
        let state: String =
            db::query_scalar("SELECT state FROM runs WHERE id = $1").bind(run_id).fetch_one(&mut conn).await?;
        if !RunState::parse(&state)?.is_open() {
            let err = DomainError::InvalidTransition {
                action: "run a rollout action in".into(),
                subject: format!("run {run_id}"),
                state: state.replace('_', " "),
            };
            return Err(err.into());
        }
        crate::holds::ensure_not_held(&mut conn, run_id).await
    }

    /// Records what a rollout step's action did (`rollout.action_ran` or `rollout.action_failed`), or that it was
    /// skipped in this environment (`rollout.action_skipped`, with `outcome` None).
    #[instrument(skip(self, outcome), err)]
    #[allow(clippy::too_many_arguments)]
    pub async fn record_rollout_action(
        &self,
        actor: &str,
        run_id: i64,
        step_id: i64,
        step_title: &str,
        description: &str,
        environment: &str,
        outcome: Option<&ActionOutcome>,
    ) -> Result<()> {
        let actor = self.actor(actor);
        let (action, payload) = match outcome {
            None => (
                AuditAction::RolloutActionSkipped,
                json!({ "step_id": step_id, "step": step_title, "action": description, "environment": environment,
                        "reason": format!("not allowed in {environment}: shift the traffic by hand") }),
            ),
            Some(o) => (
                if o.ok { AuditAction::RolloutActionRan } else { AuditAction::RolloutActionFailed },
                json!({ "step_id": step_id, "step": step_title, "action": description, "environment": environment,
                        "outcome": o }),
            ),
        };
        let mut tx = self.write().await?;
        append(
            &mut tx,
            NewEvent { actor, action, subject: format!("run/{run_id}/step/{step_id}"), run_id: Some(run_id), payload },
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }
}

/// Refuses to run an allowed action nobody confirmed, saying what it would do.
pub(crate) fn unconfirmed(step_title: &str, action: &RolloutAction) -> DomainError {
    DomainError::Refused {
        rule: "confirm-action".into(),
        message: format!(
            "step “{step_title}” runs an action first ({}): confirm it (the app asks; the CLI takes --yes)",
            describe(action)
        ),
    }
}
