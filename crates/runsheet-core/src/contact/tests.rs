use super::*;
use crate::{Phase, RunState, RunStep, Runbook, RunbookKind, Step, StepState};

fn at() -> DateTime<Utc> {
    "2026-12-01T00:00:00Z".parse().unwrap()
}

/// Deploy (DevOps), Migrate (DBA), a gate owned by the release manager that asks QA Lead and DBA to sign.
fn run(states: [StepState; 3]) -> Run {
    let mut deploy = Step::task("Deploy");
    deploy.owner_role = "DevOps".into();
    let mut migrate = Step::task("Run migrations");
    migrate.owner_role = "DBA".into();
    let mut gate = Step::task("Go/no-go");
    gate.kind = StepKind::Gate;
    gate.owner_role = "Release Manager".into();
    gate.gate = Some(
        serde_json::from_value(
            serde_json::json!({"requirements": [{"kind": "sign_off", "roles": ["QA Lead", "dba"]}]}),
        )
        .unwrap(),
    );
    let steps: Vec<Step> = [deploy, migrate, gate]
        .into_iter()
        .enumerate()
        .map(|(i, mut s)| {
            s.id = Some(i as i64 + 1);
            s
        })
        .collect();
    let snapshot = Runbook::new(
        RunbookKind::Runbook,
        "Cutover",
        vec![Phase { id: None, title: "Night".into(), notes: String::new(), steps }],
    );
    Run {
        id: 9,
        runbook_id: 1,
        release: "v1".into(),
        environment_id: None,
        environment: "production".into(),
        state: RunState::InProgress,
        snapshot,
        steps: states
            .iter()
            .enumerate()
            .map(|(i, s)| RunStep { state: *s, ..RunStep::pending(i as i64 + 1) })
            .collect(),
        created_by: "Ada".into(),
        created_at: at(),
        started_at: Some(at()),
        ended_at: None,
        end_reason: None,
        end_cause: None,
        template: None,
        schedule: None,
        marks: None,
    }
}

fn contact(role: &str, kind: ContactKind, order: u32, name: &str, chat: Option<&str>) -> RunContact {
    RunContact {
        run_id: 9,
        role: role.into(),
        kind,
        order,
        person: ContactPerson {
            name: name.into(),
            principal: format!("{}@example.com", name.to_lowercase()),
            contact: ContactDetails { chat: chat.map(String::from), ..Default::default() },
        },
        set_by: "Ada".into(),
        set_at: at(),
    }
}

fn person(name: &str, roles: &[&str]) -> Person {
    Person {
        id: 1,
        name: name.into(),
        principal: format!("{}@example.com", name.to_lowercase()),
        roles: roles.iter().map(|r| r.to_string()).collect(),
        keys: Vec::new(),
        contact: ContactDetails::default(),
        created_at: at(),
    }
}

#[test]
fn the_current_steps_owner_is_called_on_call_first_then_escalation_in_order() {
    use ContactKind::{Escalation, OnCall};
    let contacts = [
        contact("DBA", Escalation, 2, "Barbara", None),
        contact("dba", OnCall, 1, "Linus", Some("@linus")),
        contact("DBA", Escalation, 1, "Grace", None),
        contact("DevOps", OnCall, 1, "Ken", None),
    ];
    use StepState::{Done, InProgress, Pending};
    let now = who_to_call_now(&contacts, &run([Done, InProgress, Pending]), &[]);
    assert_eq!(now.len(), 1);
    assert_eq!(now[0].why, "owns step 1.2 “Run migrations”");
    let names: Vec<&str> = now[0].contacts.iter().map(|c| c.person.name.as_str()).collect();
    assert_eq!(names, ["Linus", "Grace", "Barbara"]);
    let line = call_now_line(&now).unwrap();
    assert_eq!(line, "Call now: DBA — Linus (@linus), then Grace (escalation), then Barbara (escalation)");

    // Nothing in progress: the first step not settled is the current one.
    let now = who_to_call_now(&contacts, &run([Pending, Pending, Pending]), &[]);
    assert_eq!((now[0].role.as_str(), now[0].contacts.len()), ("DevOps", 1));
}

#[test]
fn a_gate_calls_its_owner_and_the_roles_it_still_awaits_and_names_roles_nobody_covers() {
    let contacts = [contact("QA Lead", ContactKind::OnCall, 1, "Grace", None)];
    use StepState::{Done, Pending};
    let awaited = ["QA Lead".to_string(), "DBA".to_string()];
    let now = who_to_call_now(&contacts, &run([Done, Done, Pending]), &awaited);
    let roles: Vec<(&str, usize)> = now.iter().map(|c| (c.role.as_str(), c.contacts.len())).collect();
    assert_eq!(roles, [("Release Manager", 0), ("QA Lead", 1), ("DBA", 0)]);
    assert_eq!(now[1].why, "gate “Go/no-go” awaits its sign-off");
    let line = call_now_line(&now).unwrap();
    assert!(line.contains("DBA — nobody named"), "{line}");
    // Awaited roles only count at a gate; a closed run calls nobody.
    assert!(who_to_call_now(&contacts, &run([Done, Pending, Pending]), &awaited).iter().all(|c| c.role == "DBA"));
    let mut closed = run([Done, Done, Done]);
    closed.state = RunState::Completed;
    assert!(who_to_call_now(&contacts, &closed, &awaited).is_empty());
    assert_eq!(call_now_line(&[]), None);
}

#[test]
fn a_runs_roles_are_its_owners_and_gate_signers_once_each() {
    let r = run([StepState::Pending; 3]);
    assert_eq!(run_roles(&r), ["DevOps", "DBA", "Release Manager", "QA Lead"]);
    assert_eq!(resolve_role(&r, " qa lead ").unwrap(), "QA Lead");
    let err = resolve_role(&r, "Security").unwrap_err().to_string();
    assert_eq!(err, "role: run 9 has no role `Security` (its roles: DevOps, DBA, Release Manager, QA Lead)");
}

#[test]
fn one_holder_is_on_call_by_default_several_are_candidates() {
    let people = [person("Linus", &["DBA"]), person("Grace", &["QA Lead", "dba"]), person("Ken", &["DevOps"])];
    assert_eq!(default_on_call("devops", &people).unwrap().name, "Ken");
    let several = default_on_call("DBA", &people).unwrap_err();
    assert_eq!(several.iter().map(|p| p.name.as_str()).collect::<Vec<_>>(), ["Linus", "Grace"]);
    assert!(default_on_call("Security", &people).unwrap_err().is_empty());
}

#[test]
fn contact_details_are_trimmed_and_checked_naming_the_field() {
    let d = ContactDetails {
        phone: Some(" +44 (20) 7946-0958 ".into()),
        chat: Some("@grace".into()),
        email: Some("  ".into()),
    }
    .validated()
    .unwrap();
    assert_eq!(d.phone.as_deref(), Some("+44 (20) 7946-0958"));
    assert_eq!(d.email, None, "blank is unknown");
    assert_eq!(d.describe(), "@grace · +44 (20) 7946-0958");
    for (phone, why) in [("call me", "`c` is not allowed"), ("12", "3 to 20 digits"), ("44+1234", "only in front")] {
        let err = validate_phone(phone).unwrap_err().to_string();
        assert!(err.starts_with("phone: ") && err.contains(why), "{phone}: {err}");
    }
    for bad in ["grace", "grace@", "@example.com", "grace@example", "grace hopper@example.com", "a@b@c.d", "g@.com"] {
        let err = validate_email(bad).unwrap_err().to_string();
        assert!(err.starts_with(&format!("email: `{bad}` is not an e-mail address")), "{err}");
    }
    validate_email("grace.hopper+ops@mail.example.com").unwrap();
    assert!(validate_chat("two\nlines").unwrap_err().to_string().starts_with("chat: "));
    assert_eq!(ContactKind::parse("on-call").unwrap(), ContactKind::OnCall);
    assert!(ContactKind::parse("pager").is_err());
}
