use std::io::Write;

use anyhow::{anyhow, Context};
use runsheet_core::{ContactKind, NewRun, Run, RunAction, RunMarks, StepAction, StepState};
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
                    match runsheet_core::run::attention(r.state, r.failed_steps as usize, r.blocked_steps as usize) {
                        Some(what) => format!("NEEDS ATTENTION: {what}"),
                        None => r.state.to_string(),
                    },
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
            if let Some(hold) = store.run_holds(id).await?.into_iter().find(|h| h.is_open()) {
                writeln!(out, "HELD: {}\n", hold.describe())?;
            }
            let claims = store.run_claims(id).await?;
            let handovers = store.run_handovers(id).await?;
            if let Some(last) = handovers.last() {
                writeln!(
                    out,
                    "Lead: {} (handed over by {} at {}: {})",
                    last.to_person,
                    last.by,
                    clock(last.at),
                    last.note
                )?;
            }
            let contacts = store.run_contacts(id).await?;
            show(&run, &claims, out)?;
            if let Some(line) = runsheet_core::contact::call_now_line(&contacts.call_now) {
                writeln!(out, "\n{line}")?;
            }
        }
        RunCommand::Contacts { run, fill, actor: who, json } => {
            let contacts = if fill {
                let who = actor(store, who).await?;
                store.fill_default_contacts(&who, run).await?
            } else {
                store.run_contacts(run).await?
            };
            if json.json {
                return print_json(out, &contacts);
            }
            super::contacts::print(&contacts, out)?;
        }
        RunCommand::Contact { run, role, person, escalation, clear, actor: who } => {
            let who = actor(store, who).await?;
            let contacts = match (clear, person) {
                (true, person) => store.clear_run_contact(&who, run, &role, person.as_deref()).await?,
                (false, Some(person)) => {
                    let kind = if escalation { ContactKind::Escalation } else { ContactKind::OnCall };
                    store.set_run_contact(&who, run, &role, &person, kind).await?
                }
                (false, None) => anyhow::bail!("give --person NAME, or --clear"),
            };
            super::contacts::print(&contacts, out)?;
        }
        RunCommand::Start {
            runbook,
            release,
            environment,
            override_reason,
            rehearsal,
            hotfix,
            change_time,
            repo,
            actor: who,
            json,
        } => {
            let given = change_time.map(|t| super::environment::parse_time("--change-time", &t)).transpose()?;
            let change_at = runsheet_core::release_tag::resolve_change_time(given, repo.as_deref(), &release)?;
            let marks = RunMarks { rehearsal, hotfix, change_at };
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
            let new = NewRun { runbook_id: runbook, release, environment_id };
            let run = store.create_run_marked(&who, new, marks, true, override_reason.as_deref()).await?;
            if json.json {
                return print_json(out, &run);
            }
            writeln!(
                out,
                "{} {} started: {} {} ({} steps)",
                if rehearsal { "Rehearsal run" } else { "Run" },
                run.id,
                run.snapshot.title,
                run.release,
                run.steps.len()
            )?;
        }
        RunCommand::Step { run, step, action, reason, actor: who } => {
            let who = actor(store, who).await?;
            let shown = store.get_run(run).await?;
            let step = shown.snapshot.resolve_step(step).with_context(|| format!("in run {run}"))?;
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
            let number = super::step_label(&shown, step);
            writeln!(out, "Step {number} is {} (event #{})", change.step.state, change.seq)?;
        }
        RunCommand::Checks { .. } => anyhow::bail!("`run checks` is dispatched with its own exit code"),
        RunCommand::Schedule { run, start, end, tz, clear, actor: who } => {
            let who = actor(store, who).await?;
            let schedule = match (clear, start, end) {
                (true, _, _) => None,
                (false, Some(start), Some(end)) => Some(runsheet_core::RunSchedule::new(
                    moment(&start, &tz, "start")?,
                    moment(&end, &tz, "end")?,
                    &tz,
                )?),
                _ => anyhow::bail!("give --start and --end, or --clear"),
            };
            let run = store.schedule_run(&who, run, schedule).await?;
            match &run.schedule {
                Some(s) => {
                    let f = runsheet_core::schedule::forecast(&run, chrono::Utc::now());
                    writeln!(out, "Run {} is scheduled {}: {}", run.id, s.describe(), f.summary)?
                }
                None => writeln!(out, "Run {} has no schedule now", run.id)?,
            }
        }
        RunCommand::Claim { run, step, take_over, actor: who } => {
            let who = actor(store, who).await?;
            let step = super::step_id(store, run, step).await?;
            let claim = store.claim_step(&who, run, step, take_over).await?;
            writeln!(out, "{} is on step {step} of run {run} since {}", claim.claimed_by, clock(claim.claimed_at))?;
        }
        RunCommand::Unclaim { run, step, actor: who } => {
            let who = actor(store, who).await?;
            let step = super::step_id(store, run, step).await?;
            store.release_claim(&who, run, step).await?;
            writeln!(out, "Nobody is on step {step} of run {run} now")?;
        }
        RunCommand::HandOver { run, to, note, actor: who } => {
            let who = actor(store, who).await?;
            let h = store.hand_over(&who, run, &to, &note).await?;
            writeln!(out, "Run {run} is led by {} from now (was {}): {}", h.to_person, h.from_person, h.note)?;
        }
        RunCommand::Hold { run, reason, actor: who } => {
            let who = actor(store, who).await?;
            let hold = store.hold_run(&who, run, &reason).await?;
            writeln!(
                out,
                "Run {run} is held by {}: {} (release it with `runsheet run release {run} --reason …`)",
                hold.held_by, hold.reason
            )?;
        }
        RunCommand::Release { run, reason, actor: who } => {
            let who = actor(store, who).await?;
            let hold = store.release_run(&who, run, &reason).await?;
            let held = hold.released_at.map(|r| (r - hold.held_at).num_seconds()).unwrap_or(0);
            writeln!(out, "Run {run} released by {who} after {held} s held: {reason}")?;
        }
        RunCommand::Note { run, step, text, actor: who } => {
            let who = actor(store, who).await?;
            let shown = store.get_run(run).await?;
            let step = shown.snapshot.resolve_step(step).with_context(|| format!("in run {run}"))?;
            store.add_step_note(&who, run, step, &text).await?;
            writeln!(out, "Note added to step {}", super::step_label(&shown, step))?;
        }
        RunCommand::Compare { run, rehearsal, threshold_min, json } => {
            super::compare::run(store, (run, rehearsal, threshold_min), json.json, out).await?;
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

fn show(run: &Run, claims: &[runsheet_core::Claim], out: &mut dyn Write) -> anyhow::Result<()> {
    writeln!(out, "Run {}: {} — release {}", run.id, run.snapshot.title, run.release)?;
    if !run.environment.is_empty() {
        writeln!(out, "Environment: {}", run.environment)?;
    }
    writeln!(out, "State: {}   created by {} at {}", run.state, run.created_by, when(run.created_at))?;
    if let Some(what) = run.attention() {
        writeln!(out, "NEEDS ATTENTION: {what}")?;
    }
    if let Some(reason) = &run.end_reason {
        writeln!(out, "Reason: {reason}")?;
    }
    let forecast = run.schedule.as_ref().map(|_| runsheet_core::schedule::forecast(run, chrono::Utc::now()));
    if let (Some(schedule), Some(f)) = (&run.schedule, &forecast) {
        let state = match f.state {
            runsheet_core::ScheduleState::OnTime => "",
            runsheet_core::ScheduleState::Tight => "  [TIGHT]",
            runsheet_core::ScheduleState::Over => "  [OVER THE WINDOW]",
        };
        writeln!(out, "Schedule: {} · {}{state}", schedule.describe(), f.summary)?;
    }
    for (p, (phase, (settled, total))) in run.snapshot.phases.iter().zip(run.progress_by_phase()).enumerate() {
        writeln!(out, "\n{}. {} ({settled}/{total})", p + 1, phase.title)?;
        for (s, step) in phase.steps.iter().enumerate() {
            let id = step.id.ok_or_else(|| anyhow!("snapshot step without id"))?;
            let state = run.step(id).context("run is missing a step of its snapshot")?;
            let number = format!("{}.{}", p + 1, s + 1);
            let mut line = format!("  {} {number:<6} {}", mark(state.state), step.title);
            if let Some(d) = step.duration_min {
                line.push_str(&format!("  ({} planned)", minutes(d)));
            }
            if let (Some(actor), Some(at)) = (&state.actor, state.ended_at.or(state.started_at)) {
                line.push_str(&format!("  — {} by {actor} at {}", state.state, clock(at)));
            }
            if let (Some(schedule), Some(times)) =
                (&run.schedule, forecast.as_ref().and_then(|f| f.steps.iter().find(|t| t.step_id == id)))
            {
                let (planned, expected) = (schedule.clock(times.planned_start), schedule.clock(times.forecast_start));
                if planned == expected {
                    line.push_str(&format!("  [planned {planned}]"));
                } else {
                    line.push_str(&format!("  [planned {planned}, forecast {expected}]"));
                }
            }
            if let Some(claim) = claims.iter().find(|c| c.step_id == id) {
                line.push_str(&format!("  [{} is on it since {}]", claim.claimed_by, clock(claim.claimed_at)));
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

/// A time as written for `run schedule`: RFC 3339 with an offset, or `2026-12-05 02:00` (a `T` works too) in `tz`.
fn moment(text: &str, tz: &str, field: &str) -> anyhow::Result<chrono::DateTime<chrono::Utc>> {
    let text = text.trim();
    if let Ok(t) = chrono::DateTime::parse_from_rfc3339(text) {
        return Ok(t.with_timezone(&chrono::Utc));
    }
    let zone = runsheet_core::window::time_zone(tz)?;
    let civil: jiff::civil::DateTime = text
        .replacen(' ', "T", 1)
        .parse()
        .map_err(|_| anyhow!("{field}: `{text}` is not a time like `2026-12-05 02:00` or RFC 3339"))?;
    let at = zone
        .to_ambiguous_timestamp(civil)
        .compatible()
        .map_err(|e| anyhow!("{field}: `{text}` does not exist in {tz}: {e}"))?;
    chrono::DateTime::from_timestamp_millis(at.as_millisecond())
        .ok_or_else(|| anyhow!("{field}: `{text}` is out of range"))
}
