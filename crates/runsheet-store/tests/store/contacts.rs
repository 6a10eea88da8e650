//! On-call and escalation contacts on a real file: people's contact details, the default on-call person filled in
//! when a run starts, naming and clearing contacts (each audited in its transaction), and who to call now.

use runsheet_core::{
    ContactDetails, ContactKind, ErrorKind, NewRun, Phase, Runbook, RunbookKind, Step, StepAction, StepKind,
};
use runsheet_store::{NewPerson, Store};

use crate::support::{actions, store, ACTOR};

/// Migrate (DBA), Deploy (DevOps), then a gate owned by the Release Manager asking QA Lead and DBA to sign.
fn plan() -> Runbook {
    let mut migrate = Step::task("Run migrations");
    migrate.owner_role = "DBA".into();
    let mut deploy = Step::task("Deploy");
    deploy.owner_role = "DevOps".into();
    let mut gate = Step::task("Go/no-go");
    gate.kind = StepKind::Gate;
    gate.owner_role = "Release Manager".into();
    gate.gate = Some(
        serde_json::from_value(
            serde_json::json!({"requirements": [{"kind": "sign_off", "roles": ["QA Lead", "DBA"]}]}),
        )
        .unwrap(),
    );
    let phase = Phase { id: None, title: "Cutover".into(), notes: String::new(), steps: vec![migrate, deploy, gate] };
    Runbook::new(RunbookKind::Runbook, "Go-live", vec![phase])
}

async fn add(store: &Store, name: &str, roles: &[&str], chat: Option<&str>) {
    let new = NewPerson {
        name: name.into(),
        principal: format!("{}@example.com", name.to_lowercase()),
        roles: roles.iter().map(|r| r.to_string()).collect(),
        public_key: None,
    };
    let contact = ContactDetails { chat: chat.map(String::from), ..Default::default() };
    store.add_person_with_contact(ACTOR, new, contact).await.unwrap();
}

#[tokio::test]
async fn contact_details_are_checked_naming_the_field_and_audited() {
    let (_dir, store) = store().await;
    add(&store, "Grace", &["QA Lead"], Some("@grace")).await;
    let bad = ContactDetails { email: Some("grace at example".into()), ..Default::default() };
    let err = store.set_person_contact(ACTOR, "grace", bad).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Invalid);
    assert!(err.to_string().starts_with("email: `grace at example` is not an e-mail address"), "{err}");
    let bad = ContactDetails { phone: Some("ext. 42".into()), ..Default::default() };
    assert!(store.set_person_contact(ACTOR, "grace", bad).await.unwrap_err().to_string().starts_with("phone: "));

    let details = ContactDetails {
        phone: Some(" +44 20 7946 0958 ".into()),
        chat: Some("@grace".into()),
        email: Some("grace@example.com".into()),
    };
    let grace = store.set_person_contact(ACTOR, "Grace", details).await.unwrap();
    assert_eq!(grace.contact.phone.as_deref(), Some("+44 20 7946 0958"));
    // Read back from the file, by name or principal.
    let again = store.find_person("grace@example.com").await.unwrap();
    assert_eq!(again.contact, grace.contact);
    assert_eq!(store.list_people().await.unwrap()[0].contact.chat.as_deref(), Some("@grace"));
    let log = actions(&store).await;
    assert_eq!(log, ["person.added", "person.contact_updated", "person.contact_updated"], "refusals record nothing");
    assert!(store.verify_audit().await.unwrap().intact);
}

#[tokio::test]
async fn a_started_run_calls_the_one_holder_of_a_role_and_lists_candidates_for_the_rest() {
    let (_dir, store) = store().await;
    add(&store, "Linus", &["DBA"], Some("@linus")).await;
    add(&store, "Ken", &["DevOps"], None).await;
    add(&store, "Rob", &["DevOps"], None).await;
    add(&store, "Grace", &["QA Lead"], Some("@grace")).await;
    let rb = store.create_runbook(ACTOR, plan()).await.unwrap();
    let new = NewRun { runbook_id: rb.id, release: "v1".into(), environment_id: None };
    let run = store.create_run(ACTOR, new, true).await.unwrap();

    let c = store.run_contacts(run.id).await.unwrap();
    assert_eq!(c.roles, ["DBA", "DevOps", "Release Manager", "QA Lead"]);
    let named: Vec<(&str, &str)> = c.contacts.iter().map(|k| (k.role.as_str(), k.person.name.as_str())).collect();
    assert_eq!(named, [("DBA", "Linus"), ("QA Lead", "Grace")]);
    assert!(c.contacts.iter().all(|k| k.kind == ContactKind::OnCall && k.set_by == ACTOR));
    let unfilled: Vec<(&str, usize)> = c.unfilled.iter().map(|u| (u.role.as_str(), u.candidates.len())).collect();
    assert_eq!(unfilled, [("DevOps", 2), ("Release Manager", 0)]);
    // The first step is Migrate: its DBA is called now.
    assert_eq!(c.call_now.len(), 1);
    assert_eq!(c.call_now[0].contacts[0].person.contact.chat.as_deref(), Some("@linus"));
    let log = actions(&store).await;
    assert_eq!(log[log.len() - 3..], ["run.started", "run.contact_set", "run.contact_set"]);

    // Filling again on demand changes nothing: both covered roles keep their person.
    let again = store.fill_default_contacts(ACTOR, run.id).await.unwrap();
    assert_eq!(again.contacts, c.contacts);
    assert_eq!(actions(&store).await.len(), log.len());
}

#[tokio::test]
async fn contacts_are_named_in_order_cleared_and_called_at_the_gate_that_awaits_them() {
    let (_dir, store) = store().await;
    for (name, roles) in [("Linus", &["DBA"][..]), ("Barbara", &[]), ("Grace", &["QA Lead", "DBA"]), ("Ken", &[])] {
        add(&store, name, roles, None).await;
    }
    let rb = store.create_runbook(ACTOR, plan()).await.unwrap();
    let new = NewRun { runbook_id: rb.id, release: "v2".into(), environment_id: None };
    let run = store.create_run(ACTOR, new, true).await.unwrap();
    let c = store.run_contacts(run.id).await.unwrap();
    assert!(c.contacts.iter().all(|k| k.role == "QA Lead"), "DBA is held by two: nobody chosen: {:?}", c.contacts);
    let dba = c.unfilled.iter().find(|u| u.role == "DBA").unwrap();
    assert_eq!(dba.candidates.iter().map(|p| p.name.as_str()).collect::<Vec<_>>(), ["Grace", "Linus"]);

    store.set_run_contact(ACTOR, run.id, "dba", "Linus", ContactKind::OnCall).await.unwrap();
    store.set_run_contact(ACTOR, run.id, "DBA", "barbara@example.com", ContactKind::Escalation).await.unwrap();
    store.set_run_contact(ACTOR, run.id, "DBA", "Ken", ContactKind::Escalation).await.unwrap();
    let c = store.set_run_contact(ACTOR, run.id, "DBA", "Ken", ContactKind::Escalation).await.unwrap();
    let dba: Vec<(ContactKind, u32, &str)> =
        c.contacts.iter().filter(|k| k.role == "DBA").map(|k| (k.kind, k.order, k.person.name.as_str())).collect();
    use ContactKind::{Escalation, OnCall};
    assert_eq!(dba, [(OnCall, 1, "Linus"), (Escalation, 1, "Barbara"), (Escalation, 2, "Ken")]);

    // Refusals name what is wrong and record nothing.
    let before = actions(&store).await.len();
    let err = store.set_run_contact(ACTOR, run.id, "DBA", "Linus", Escalation).await.unwrap_err();
    assert!(err.to_string().contains("Linus is on call for DBA"), "{err}");
    let err = store.set_run_contact(ACTOR, run.id, "Security", "Ken", OnCall).await.unwrap_err();
    assert_eq!(
        err.to_string(),
        format!("role: run {} has no role `Security` (its roles: DBA, DevOps, Release Manager, QA Lead)", run.id)
    );
    let err = store.set_run_contact(ACTOR, run.id, "DBA", "Nobody", OnCall).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotFound, "{err}");
    let err = store.clear_run_contact(ACTOR, run.id, "DevOps", None).await.unwrap_err();
    assert!(err.to_string().contains("nobody is named for DevOps"), "{err}");
    assert_eq!(actions(&store).await.len(), before);

    // Barbara goes: Ken moves up to first escalation.
    let c = store.clear_run_contact(ACTOR, run.id, "DBA", Some("Barbara")).await.unwrap();
    let ken = c.contacts.iter().find(|k| k.person.name == "Ken").unwrap();
    assert_eq!((ken.kind, ken.order), (Escalation, 1));

    // At the gate: its owner role (nobody named), then the roles it awaits, escalation after on call.
    for step in &run.steps[..2] {
        store.transition_step(ACTOR, run.id, step.step_id, StepAction::Complete).await.unwrap();
    }
    let c = store.run_contacts(run.id).await.unwrap();
    let now: Vec<(&str, Vec<&str>)> = c
        .call_now
        .iter()
        .map(|n| (n.role.as_str(), n.contacts.iter().map(|k| k.person.name.as_str()).collect()))
        .collect();
    assert_eq!(now, [("Release Manager", vec![]), ("QA Lead", vec!["Grace"]), ("DBA", vec!["Linus", "Ken"])]);

    // Clearing a role wholly, then the run ends: contacts can no longer change.
    store.clear_run_contact(ACTOR, run.id, "DBA", None).await.unwrap();
    let log = actions(&store).await;
    let contact_log: Vec<&str> = log.iter().filter(|a| a.starts_with("run.contact")).map(String::as_str).collect();
    assert_eq!(
        contact_log,
        [
            "run.contact_set",
            "run.contact_set",
            "run.contact_set",
            "run.contact_set",
            "run.contact_cleared",
            "run.contact_cleared"
        ]
    );
    store.finish_run(ACTOR, run.id, runsheet_core::RunAction::Abort { reason: "test".into() }).await.unwrap();
    let err = store.set_run_contact(ACTOR, run.id, "DBA", "Linus", OnCall).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Conflict, "{err}");
    assert!(store.run_contacts(run.id).await.unwrap().call_now.is_empty(), "an ended run calls nobody");
    assert!(store.verify_audit().await.unwrap().intact);
}
