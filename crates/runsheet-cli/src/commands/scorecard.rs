//! `runsheet scorecard`: readiness scorecards imported from Markdown checklists, shown, attested (signed) and marked
//! not applicable.

use std::io::Write;

use anyhow::{anyhow, Context};
use runsheet_core::scorecard::{RuleState, ScorecardStatus, Verdict};
use runsheet_plan::scorecard::{scorecard_rules, IMPORTED_VALID_DAYS};
use runsheet_store::scorecards::NewScorecard;
use runsheet_store::Store;

use super::{actor, print_json};
use crate::args::ScorecardCommand;
use crate::output::table;

pub(crate) async fn run(store: &Store, cmd: ScorecardCommand, out: &mut dyn Write) -> anyhow::Result<()> {
    match cmd {
        ScorecardCommand::Import { file, name, environment, runbook, threshold, actor: who, json } => {
            let bytes = std::fs::read(&file).with_context(|| format!("cannot read {}", file.display()))?;
            let plan = runsheet_plan::import_bytes(&bytes, &file.display().to_string())?;
            let imported = scorecard_rules(&plan);
            if imported.is_empty() {
                return Err(anyhow!(
                    "{}: no checklist items to score (task items `- [ ]` become rules)",
                    file.display()
                ));
            }
            let environment_id = match environment {
                Some(name) => Some(super::environment::by_name(store, &name).await?.id),
                None => None,
            };
            let who = actor(store, who).await?;
            let source = file.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            let new = NewScorecard {
                name: name.unwrap_or_else(|| plan.title.clone()),
                environment_id,
                runbook_id: runbook,
                threshold,
                source,
                checked: imported.iter().filter(|r| r.checked).map(|r| r.rule.id.clone()).collect(),
                rules: imported.into_iter().map(|r| r.rule).collect(),
                checked_valid_days: IMPORTED_VALID_DAYS,
            };
            let status = store.create_scorecard(&who, new).await?;
            if json.json {
                return print_json(out, &status);
            }
            let repaired = plan.encoding.repaired_total;
            writeln!(
                out,
                "Scorecard {} imported: {} ({} rules in {} categories, {} checked in the plan{})",
                status.id,
                status.name,
                status.categories.iter().map(|c| c.rules.len()).sum::<usize>(),
                status.categories.len(),
                status.counts.met,
                if repaired > 0 { format!(", {repaired} garbled characters repaired") } else { String::new() }
            )?;
            summary_line(&status, out)?;
        }
        ScorecardCommand::List(json) => {
            let list = store.list_scorecards().await?;
            if json.json {
                return print_json(out, &list);
            }
            if list.is_empty() {
                writeln!(out, "No scorecards yet: import one with `runsheet scorecard import FILE.md`.")?;
                return Ok(());
            }
            let mut rows = vec![["ID", "NAME", "ENVIRONMENT", "RULES", "SCORE", "VERDICT"].map(String::from).to_vec()];
            for s in list {
                rows.push(vec![
                    s.id.to_string(),
                    s.name,
                    s.environment.unwrap_or_default(),
                    s.rules.to_string(),
                    s.score.map_or_else(|| "-".into(), |v| format!("{v:.1}")),
                    s.verdict.map_or_else(|| "-".into(), verdict_text),
                ]);
            }
            write!(out, "{}", table(&rows))?;
        }
        ScorecardCommand::Show { id, json } => {
            let status = store.scorecard_status(id).await?;
            if json.json {
                return print_json(out, &status);
            }
            show(&status, out)?;
        }
        ScorecardCommand::Report { id, format, out: path } => {
            super::report::readiness(store, (id, format, path), out).await?;
        }
        ScorecardCommand::Attest { id, rule, role, note } => {
            let (person, key) = store.profile_signer().await?;
            let status = store.attest_rule(&person, &key, id, &rule, &role, note.as_deref().unwrap_or("")).await?;
            writeln!(out, "rule {rule} attested by {} as {role}, signed with key {}", person.name, key.fingerprint())?;
            summary_line(&status, out)?;
        }
        ScorecardCommand::Na { id, rule, reason, actor: who } => {
            let who = actor(store, who).await?;
            let status = store.mark_rule_na(&who, id, &rule, &reason).await?;
            writeln!(out, "rule {rule} marked not applicable: {}", reason.trim())?;
            summary_line(&status, out)?;
        }
    }
    Ok(())
}

fn verdict_text(v: Verdict) -> String {
    match v {
        Verdict::Ready => "READY".into(),
        Verdict::NotReady => "NOT READY".into(),
    }
}

fn summary_line(s: &ScorecardStatus, out: &mut dyn Write) -> anyhow::Result<()> {
    let c = s.counts;
    write!(
        out,
        "{}: {:.1}/100 (ready at {}) · {} met, {} unmet, {} expired, {} unanswered, {} not applicable",
        verdict_text(s.verdict),
        s.score,
        s.threshold,
        c.met,
        c.unmet,
        c.expired,
        c.unanswered,
        c.na
    )?;
    if !s.critical_unmet.is_empty() {
        write!(out, " · critical not met: {}", s.critical_unmet.join(", "))?;
    }
    writeln!(out)?;
    Ok(())
}

fn show(s: &ScorecardStatus, out: &mut dyn Write) -> anyhow::Result<()> {
    writeln!(
        out,
        "Scorecard {}: {}{}",
        s.id,
        s.name,
        s.environment.as_deref().map(|e| format!(" ({e})")).unwrap_or_default()
    )?;
    summary_line(s, out)?;
    for category in &s.categories {
        let score = category.score.map_or_else(|| "n/a".into(), |v| format!("{v:.1}"));
        writeln!(out, "\n{} — {score}", category.name)?;
        let mut rows = Vec::new();
        for r in &category.rules {
            let state = match r.state {
                RuleState::Met => "met",
                RuleState::Unmet => "UNMET",
                RuleState::Na => "n/a",
                RuleState::Expired => "EXPIRED",
                RuleState::Unanswered => "unanswered",
            };
            rows.push(vec![
                format!("  {}", r.id),
                r.level.as_str().to_string(),
                state.to_string(),
                r.title.clone(),
                r.evidence.clone(),
            ]);
        }
        write!(out, "{}", table(&rows))?;
    }
    Ok(())
}
