//! `runsheet gate status|renew|replay|override-window`, `runsheet decide` and `runsheet criteria set`: gates and their go/no-go boards.

use std::io::Write;

use anyhow::Context;
use runsheet_core::gate::replay::{GateReplay, ReplayQuery, ReplayVerdict};
use runsheet_core::{GateStatus, GoNoGo, RequirementState};
use runsheet_store::Store;

use super::print_json;
use crate::args::{CriteriaCommand, GateCommand};

pub(crate) async fn status(store: &Store, cmd: GateCommand, out: &mut dyn Write) -> anyhow::Result<()> {
    let (run, step, json) = match cmd {
        GateCommand::Status { run, step, json } => (run, step, json),
        GateCommand::Renew { run, step, reason } => {
            let step = super::step_id(store, run, step).await?;
            let actor = super::actor(store, crate::args::Actor { name: None }).await?;
            let gate = store.renew_gate(&actor, run, step, &reason).await?;
            let number = super::step_label(&store.get_run(run).await?, gate.step_id);
            writeln!(out, "gate {number} “{}” renewed by {actor}", gate.title)?;
            return print_gate(out, &number, &gate);
        }
        GateCommand::Replay { run, step, check, condition, last, json } => {
            let step = super::step_id(store, run, step).await?;
            let replay = store.replay_gate(run, step, &ReplayQuery { check, condition, last }).await?;
            return if json.json { print_json(out, &replay) } else { print_replay(out, &replay) };
        }
        GateCommand::OverrideWindow { run, step, reason } => {
            let person = store.profile_person().await?;
            let step = super::step_id(store, run, step).await?;
            let gate = store.override_window(&person, run, step, &reason).await?;
            let number = super::step_label(&store.get_run(run).await?, gate.step_id);
            writeln!(out, "change window of gate {number} “{}” overridden by {}", gate.title, person.name)?;
            return print_gate(out, &number, &gate);
        }
    };
    let step = match step {
        Some(step) => Some(super::step_id(store, run, step).await?),
        None => None,
    };
    let gates = store.gate_status(run, step).await?;
    if json.json {
        return print_json(out, &gates);
    }
    if gates.is_empty() {
        writeln!(out, "run {run} has no gate with requirements")?;
    }
    let run = store.get_run(run).await?;
    for gate in &gates {
        print_gate(out, &super::step_label(&run, gate.step_id), gate)?;
    }
    Ok(())
}

fn print_replay(out: &mut dyn Write, replay: &GateReplay) -> anyhow::Result<()> {
    let replaces = replay.replaces.as_deref().map(|r| format!(" in place of `{r}`")).unwrap_or_default();
    let observe = if replay.observe_only { " (observe only: it never blocks this gate)" } else { "" };
    writeln!(out, "gate “{}”, check {}{observe}: `{}`{replaces}", replay.gate, replay.check, replay.condition)?;
    let n = replay.runs.len();
    writeln!(
        out,
        "{n} run(s): the check passed on {} as recorded, would pass on {}; {} would change",
        replay.recorded_passes, replay.replayed_passes, replay.changed
    )?;
    let word = |v: ReplayVerdict| match v {
        ReplayVerdict::Pass => "pass",
        ReplayVerdict::Fail => "FAIL",
        ReplayVerdict::Inconclusive => "no data",
        ReplayVerdict::NoEvidence => "no evidence",
    };
    for r in &replay.runs {
        let mark = if r.changed { "*" } else { " " };
        writeln!(
            out,
            "{mark} run {:<5} {:<12} {:<17} recorded {:<11} replayed {:<11} {}",
            r.run_id,
            r.release,
            r.environment,
            word(r.recorded),
            word(r.replayed),
            r.detail
        )?;
    }
    Ok(())
}

fn print_gate(out: &mut dyn Write, number: &str, gate: &GateStatus) -> anyhow::Result<()> {
    let verdict = match (gate.passed, gate.open) {
        (true, _) => "PASSED",
        (false, true) => "OPEN",
        (false, false) => "CLOSED",
    };
    writeln!(out, "gate {number} “{}”: {verdict}", gate.title)?;
    if let Some(e) = gate.expiry.as_ref().filter(|e| e.held && !gate.passed) {
        writeln!(out, "  HELD since {}: renew with `runsheet gate renew RUN STEP --reason …`", e.expires_at)?;
    }
    for r in &gate.requirements {
        let state = match r.state {
            RequirementState::Met => "met",
            RequirementState::Unmet => "unmet",
            RequirementState::Inconclusive => "inconclusive",
            RequirementState::NoData => "no data",
        };
        let observe = if r.observe_only { " (observe only)" } else { "" };
        writeln!(out, "  [{state:<12}] {}{observe}", r.description)?;
        writeln!(out, "                 {}", r.detail)?;
    }
    Ok(())
}

pub(crate) async fn decide(
    store: &Store,
    (run, step, decision, reason): (i64, i64, String, String),
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    let decision = GoNoGo::parse(&decision)?;
    let profile = store.get_profile().await?.context("no profile yet: set it with `runsheet profile set`")?;
    let gate = store.decide_gate(&profile.name, &profile.roles, run, step, decision, &reason).await?;
    let said = if decision == GoNoGo::Go { "GO" } else { "NO-GO" };
    let number = super::step_label(&store.get_run(run).await?, gate.step_id);
    writeln!(out, "{said} recorded on gate {number} “{}” by {}", gate.title, profile.name)?;
    print_gate(out, &number, &gate)
}

pub(crate) async fn criteria(store: &Store, cmd: CriteriaCommand, out: &mut dyn Write) -> anyhow::Result<()> {
    let CriteriaCommand::Set { run, step, number, state, note } = cmd;
    let step = super::step_id(store, run, step).await?;
    let holds = match state.trim().to_ascii_lowercase().as_str() {
        "met" => true,
        "unmet" => false,
        other => anyhow::bail!("`{other}` is neither met nor unmet"),
    };
    let actor = super::actor(store, crate::args::Actor { name: None }).await?;
    let gate = store.mark_criterion(&actor, run, step, number, holds, &note).await?;
    writeln!(out, "criterion {number} marked {state} by {actor}")?;
    print_gate(out, &super::step_label(&store.get_run(run).await?, gate.step_id), &gate)
}
