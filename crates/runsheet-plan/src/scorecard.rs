//! A readiness checklist read as scorecard rules: headings become categories (mapped to the seven default ones
//! where the words say so, kept as written otherwise), every item beneath becomes a rule, and a heading that names a
//! level ("Critical Priority (Do First)") sets the level of the rules beneath it (medium otherwise).

use runsheet_core::scorecard::{default_category, heading_level, EvidenceSpec, Level, Rule};
use runsheet_core::{ImportedPhase, ImportedPlan};

/// Days an attestation of an imported rule counts for.
pub const IMPORTED_VALID_DAYS: u32 = 90;

/// The category of rules before any heading that names one.
pub const GENERAL: &str = "General";

/// A rule read from a checklist, and whether its item was checked (`[x]`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportedRule {
    /// The rule, its id `R1`, `R2`… in reading order, met by attestation in any role.
    pub rule: Rule,
    /// The item was `[x]`: met, with "checked in the imported plan" as its (unsigned) evidence.
    pub checked: bool,
    /// Its line in the file.
    pub line: u32,
}

/// Every item of the plan as a rule, in reading order.
pub fn scorecard_rules(plan: &ImportedPlan) -> Vec<ImportedRule> {
    let mut out = Vec::new();
    for phase in &plan.phases {
        walk(phase, GENERAL, Level::Medium, &mut out);
    }
    out
}

fn walk(phase: &ImportedPhase, category: &str, level: Level, out: &mut Vec<ImportedRule>) {
    let heading = if phase.title.trim().is_empty() { phase.original_title.trim() } else { phase.title.trim() };
    let level_here = heading_level(heading);
    let category = match (default_category(heading), level_here) {
        (Some(named), _) => named.to_string(),
        // A heading that only names a level keeps the category above it.
        (None, Some(_)) => category.to_string(),
        (None, None) if heading.is_empty() => category.to_string(),
        (None, None) => heading.to_string(),
    };
    let level = level_here.unwrap_or(level);
    for step in &phase.steps {
        let title = step.title.trim();
        if title.is_empty() {
            continue;
        }
        out.push(ImportedRule {
            rule: Rule {
                id: format!("R{}", out.len() + 1),
                title: title.chars().take(300).collect(),
                category: category.clone(),
                level,
                weight: level.default_weight(),
                evidence: EvidenceSpec::Attestation { role: String::new(), valid_days: IMPORTED_VALID_DAYS },
            },
            checked: step.done,
            line: step.line,
        });
    }
    for sub in &phase.phases {
        walk(sub, &category, level, out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_set_categories_and_levels() {
        let text = "# Readiness\n\n## 🔒 Security\n\n### Critical Priority (Do First)\n- [x] TLS everywhere\n- [ ] Rotate secrets\n\n### Nice to have\n- [ ] Security headers\n\n## Monitoring & Observability\n- [ ] Alerts page on-call\n\n## Team readiness\n### High\n- [ ] On-call rota published\n";
        let plan = crate::import_bytes(text.as_bytes(), "ready.md").unwrap();
        let rules = scorecard_rules(&plan);
        let got: Vec<(&str, &str, &str, Level, bool)> = rules
            .iter()
            .map(|r| (r.rule.id.as_str(), r.rule.title.as_str(), r.rule.category.as_str(), r.rule.level, r.checked))
            .collect();
        assert_eq!(
            got,
            [
                ("R1", "TLS everywhere", "Security", Level::Critical, true),
                ("R2", "Rotate secrets", "Security", Level::Critical, false),
                ("R3", "Security headers", "Nice to have", Level::Medium, false),
                ("R4", "Alerts page on-call", "Monitoring", Level::Medium, false),
                ("R5", "On-call rota published", "Team readiness", Level::High, false),
            ]
        );
        assert_eq!(rules[0].rule.weight, 4);
        assert!(rules.iter().all(|r| r.rule.validate().is_ok()));
    }
}
