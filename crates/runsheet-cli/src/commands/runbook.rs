use std::io::Write;

use runsheet_store::Store;

use anyhow::Context;
use runsheet_formats::yaml::{self, Document, ImportAction};

use super::export::Sink;
use super::{actor, print_json};
use crate::args::RunbookCommand;
use crate::output::{minutes, table, when};

pub(crate) async fn run(store: &Store, cmd: RunbookCommand, out: &mut dyn Write) -> anyhow::Result<()> {
    match cmd {
        RunbookCommand::Export { id, out: path } => {
            let rb = store.get_runbook(id).await?;
            let text = yaml::to_yaml(&Document::from_workspace(&[], &[rb]))?;
            let mut sink = Sink::open(path.as_deref(), out)?;
            sink.writer().write_all(text.as_bytes())?;
            sink.finish()?;
        }
        RunbookCommand::Import { file, actor: who, json } => {
            let text = std::fs::read_to_string(&file).with_context(|| format!("cannot read {}", file.display()))?;
            // Checked before anything else, so a bad file never needs a profile or touches the workspace.
            let ws = yaml::read(&text, &file.display().to_string())?;
            let checks = runsheet_checks::ChecksFile::parse(&text, &file.display().to_string())?;
            let who = actor(store, who).await?;
            let summary = yaml::import(store, &who, ws).await?;
            if !checks.checks.is_empty() {
                // The file's checks become a check suite named after the file (replaced on a second import).
                let name = file.file_stem().map(|s| s.to_string_lossy().to_string()).unwrap_or_else(|| "checks".into());
                let existing = store.list_check_suites().await?.into_iter().find(|s| s.name == name);
                let suite = store.save_check_suite(&who, existing.map_or(0, |s| s.id), &name, &text).await?;
                if !json.json {
                    writeln!(
                        out,
                        "saved      check suite {}  {} ({} checks)",
                        suite.id,
                        suite.name,
                        checks.checks.len()
                    )?;
                }
            }
            if json.json {
                return print_json(out, &summary);
            }
            for item in &summary.items {
                let action = match item.action {
                    ImportAction::Created => "created",
                    ImportAction::Updated => "updated",
                    ImportAction::Unchanged => "unchanged",
                };
                writeln!(out, "{action:<9}  {} {}  {}", item.kind, item.id, item.name)?;
            }
            writeln!(
                out,
                "{} created, {} updated, {} unchanged.",
                summary.count(ImportAction::Created),
                summary.count(ImportAction::Updated),
                summary.count(ImportAction::Unchanged)
            )?;
        }
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
