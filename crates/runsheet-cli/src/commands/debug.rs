use std::io::Write;
use std::time::Instant;

use runsheet_core::demo::generated_runbook;
use runsheet_core::{StepAction, StepState};
use runsheet_store::Store;

use crate::args::DebugCommand;

const ACTOR: &str = "runsheet debug";

pub(crate) async fn run(store: &Store, cmd: DebugCommand, out: &mut dyn Write) -> anyhow::Result<()> {
    match cmd {
        DebugCommand::Transitions { run, count } => {
            let pending: Vec<i64> = store
                .get_run(run)
                .await?
                .steps
                .iter()
                .filter(|s| s.state == StepState::Pending)
                .map(|s| s.step_id)
                .take(count.unwrap_or(usize::MAX))
                .collect();
            for step in pending {
                let started = Instant::now();
                let change = store.transition_step(ACTOR, run, step, StepAction::Complete).await?;
                // Printed only after the commit returned: every acknowledged line must survive a kill.
                writeln!(out, "ack {step} {} {}", change.seq, started.elapsed().as_micros())?;
                out.flush()?;
            }
        }
        DebugCommand::Generate { steps } => {
            let rb = store.create_runbook(ACTOR, generated_runbook(steps)).await?;
            let run = store
                .create_run(
                    ACTOR,
                    runsheet_core::NewRun { runbook_id: rb.id, release: "bench".into(), environment_id: None },
                    true,
                )
                .await?;
            writeln!(out, "{}", run.id)?;
        }
    }
    Ok(())
}
