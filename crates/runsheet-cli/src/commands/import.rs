//! `runsheet import FILE.md`: a Markdown go-live plan, previewed (no workspace opened) or saved as a runbook.

use std::io::Write;

use anyhow::Context;
use runsheet_core::{ImportChoices, ImportedPhase, ImportedPlan, SectionUse};
use runsheet_plan::{import_bytes, to_runbooks};
use runsheet_store::Store;
use tracing::instrument;

use super::{actor, print_json};
use crate::args::ImportArgs;

/// Prints what the file gives, without saving: `--json` the [`ImportedPlan`], else a summary.
#[instrument(skip_all, fields(file = %args.file.display()), err)]
pub(crate) fn preview(args: ImportArgs, out: &mut dyn Write) -> anyhow::Result<()> {
    let plan = read(&args)?;
    if args.json.json {
        // One write: a plan's JSON runs to many thousands of lines, and stdout flushes at each one.
        let mut json = serde_json::to_vec_pretty(&plan)?;
        json.push(b'\n');
        out.write_all(&json)?;
        return Ok(());
    }
    let mut text = Vec::new();
    summary(&plan, &mut text)?;
    out.write_all(&text)?;
    Ok(())
}

/// Saves the plan as a runbook and prints its id (`--json`: the saved runbook).
#[instrument(skip_all, fields(file = %args.file.display()), err)]
pub(crate) async fn save(store: &Store, args: ImportArgs, out: &mut dyn Write) -> anyhow::Result<()> {
    let plan = read(&args)?;
    let name = actor(store, args.actor).await?;
    let saved = store.create_runbooks(&name, to_runbooks(&plan)).await?;
    if args.json.json {
        return print_json(out, &saved);
    }
    for runbook in &saved {
        writeln!(out, "{}", runbook.id)?;
    }
    Ok(())
}

/// Reads the plan and applies `--section` and `--title`.
fn read(args: &ImportArgs) -> anyhow::Result<ImportedPlan> {
    let path = &args.file;
    let bytes = std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
    let mut plan = import_bytes(&bytes, &path.display().to_string())?;
    if let Some(name) = path.file_name() {
        plan.file_name = name.to_string_lossy().into_owned();
    }
    plan.apply(&ImportChoices { title: args.title.clone(), sections: args.sections.clone() })
        .with_context(|| format!("--section for {}", path.display()))?;
    Ok(plan)
}

fn summary(plan: &ImportedPlan, out: &mut dyn Write) -> anyhow::Result<()> {
    let phases = plan.all_phases();
    writeln!(out, "{}", plan.title)?;
    writeln!(
        out,
        "From {} ({}). Nothing saved: add --save to store it as a runbook.",
        plan.file_name, plan.encoding.detected
    )?;
    writeln!(out)?;
    // Each section with what it becomes, where that differs from the section it is in.
    let mut uses: Vec<SectionUse> = Vec::new();
    for (depth, phase) in &phases {
        uses.truncate(*depth);
        let shown = if uses.last() == Some(&phase.use_as) && phase.why.is_empty() {
            String::new()
        } else if phase.why.is_empty() {
            format!("  [{}]", phase.use_as.as_str())
        } else {
            format!("  [{}: {}]", phase.use_as.as_str(), phase.why)
        };
        uses.push(phase.use_as);
        writeln!(out, "{}L{} {}{}{shown}", "  ".repeat(depth + 1), phase.line, phase.title, contents(phase))?;
    }
    let ticked: usize = phases.iter().map(|(_, p)| p.steps.iter().filter(|s| s.done).count()).sum();
    writeln!(out)?;
    writeln!(
        out,
        "{}, {} ({ticked} ticked), {}.",
        count(phases.len(), "phase"),
        count(plan.step_count(), "step"),
        count(plan.command_count(), "command")
    )?;
    let runbooks = to_runbooks(plan);
    let saved: Vec<String> =
        runbooks.iter().map(|r| format!("\"{}\" ({})", r.title, count(r.step_count(), "step"))).collect();
    writeln!(out, "Saves as: {}.", saved.join(", "))?;
    if let Some(level) = runbooks[0].rollback.as_ref().and_then(|r| r.levels.first()) {
        writeln!(
            out,
            "Rollback plan: level {} \"{}\", {}.",
            level.level,
            level.title,
            count(level.steps.len(), "step")
        )?;
    }
    if let Some(w) = &plan.window {
        writeln!(out, "Maintenance window: {}–{} {} {} (line {}).", w.start, w.end, w.zone, w.day, w.line)?;
    }
    writeln!(out, "Change a section with --section LINE=USE (run, preparation, follow_up, notes, rollback, skip).")?;
    if !plan.signoff_roles.is_empty() {
        writeln!(out, "Sign-off roles: {}.", plan.signoff_roles.join(", "))?;
    }
    let criteria = [
        ("GO criteria", plan.go_criteria.len()),
        ("NO-GO criteria", plan.no_go_criteria.len()),
        ("success criteria", plan.success_criteria.len()),
    ];
    let criteria: Vec<String> =
        criteria.iter().filter(|(_, n)| *n > 0).map(|(what, n)| format!("{n} {what}")).collect();
    if !criteria.is_empty() {
        writeln!(out, "Criteria: {}.", criteria.join(", "))?;
    }
    let noted: Vec<&str> =
        phases.iter().filter(|(_, p)| !p.notes.trim().is_empty()).map(|(_, p)| p.title.as_str()).collect();
    let mut kept = Vec::new();
    if !plan.notes.trim().is_empty() {
        kept.push("the text before the first phase".to_string());
    }
    if !noted.is_empty() {
        kept.push(format!("text under {} phases ({})", noted.len(), shorten(&noted, 6)));
    }
    if !kept.is_empty() {
        writeln!(out, "Kept as notes: {}.", kept.join("; "))?;
    }
    encoding(plan, out)?;
    if !plan.warnings.is_empty() {
        writeln!(out, "Check before saving:")?;
        for warning in &plan.warnings {
            writeln!(out, "  {warning}")?;
        }
    }
    Ok(())
}

/// `1 step`, `4 steps`.
fn count(n: usize, what: &str) -> String {
    if n == 1 {
        format!("1 {what}")
    } else {
        format!("{n} {what}s")
    }
}

/// ` — 4 steps, 1 command, notes`, or nothing for an empty heading.
fn contents(phase: &ImportedPhase) -> String {
    let mut parts = Vec::new();
    if !phase.steps.is_empty() {
        parts.push(count(phase.steps.len(), "step"));
    }
    if !phase.commands.is_empty() {
        parts.push(count(phase.commands.len(), "command"));
    }
    if !phase.notes.trim().is_empty() {
        parts.push("notes".into());
    }
    if parts.is_empty() {
        String::new()
    } else {
        format!(" — {}", parts.join(", "))
    }
}

fn encoding(plan: &ImportedPlan, out: &mut dyn Write) -> anyhow::Result<()> {
    let report = &plan.encoding;
    if report.transcoded {
        writeln!(out, "Encoding: the file is not UTF-8; it was read as {}.", report.detected)?;
    }
    if report.repaired_total > 0 {
        let examples: Vec<String> = report
            .repaired
            .iter()
            .take(5)
            .map(|r| format!("{} → {} (line {})", r.original, r.repaired, lines(&r.lines)))
            .collect();
        writeln!(out, "Repaired {} garbled characters, e.g. {}.", report.repaired_total, examples.join(", "))?;
    }
    if report.unrepaired_total > 0 {
        writeln!(out, "Could not repair {} (left as they were):", report.unrepaired_total)?;
        for left in report.unrepaired.iter().take(10) {
            writeln!(out, "  {} (line {}): {}", left.text, lines(&left.lines), left.reason)?;
        }
    }
    Ok(())
}

fn lines(lines: &[u32]) -> String {
    lines.iter().map(u32::to_string).collect::<Vec<_>>().join(", ")
}

fn shorten(items: &[&str], max: usize) -> String {
    let mut shown = items.iter().take(max).copied().collect::<Vec<_>>().join(", ");
    if items.len() > max {
        shown.push_str(&format!(", and {} more", items.len() - max));
    }
    shown
}
