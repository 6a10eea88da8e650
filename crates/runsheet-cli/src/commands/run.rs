use std::io::Write;

use anyhow::{anyhow, Context};
use runsheet_core::{NewRun, Run, RunAction, StepAction, StepState};
use runsheet_store::Store;

use super::{actor, print_json};
use crate::args::{Outcome, RunCommand, StepVerb};
use crate::output::{clock, minutes, table, when};

pub(crate) async fn run(store: &Store, cmd: RunCommand, out: &mut dyn Write) -> anyhow::Result<()> {
    match cmd {
        RunCommand::List { runbook, json } => {
            let list = store.list_runs(runbook).await?;
            if json.json {
                return print_json(out, &list);
            }
            if list.is_empty() {
                writeln!(out, "No runs yet.")?;
                return Ok(());
            }
            let mut rows = vec![["ID", "RELEASE", "ENVIRONMENT", "STATE", "PROGRESS", "RUNBOOK", "CREATED"]
                .map(String::from)
                .to_vec()];
            for r in list {
                rows.push(vec![
                    r.id.to_string(),
                    r.release,
                    r.environment,
                    r.state.to_string(),
                    format!("{}/{}", r.settled_steps, r.total_steps),
                    r.title,
                    when(r.created_at),
                ]);
            }
            write!(out, "{}", table(&rows))?;
        }
        RunCommand::Show { id, json } => {
            let run = store.get_run(id).await?;
            if json.json {
                return print_json(out, &run);
            }
            show(&run, out)?;
        }
        RunCommand::Start { runbook, release, environment, actor: who, json } => {
            let who = actor(store, who).await?;
            let environment_id = match environment {
                Some(name) => Some(
                    store
                        .list_environments()
                        .await?
                        .into_iter()
                        .find(|e| e.name == name)
                        .with_context(|| format!("no environment named `{name}` (see `runsheet env list`)"))?
                        .id,
                ),
                None => None,
            };
            let run = store.create_run(&who, NewRun { runbook_id: runbook, release, environment_id }, true).await?;
            if json.json {
                return print_json(out, &run);
            }
            writeln!(
                out,
                "Run {} started: {} {} ({} steps)",
                run.id,
                run.snapshot.title,
                run.release,
                run.steps.len()
            )?;
        }
        RunCommand::Step { run, step, action, reason, actor: who } => {
            let who = actor(store, who).await?;
            let reason = || reason.clone().unwrap_or_default();
            let action = match action {
                StepVerb::Start => StepAction::Start,
                StepVerb::Done => StepAction::Complete,
                StepVerb::Skip => StepAction::Skip { reason: reason() },
                StepVerb::Fail => StepAction::Fail { reason: reason() },
                StepVerb::Block => StepAction::Block { reason: reason() },
                StepVerb::Reopen => StepAction::Reopen { reason: reason() },
            };
            let change = store.transition_step(&who, run, step, action).await?;
            writeln!(out, "Step {} is {} (audit event #{})", step, change.step.state, change.seq)?;
        }
        RunCommand::Note { run, step, text, actor: who } => {
            let who = actor(store, who).await?;
            store.add_step_note(&who, run, step, &text).await?;
            writeln!(out, "Note added to step {step}")?;
        }
        RunCommand::Finish { run, outcome, reason, actor: who } => {
            let who = actor(store, who).await?;
            let reason = reason.unwrap_or_default();
            let action = match outcome {
                Outcome::Complete => RunAction::Complete,
                Outcome::Abort => RunAction::Abort { reason },
                Outcome::Rollback => RunAction::RollBack { reason },
            };
            let state = store.finish_run(&who, run, action).await?;
            writeln!(out, "Run {run} is {state}")?;
        }
    }
    Ok(())
}

fn mark(state: StepState) -> &'static str {
    match state {
        StepState::Pending => "[ ]",
        StepState::InProgress => "[>]",
        StepState::Done => "[x]",
        StepState::Skipped => "[-]",
        StepState::Failed => "[!]",
        StepState::Blocked => "[#]",
    }
}

fn show(run: &Run, out: &mut dyn Write) -> anyhow::Result<()> {
    writeln!(out, "Run {}: {} — release {}", run.id, run.snapshot.title, run.release)?;
    if !run.environment.is_empty() {
        writeln!(out, "Environment: {}", run.environment)?;
    }
    writeln!(out, "State: {}   created by {} at {}", run.state, run.created_by, when(run.created_at))?;
    if let Some(reason) = &run.end_reason {
        writeln!(out, "Reason: {reason}")?;
    }
    for (phase, (settled, total)) in run.snapshot.phases.iter().zip(run.progress_by_phase()) {
        writeln!(out, "\n{} ({settled}/{total})", phase.title)?;
        for step in &phase.steps {
            let id = step.id.ok_or_else(|| anyhow!("snapshot step without id"))?;
            let state = run.step(id).context("run is missing a step of its snapshot")?;
            let mut line = format!("  {} #{:<5} {}", mark(state.state), id, step.title);
            if let Some(d) = step.duration_min {
                line.push_str(&format!("  ({} planned)", minutes(d)));
            }
            if let (Some(actor), Some(at)) = (&state.actor, state.ended_at.or(state.started_at)) {
                line.push_str(&format!("  — {} by {actor} at {}", state.state, clock(at)));
            }
            writeln!(out, "{line}")?;
            if let Some(reason) = &state.reason {
                writeln!(out, "          reason: {reason}")?;
            }
            for note in &state.notes {
                writeln!(out, "          note ({}, {}): {}", note.actor, clock(note.at), note.text)?;
            }
        }
    }
    Ok(())
}
