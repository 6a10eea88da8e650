use std::path::PathBuf;

use runsheet_plan::{ImportedPhase, ImportedPlan, ImportedStep};

pub fn fixture(name: &str) -> Vec<u8> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

pub fn import(name: &str) -> ImportedPlan {
    runsheet_plan::import_bytes(&fixture(name), name).unwrap()
}

/// Every step with the phase it is in, depth first.
pub fn steps(plan: &ImportedPlan) -> Vec<(&ImportedPhase, &ImportedStep)> {
    plan.all_phases().into_iter().flat_map(|(_, p)| p.steps.iter().map(move |s| (p, s))).collect()
}

pub fn phase<'a>(plan: &'a ImportedPlan, title: &str) -> &'a ImportedPhase {
    plan.all_phases()
        .into_iter()
        .map(|(_, p)| p)
        .find(|p| p.title == title)
        .unwrap_or_else(|| panic!("no phase titled {title:?}"))
}

pub fn step<'a>(plan: &'a ImportedPlan, title: &str) -> &'a ImportedStep {
    steps(plan).into_iter().map(|(_, s)| s).find(|s| s.title == title).unwrap_or_else(|| panic!("no step {title:?}"))
}

/// Task items counted the simple way: lines that start (after indentation) with `- [ ]`, `- [x]` or `* [ ]`.
/// Returns (line, ticked, text after the box).
pub fn task_lines(text: &str) -> Vec<(u32, bool, String)> {
    let mut tasks = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let t = line.trim_start();
        for marker in ["- [ ] ", "- [x] ", "- [X] ", "* [ ] ", "* [x] ", "+ [ ] "] {
            if let Some(rest) = t.strip_prefix(marker) {
                tasks.push((i as u32 + 1, marker.contains('x') || marker.contains('X'), rest.trim().to_string()));
            }
        }
    }
    tasks
}

/// Fenced code blocks counted the simple way: lines starting with ``` open and close them.
pub fn fence_count(text: &str) -> usize {
    let mut open = false;
    let mut count = 0;
    for line in text.lines() {
        if line.trim_start().starts_with("```") {
            if !open {
                count += 1;
            }
            open = !open;
        }
    }
    count
}
