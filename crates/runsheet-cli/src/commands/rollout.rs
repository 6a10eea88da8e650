//! `runsheet rollout …` and `runsheet run rollback`: where a run's rollout stands, driving a bake in the foreground
//! through the same driver the app uses, aborting it, and the guided rollback.

use std::io::{IsTerminal, Write};
use std::sync::Arc;

use runsheet_checks::secrets::Keyring;
use runsheet_checks::CancellationToken;
use runsheet_core::rollout::status::RolloutStatus;
use runsheet_core::{BakeVerdict, Rollback};
use runsheet_store::{drive_bake, BakeEnd, DriveOptions, Store};
use serde_json::json;

use super::{actor, actor_or_user, print_json};
use crate::args::{RollbackArgs, RolloutCommand};
use crate::output::{clock, duration_s};
use crate::EXIT_BROKEN;

pub(crate) async fn run(store: &Store, cmd: RolloutCommand, out: &mut dyn Write) -> anyhow::Result<u8> {
    match cmd {
        RolloutCommand::Status { run, json } => {
            let status = store.rollout_status(run).await?;
            if json.json {
                print_json(out, &status_json(&status))?;
            } else {
                print_status(&status, out)?;
            }
            Ok(0)
        }
        RolloutCommand::Bake { run, step, confirm, yes, actor: who, json } => {
            let who = actor_or_user(store, who).await?;
            let cancel = CancellationToken::new();
            let on_ctrl_c = cancel.clone();
            let ctrl_c = tokio::spawn(async move {
                if tokio::signal::ctrl_c().await.is_ok() {
                    eprintln!("\ninterrupted: the bake stays under way; `runsheet rollout bake` picks it up again");
                    on_ctrl_c.cancel();
                }
            });
            let live = !json.json && std::io::stderr().is_terminal();
            let sink_store = store.clone();
            let sink: runsheet_store::BakeSink = Arc::new(move |run_id| {
                if !live {
                    return;
                }
                let store = sink_store.clone();
                tokio::spawn(async move {
                    if let Ok(s) = store.rollout_status(run_id).await {
                        let remaining = s.bake_remaining_s.map(duration_s).unwrap_or_else(|| "-".into());
                        let checks = s
                            .analysis
                            .map(|a| {
                                a.checks
                                    .iter()
                                    .map(|c| format!("{} {}", c.check, c.last_value))
                                    .collect::<Vec<_>>()
                                    .join(", ")
                            })
                            .unwrap_or_default();
                        eprint!("\r\x1b[2Kbake: {remaining} left; {checks}");
                    }
                });
            });
            let keyring = Keyring::for_workspace(store.keyring_scope());
            let opts = DriveOptions { actor: who, secrets: Arc::new(keyring), sink, cancel, confirm, run_action: yes };
            let record = drive_bake(store, run, step, opts).await;
            ctrl_c.abort();
            if live {
                eprint!("\r\x1b[2K");
            }
            let record = record?;
            let status = store.rollout_status(run).await?;
            if json.json {
                print_json(out, &json!({ "bake": record, "status": status_json(&status) }))?;
            } else {
                if let Some(line) = action_line(store, run, step, record.started_at).await? {
                    writeln!(out, "{line}")?;
                }
                writeln!(
                    out,
                    "Bake {} of step {step}: {}{}",
                    record.id,
                    record.verdict.as_str().to_uppercase(),
                    record.reason.as_deref().map(|r| format!(" — {r}")).unwrap_or_default()
                )?;
                print_status(&status, out)?;
            }
            Ok(if record.verdict == BakeVerdict::Passed { 0 } else { EXIT_BROKEN })
        }
        RolloutCommand::Abort { run, step, reason, actor: who } => {
            let who = actor(store, who).await?;
            let bake = store
                .list_bakes(run)
                .await?
                .into_iter()
                .rev()
                .find(|b| b.step_id == step)
                .ok_or_else(|| anyhow::anyhow!("step {step} of run {run} has not baked"))?;
            let end = BakeEnd {
                verdict: BakeVerdict::Aborted,
                reason,
                decided_by: Some(who.clone()),
                at: chrono::Utc::now(),
            };
            let record = store.end_bake(&who, bake.id, &end).await?;
            writeln!(out, "Bake {} aborted by {who}", record.id)?;
            Ok(0)
        }
        RolloutCommand::RollbackStep { run, number, actor: who, json } => {
            let who = actor(store, who).await?;
            let rollback = store.tick_rollback_step(&who, run, number).await?;
            if json.json {
                print_json(out, &rollback_json(&rollback))?;
            } else {
                writeln!(out, "Rollback step {number} done")?;
                if let Some(ended) = rollback.ended_at {
                    writeln!(
                        out,
                        "Rollback verified at {}: run {run} is rolled back; time to recover {}",
                        clock(ended),
                        duration_s(rollback.time_to_recover_s)
                    )?;
                }
            }
            Ok(0)
        }
    }
}

/// `runsheet run rollback RUN --level N --reason TEXT --confirm RELEASE-NAME`.
pub(crate) async fn rollback(store: &Store, args: RollbackArgs, out: &mut dyn Write) -> anyhow::Result<()> {
    let who = actor(store, args.actor).await?;
    let r = store.start_rollback(&who, args.run, args.level, &args.reason, &args.confirm, false).await?;
    if args.json.json {
        return print_json(out, &rollback_json(&r));
    }
    writeln!(out, "Rollback of run {} started at level {} ({}): {}", args.run, r.level, r.title, r.cause)?;
    for s in &r.steps {
        writeln!(out, "  {}. {}", s.number, s.title)?;
    }
    writeln!(out, "Tick each with `runsheet rollout rollback-step {} N`; the last one verifies it.", args.run)?;
    Ok(())
}

fn rollback_json(r: &Rollback) -> serde_json::Value {
    json!({
        "id": r.id,
        "level": r.level,
        "title": r.title,
        "reason": r.reason,
        "by": r.by,
        "started_at": r.started_at,
        "ended_at": r.ended_at,
        "time_to_recover_s": r.time_to_recover_s,
        "automatic": r.automatic,
        "cause": r.cause,
        "measured_from": r.measured_from,
        "escalated": r.escalated,
        "steps": r.steps,
    })
}

/// The `--json` shape: `{current_step, traffic_percent, bake_remaining_s, analysis, proposed_action, rollback}`,
/// then the rest of the status.
fn status_json(s: &RolloutStatus) -> serde_json::Value {
    json!({
        "current_step": s.current_step,
        "traffic_percent": s.traffic_percent,
        "bake_remaining_s": s.bake_remaining_s,
        "analysis": s.analysis,
        "proposed_action": s.proposed_action,
        "rollback": s.rollback.as_ref().map(rollback_json),
        "traffic_steps": s.traffic_steps,
        "past_point_of_no_return": s.past_point_of_no_return,
    })
}

fn print_status(s: &RolloutStatus, out: &mut dyn Write) -> anyhow::Result<()> {
    let bar: Vec<String> = s
        .traffic_steps
        .iter()
        .map(|t| {
            let mark = match t.verdict {
                Some(BakeVerdict::Passed) => "✓",
                Some(BakeVerdict::Failed) => "✗",
                Some(BakeVerdict::Paused) => "?",
                Some(BakeVerdict::Baking) => "…",
                Some(BakeVerdict::Aborted) => "-",
                None => "",
            };
            format!("{}%{mark}", t.percent)
        })
        .collect();
    writeln!(out, "Traffic: {} % on the new version  [{}]", s.traffic_percent, bar.join(" → "))?;
    match &s.current_step {
        Some(c) => writeln!(out, "Current step: {} “{}” ({})", c.step_id, c.title, c.state)?,
        None => writeln!(out, "Current step: none")?,
    }
    if let Some(a) = &s.analysis {
        let left = s.bake_remaining_s.map(|r| format!(", {} left", duration_s(r))).unwrap_or_default();
        writeln!(
            out,
            "Bake {}: {}{left}{}",
            a.bake_id,
            a.verdict.as_str(),
            a.reason.as_deref().map(|r| format!(" — {r}")).unwrap_or_default()
        )?;
        for c in &a.checks {
            writeln!(
                out,
                "  {}: {} samples, {} failed; last {} {}",
                c.check,
                c.samples,
                c.failures,
                c.last_status.map(|st| st.as_str()).unwrap_or("-"),
                c.last_value
            )?;
        }
    }
    writeln!(out, "Proposed: {}", serde_json::to_value(s.proposed_action)?.as_str().unwrap_or("-").replace('_', " "))?;
    if let Some(r) = &s.rollback {
        let state = match r.ended_at {
            Some(_) => "verified".to_string(),
            None if r.escalated => "escalated".to_string(),
            None => format!("under way, next: {}", r.next_step().map(|s| s.title.as_str()).unwrap_or("-")),
        };
        writeln!(
            out,
            "Rollback: level {} ({}) by {}{}, {state}; time to recover {}",
            r.level,
            r.title,
            r.by,
            if r.automatic { " (automatic)" } else { "" },
            duration_s(r.time_to_recover_s)
        )?;
        writeln!(out, "  reason: {}", r.reason)?;
        writeln!(out, "  cause: {}", r.cause)?;
    }
    if s.past_point_of_no_return {
        writeln!(
            out,
            "Past the point of no return: rollback is no longer a traffic switch; recover with level 3 or 4."
        )?;
    }
    Ok(())
}

/// What the step's action did before this bake, from the audit trail: `Action: POST https://… answered 200 (35 ms)`.
async fn action_line(
    store: &Store,
    run: i64,
    step: i64,
    since: chrono::DateTime<chrono::Utc>,
) -> anyhow::Result<Option<String>> {
    let page = store.list_audit(Some(run), None, 50).await?;
    let event = page.events.iter().find(|e| {
        e.action.starts_with("rollout.action_")
            && e.payload["step_id"] == step
            && e.at >= since - chrono::Duration::minutes(5)
    });
    let Some(e) = event else { return Ok(None) };
    let p = &e.payload;
    let action = p["action"].as_str().unwrap_or_default();
    Ok(Some(match e.action.as_str() {
        "rollout.action_skipped" => format!(
            "Action not run: {action} is not allowed in {}; shift the traffic by hand",
            p["environment"].as_str().unwrap_or_default()
        ),
        _ => {
            let o = &p["outcome"];
            let answer = match (o["status"].as_u64(), o["exit_code"].as_i64()) {
                (Some(status), _) => format!("answered {status}"),
                (_, Some(code)) => format!("exited {code}"),
                _ => o["error"].as_str().unwrap_or("did not finish").to_string(),
            };
            format!("Action: {} {answer} ({} ms)", o["target"].as_str().unwrap_or(action), o["duration_ms"])
        }
    }))
}
