use super::*;

fn t(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

const NOW: &str = "2026-12-01T12:00:00Z";

fn attested(id: &str, level: Level, weight: u32, category: &str) -> Rule {
    Rule {
        id: id.into(),
        title: format!("rule {id}"),
        category: category.into(),
        level,
        weight,
        evidence: EvidenceSpec::Attestation { role: "QA Lead".into(), valid_days: 30 },
    }
}

fn checked(id: &str, level: Level, weight: u32, category: &str) -> Rule {
    Rule {
        evidence: EvidenceSpec::Check { check: "api-health".into(), max_age_min: 60 },
        ..attested(id, level, weight, category)
    }
}

fn attestation(rule: &str, at: &str, days: i64, signed: bool) -> Attestation {
    Attestation {
        id: 1,
        rule_id: rule.into(),
        person: "Ada".into(),
        role: if signed { "QA Lead".into() } else { String::new() },
        note: if signed { "seen it".into() } else { IMPORTED_EVIDENCE.into() },
        at: t(at),
        expires_at: t(at) + Duration::days(days),
        signed,
        key_fingerprint: signed.then(|| "SHA256:abc".into()),
    }
}

fn result(rule: &str, status: CheckStatus, at: &str) -> CheckEvidence {
    CheckEvidence { rule_id: rule.into(), status, at: t(at), message: "ok".into() }
}

fn inputs<'a>(
    rules: &'a [Rule],
    attestations: &'a [Attestation],
    na: &'a [NotApplicable],
    checks: &'a [CheckEvidence],
) -> ScoreInputs<'a> {
    ScoreInputs {
        id: 1,
        name: "Production readiness",
        environment: Some("production"),
        threshold: DEFAULT_THRESHOLD,
        rules,
        attestations,
        not_applicable: na,
        checks,
        now: t(NOW),
    }
}

#[test]
fn weights_make_the_score_and_each_category_its_own() {
    // Security: R1 (weight 3) met, R2 (weight 1) unanswered → 3/4 = 75 %. Data: R3 (weight 4) met → 100 %.
    // Overall: (3 + 4) / (3 + 1 + 4) = 87.5; no critical rule unmet and 87.5 ≥ 85: ready.
    let rules = [
        attested("R1", Level::High, 3, "Security"),
        attested("R2", Level::Low, 1, "Security"),
        attested("R3", Level::Medium, 4, "Data"),
    ];
    let att =
        [attestation("R1", "2026-11-30T10:00:00Z", 30, true), attestation("R3", "2026-11-30T10:00:00Z", 30, false)];
    let s = score(&inputs(&rules, &att, &[], &[]));
    assert_eq!(s.score, 87.5);
    assert_eq!(s.verdict, Verdict::Ready);
    let cats: Vec<(&str, Option<f64>)> = s.categories.iter().map(|c| (c.name.as_str(), c.score)).collect();
    assert_eq!(cats, [("Security", Some(75.0)), ("Data", Some(100.0))]);
    assert_eq!(s.counts, StateCounts { met: 2, unanswered: 1, ..StateCounts::default() });
    let r3 = &s.categories[1].rules[0];
    assert!(!r3.signed && r3.evidence.contains("checked in the imported plan") && r3.evidence.contains("unsigned"));
    assert!(s.categories[0].rules[0].signed);
}

#[test]
fn not_applicable_leaves_the_denominator_and_a_category_of_only_na_has_no_score() {
    // R2 (weight 1) not applicable: Security becomes 3/3 = 100 %; overall (3 + 4) / 7 = 100.
    let rules = [
        attested("R1", Level::High, 3, "Security"),
        attested("R2", Level::Low, 1, "Security"),
        attested("R3", Level::Medium, 4, "Data"),
        attested("R4", Level::Critical, 4, "Compliance"),
    ];
    let att =
        [attestation("R1", "2026-11-30T10:00:00Z", 30, true), attestation("R3", "2026-11-30T10:00:00Z", 30, true)];
    let na = |rule: &str| NotApplicable {
        rule_id: rule.into(),
        reason: "no card data".into(),
        by: "Ada".into(),
        at: t(NOW),
    };
    let marks = [na("R2"), na("R4")];
    let s = score(&inputs(&rules, &att, &marks, &[]));
    assert_eq!(s.score, 100.0);
    assert_eq!(s.categories[0].score, Some(100.0));
    assert_eq!(s.categories[2].score, None, "Compliance holds only a not-applicable rule");
    assert_eq!(s.counts.na, 2);
    assert!(s.critical_unmet.is_empty(), "a critical rule marked not applicable does not cap");
    assert_eq!(s.verdict, Verdict::Ready);
    assert_eq!(s.categories[0].rules[1].state, RuleState::Na);
    assert!(s.categories[0].rules[1].evidence.starts_with("not applicable: no card data"));
}

#[test]
fn an_expired_attestation_counts_as_unmet_and_is_shown_apart() {
    // R1's attestation of 1 Oct for 30 days expired on 31 Oct.
    let rules = [attested("R1", Level::High, 3, "Security"), attested("R2", Level::High, 3, "Security")];
    let att =
        [attestation("R1", "2026-10-01T10:00:00Z", 30, true), attestation("R2", "2026-11-30T10:00:00Z", 30, true)];
    let s = score(&inputs(&rules, &att, &[], &[]));
    assert_eq!(s.categories[0].rules[0].state, RuleState::Expired);
    assert!(s.categories[0].rules[0].evidence.contains("expired 2026-10-31"), "{}", s.categories[0].rules[0].evidence);
    assert_eq!((s.counts.expired, s.counts.met), (1, 1));
    assert_eq!(s.score, 50.0);
    assert_eq!(s.verdict, Verdict::NotReady);
    // The newest attestation counts: a renewal brings it back.
    let mut renewed = attestation("R1", "2026-11-29T10:00:00Z", 30, true);
    renewed.id = 2;
    let att = [att[0].clone(), att[1].clone(), renewed];
    assert_eq!(score(&inputs(&rules, &att, &[], &[])).score, 100.0);
}

#[test]
fn any_critical_rule_unmet_caps_the_verdict_whatever_the_score() {
    // Nine low rules met (weight 1 each) and one critical rule (weight 1 here) unanswered: 90 % but not ready.
    let mut rules: Vec<Rule> = (1..=9).map(|i| attested(&format!("R{i}"), Level::Low, 1, "Infrastructure")).collect();
    rules.push(attested("R10", Level::Critical, 1, "Security"));
    let att: Vec<Attestation> =
        (1..=9).map(|i| attestation(&format!("R{i}"), "2026-11-30T10:00:00Z", 30, true)).collect();
    let s = score(&inputs(&rules, &att, &[], &[]));
    assert_eq!(s.score, 90.0);
    assert_eq!(s.critical_unmet, ["R10"]);
    assert_eq!(s.verdict, Verdict::NotReady);
    // Met, it opens; a score below the threshold alone still keeps it closed.
    let mut all = att.clone();
    all.push(attestation("R10", "2026-11-30T10:00:00Z", 30, true));
    assert_eq!(score(&inputs(&rules, &all, &[], &[])).verdict, Verdict::Ready);
    let mut strict = inputs(&rules, &all, &[], &[]);
    strict.threshold = 95;
    assert_eq!(score(&strict).verdict, Verdict::Ready, "100 % ≥ 95");
    let mut one_short = all.clone();
    one_short.remove(0);
    let mut strict = inputs(&rules, &one_short, &[], &[]);
    strict.threshold = 95;
    let s = score(&strict);
    assert_eq!((s.score, s.verdict), (90.0, Verdict::NotReady), "no critical unmet, but 90 < 95");
}

#[test]
fn a_check_counts_while_fresher_than_its_limit() {
    let rules = [checked("R1", Level::Critical, 4, "Monitoring")];
    // 30 minutes old, limit 60: met.
    let fresh = [result("R1", CheckStatus::Pass, "2026-12-01T11:30:00Z")];
    let s = score(&inputs(&rules, &[], &[], &fresh));
    assert_eq!((s.categories[0].rules[0].state, s.verdict), (RuleState::Met, Verdict::Ready));
    assert!(s.categories[0].rules[0].evidence.starts_with("check api-health passed at 2026-12-01 11:30 UTC"));
    // 61 minutes old: expired, and, critical, it caps the verdict.
    let stale = [result("R1", CheckStatus::Pass, "2026-12-01T10:59:00Z")];
    let s = score(&inputs(&rules, &[], &[], &stale));
    assert_eq!(s.categories[0].rules[0].state, RuleState::Expired);
    assert_eq!(s.critical_unmet, ["R1"]);
    // A fresh failure is unmet; a warning still meets it; no result is unanswered.
    let failed = [result("R1", CheckStatus::Fail, "2026-12-01T11:59:00Z")];
    assert_eq!(score(&inputs(&rules, &[], &[], &failed)).categories[0].rules[0].state, RuleState::Unmet);
    let warned = [result("R1", CheckStatus::Warn, "2026-12-01T11:59:00Z")];
    assert_eq!(score(&inputs(&rules, &[], &[], &warned)).categories[0].rules[0].state, RuleState::Met);
    let s = score(&inputs(&rules, &[], &[], &[]));
    assert_eq!((s.categories[0].rules[0].state, s.score), (RuleState::Unanswered, 0.0));
}

#[test]
fn headings_map_to_the_seven_categories_where_the_words_say_so() {
    assert_eq!(default_category("🔒 Security"), Some("Security"));
    assert_eq!(default_category("Monitoring & Observability"), Some("Monitoring"));
    assert_eq!(default_category("Days 1-2: Infrastructure as Code Setup"), Some("Infrastructure"));
    assert_eq!(default_category("Database & Backups"), Some("Data"));
    assert_eq!(default_category("Third-party integrations"), Some("Integration"));
    assert_eq!(default_category("Load testing"), Some("Performance"));
    assert_eq!(default_category("GDPR and compliance"), Some("Compliance"));
    assert_eq!(default_category("Team readiness"), None);
    assert_eq!(heading_level("Critical Priority (Do First)"), Some(Level::Critical));
    assert_eq!(heading_level("🟠 High priority"), Some(Level::High));
    assert_eq!(heading_level("Low"), Some(Level::Low));
    assert_eq!(heading_level("Security"), None);
}

#[test]
fn rules_are_validated_naming_the_field() {
    let mut r = attested("R1", Level::High, 0, "Security");
    assert_eq!(r.validate().unwrap_err().to_string(), "rules[R1].weight: must be from 1 to 100");
    r.weight = 1;
    r.evidence = EvidenceSpec::Check { check: " ".into(), max_age_min: 5 };
    assert!(r.validate().unwrap_err().to_string().starts_with("rules[R1].evidence.check"));
    assert_eq!(Level::parse("HIGH").unwrap(), Level::High);
    assert!(Level::parse("urgent").unwrap_err().to_string().starts_with("level:"));
}
