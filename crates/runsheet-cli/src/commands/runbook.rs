use std::io::Write;

use runsheet_store::Store;

use super::print_json;
use crate::args::RunbookCommand;
use crate::output::{minutes, table, when};

pub(crate) async fn run(store: &Store, cmd: RunbookCommand, out: &mut dyn Write) -> anyhow::Result<()> {
    match cmd {
        RunbookCommand::List(json) => {
            let list = store.list_runbooks().await?;
            if json.json {
                return print_json(out, &list);
            }
            if list.is_empty() {
                writeln!(out, "No runbooks yet. `runsheet demo` adds an example.")?;
                return Ok(());
            }
            let mut rows =
                vec![["ID", "KIND", "TITLE", "PHASES", "STEPS", "ACTIVE RUNS", "UPDATED"].map(String::from).to_vec()];
            for rb in list {
                rows.push(vec![
                    rb.id.to_string(),
                    rb.kind.as_str().into(),
                    rb.title,
                    rb.phase_count.to_string(),
                    rb.step_count.to_string(),
                    rb.active_runs.to_string(),
                    when(rb.updated_at),
                ]);
            }
            write!(out, "{}", table(&rows))?;
        }
        RunbookCommand::Show { id, json } => {
            let rb = store.get_runbook(id).await?;
            if json.json {
                return print_json(out, &rb);
            }
            writeln!(out, "{} #{} ({}, revision {})", rb.title, rb.id, rb.kind.as_str(), rb.revision)?;
            if !rb.description.is_empty() {
                writeln!(out, "{}", rb.description)?;
            }
            for (p, phase) in rb.phases.iter().enumerate() {
                writeln!(out, "\n{}. {}", p + 1, phase.title)?;
                for step in &phase.steps {
                    let mut meta = vec![step.kind.as_str().to_string()];
                    if !step.owner_role.is_empty() {
                        meta.push(step.owner_role.clone());
                    }
                    if let Some(at) = &step.planned_at {
                        meta.push(format!("at {at}"));
                    }
                    if let Some(offset) = step.planned_offset_min {
                        meta.push(format!("T+{}", minutes(offset.max(0) as u32)));
                    }
                    if let Some(d) = step.duration_min {
                        meta.push(minutes(d));
                    }
                    writeln!(out, "   #{:<5} {}  [{}]", step.id.unwrap_or_default(), step.title, meta.join(", "))?;
                    for cmd in &step.commands {
                        for line in cmd.command.lines() {
                            writeln!(out, "          $ {line}")?;
                        }
                    }
                }
            }
        }
    }
    Ok(())
}
