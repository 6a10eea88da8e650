//! Golden outlines: each real plan imported and saved as the runbooks a release manager would walk, written out as
//! text in `tests/golden/` and reviewed like code. `RUNSHEET_UPDATE_GOLDEN=1` rewrites them after a deliberate
//! change; the diff is then the review.

use std::fmt::Write;
use std::path::PathBuf;

use runsheet_core::Runbook;
use runsheet_plan::{to_runbooks, ImportedPlan};

use crate::support::import;

#[test]
fn swipesavvy_imports_as_its_go_live_night() {
    golden("swipesavvy-rollout-plan.md", "swipesavvy.txt");
}

#[test]
fn aangan_imports_as_its_deployment_day() {
    golden("aangan-production-readiness.md", "aangan.txt");
}

fn golden(fixture: &str, name: &str) {
    let plan = import(fixture);
    let runbooks = to_runbooks(&plan);
    for r in &runbooks {
        r.clone().validate().unwrap_or_else(|e| panic!("{}: {e}", r.title));
    }
    let text = outline(&plan, &runbooks);
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/golden").join(name);
    if std::env::var_os("RUNSHEET_UPDATE_GOLDEN").is_some() {
        std::fs::write(&path, &text).unwrap();
        return;
    }
    let want = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    if want != text {
        let diff: Vec<String> = want
            .lines()
            .zip(text.lines())
            .enumerate()
            .filter(|(_, (a, b))| a != b)
            .take(5)
            .map(|(i, (a, b))| format!("line {}:\n  want {a}\n  got  {b}", i + 1))
            .collect();
        panic!(
            "{} differs from the import ({} lines want, {} got):\n{}\nRUNSHEET_UPDATE_GOLDEN=1 rewrites it.",
            path.display(),
            want.lines().count(),
            text.lines().count(),
            diff.join("\n")
        );
    }
}

/// The proposal for every section, then each runbook: phases, steps with owner, time and duration, gates, the
/// rollback plan, and the headings of its description.
fn outline(plan: &ImportedPlan, runbooks: &[Runbook]) -> String {
    let mut out = String::new();
    writeln!(out, "# Proposal").unwrap();
    for (depth, p) in plan.all_phases() {
        let why = if p.why.is_empty() { String::new() } else { format!(" — {}", p.why) };
        let time = match (p.duration_min, p.starts.as_deref()) {
            (Some(d), Some(s)) => format!(" ({d} min, starts {s})"),
            (Some(d), None) => format!(" ({d} min)"),
            (None, Some(s)) => format!(" (starts {s})"),
            _ => String::new(),
        };
        writeln!(out, "{}L{} {:?}: {}{time}{why}", "  ".repeat(depth), p.line, p.use_as, p.title).unwrap();
    }
    if let Some(w) = &plan.window {
        writeln!(out, "Window: {}–{} {} ({}), line {}", w.start, w.end, w.zone, w.day, w.line).unwrap();
    }
    for r in runbooks {
        let minutes: u32 = r.phases.iter().flat_map(|p| &p.steps).filter_map(|s| s.duration_min).sum();
        writeln!(out, "\n# {} — {} steps, {} min planned", r.title, r.step_count(), minutes).unwrap();
        for (n, phase) in r.phases.iter().enumerate() {
            writeln!(out, "{}. {}", n + 1, phase.title).unwrap();
            for (m, s) in phase.steps.iter().enumerate() {
                let mut meta = Vec::new();
                if s.kind != runsheet_core::StepKind::Task {
                    meta.push(format!("{:?}", s.kind).to_lowercase());
                }
                if !s.owner_role.is_empty() {
                    meta.push(s.owner_role.clone());
                }
                if let Some(at) = &s.planned_at {
                    meta.push(at.clone());
                }
                if let Some(off) = s.planned_offset_min {
                    meta.push(format!("T{off:+}"));
                }
                if let Some(d) = s.duration_min {
                    meta.push(format!("{d} min"));
                }
                if !s.commands.is_empty() {
                    meta.push(format!("{} cmd", s.commands.len()));
                }
                let meta = if meta.is_empty() { String::new() } else { format!(" [{}]", meta.join(", ")) };
                writeln!(out, "   {}.{} {}{meta}", n + 1, m + 1, s.title).unwrap();
            }
        }
        if let Some(rollback) = &r.rollback {
            for level in &rollback.levels {
                writeln!(out, "Rollback level {} ({} min): {}", level.level, level.expected_min, level.title).unwrap();
                for s in &level.steps {
                    writeln!(out, "   - {s}").unwrap();
                }
            }
        }
        let notes: Vec<&str> = r.description.lines().filter_map(|l| l.strip_prefix("## ")).collect();
        writeln!(out, "Notes: {}", notes.join(" | ")).unwrap();
    }
    out
}
