//! `runsheet gate status`, `runsheet decide` and `runsheet criteria set`: gates and their go/no-go boards.

use std::io::Write;

use anyhow::Context;
use runsheet_core::{GateStatus, GoNoGo, RequirementState};
use runsheet_store::Store;

use super::print_json;
use crate::args::{CriteriaCommand, GateCommand};

pub(crate) async fn status(store: &Store, cmd: GateCommand, out: &mut dyn Write) -> anyhow::Result<()> {
    let GateCommand::Status { run, step, json } = cmd;
    let gates = store.gate_status(run, step).await?;
    if json.json {
        return print_json(out, &gates);
    }
    if gates.is_empty() {
        writeln!(out, "run {run} has no gate with requirements")?;
    }
    for gate in &gates {
        print_gate(out, gate)?;
    }
    Ok(())
}

fn print_gate(out: &mut dyn Write, gate: &GateStatus) -> anyhow::Result<()> {
    let verdict = match (gate.passed, gate.open) {
        (true, _) => "PASSED",
        (false, true) => "OPEN",
        (false, false) => "CLOSED",
    };
    writeln!(out, "gate {} “{}”: {verdict}", gate.step_id, gate.title)?;
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
    writeln!(out, "{said} recorded on gate {} “{}” by {}", gate.step_id, gate.title, profile.name)?;
    print_gate(out, &gate)
}

pub(crate) async fn criteria(store: &Store, cmd: CriteriaCommand, out: &mut dyn Write) -> anyhow::Result<()> {
    let CriteriaCommand::Set { run, step, number, state, note } = cmd;
    let holds = match state.trim().to_ascii_lowercase().as_str() {
        "met" => true,
        "unmet" => false,
        other => anyhow::bail!("`{other}` is neither met nor unmet"),
    };
    let actor = super::actor(store, crate::args::Actor { name: None }).await?;
    let gate = store.mark_criterion(&actor, run, step, number, holds, &note).await?;
    writeln!(out, "criterion {number} marked {state} by {actor}")?;
    print_gate(out, &gate)
}
