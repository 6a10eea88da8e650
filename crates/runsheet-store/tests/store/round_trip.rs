use runsheet_core::{
    Environment, EnvironmentColour, ErrorKind, Profile, RunbookKind, Step, StepCommand, StepKind, Tier, Variable,
};

use crate::support::{actions, plan, store, ACTOR};

#[tokio::test]
async fn runbook_round_trips_with_every_field() {
    let (_dir, store) = store().await;
    let mut rb = plan();
    rb.description = "Blue-green **go-live**".into();
    rb.phases[0].notes = "Bridge open".into();
    rb.phases[0].steps[0] = Step {
        kind: StepKind::Check,
        owner_role: "DBA".into(),
        planned_at: Some("02:00".into()),
        duration_min: Some(45),
        instructions: "Run `pg_dump`".into(),
        commands: vec![StepCommand { label: "dump".into(), command: "pg_dump -Fc db".into(), language: "bash".into() }],
        ..Step::task("Take backup")
    };
    rb.phases[1].steps[0].planned_offset_min = Some(90);
    let saved = store.create_runbook(ACTOR, rb.clone()).await.unwrap();
    let loaded = store.get_runbook(saved.id).await.unwrap();
    assert_eq!(loaded, saved);
    assert_eq!(loaded.revision, 1);
    assert_eq!(loaded.description, rb.description);
    assert_eq!(loaded.phases[0].notes, "Bridge open");
    let step = &loaded.phases[0].steps[0];
    assert_eq!(step.kind, StepKind::Check);
    assert_eq!(step.owner_role, "DBA");
    assert_eq!(step.planned_at.as_deref(), Some("02:00"));
    assert_eq!(step.duration_min, Some(45));
    assert_eq!(step.commands[0].command, "pg_dump -Fc db");
    assert_eq!(loaded.phases[1].steps[0].planned_offset_min, Some(90));
    assert!(loaded.steps().all(|(_, s)| s.id.is_some()));

    let list = store.list_runbooks().await.unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!((list[0].phase_count, list[0].step_count, list[0].kind), (2, 3, RunbookKind::Runbook));
    assert_eq!(actions(&store).await, ["runbook.created"]);
}

#[tokio::test]
async fn save_reorders_keeps_ids_and_refuses_stale_revisions() {
    let (_dir, store) = store().await;
    let saved = store.create_runbook(ACTOR, plan()).await.unwrap();
    let mut edit = saved.clone();
    edit.phases[0].steps.swap(0, 1);
    edit.phases[0].steps[0].title = "Brief the on-call team".into();
    edit.phases[1].steps.push(Step::task("Watch error rate"));
    edit.phases[0].steps.pop(); // "Take backup" removed
    let after = store.save_runbook(ACTOR, edit.clone()).await.unwrap();
    assert_eq!(after.revision, 2);
    let titles: Vec<&str> = after.steps().map(|(_, s)| s.title.as_str()).collect();
    assert_eq!(titles, ["Brief the on-call team", "Switch traffic", "Watch error rate"]);
    assert_eq!(after.phases[0].steps[0].id, saved.phases[0].steps[1].id, "an edited step keeps its id");

    let page = store.list_audit(None, None, 1).await.unwrap();
    let payload = &page.events[0].payload;
    assert_eq!(
        (payload["steps_added"].as_i64(), payload["steps_changed"].as_i64(), payload["steps_removed"].as_i64()),
        (Some(1), Some(1), Some(1))
    );

    // Saving the old revision again is a conflict, and nothing changes.
    let err = store.save_runbook(ACTOR, edit).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Conflict);
    assert!(err.to_string().contains("revision 2"), "{err}");
    assert_eq!(store.get_runbook(saved.id).await.unwrap(), after);
}

#[tokio::test]
async fn bad_input_names_the_field_and_writes_nothing() {
    let (_dir, store) = store().await;
    let mut rb = plan();
    rb.phases[1].steps[0].title = "   ".into();
    let err = store.create_runbook(ACTOR, rb).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Invalid);
    assert_eq!(err.to_string(), "phases[1].steps[0].title: must not be empty");
    assert!(store.list_runbooks().await.unwrap().is_empty());
    assert!(store.is_empty().await.unwrap());

    let mut other = store.create_runbook(ACTOR, plan()).await.unwrap();
    let foreign = store.create_runbook(ACTOR, plan()).await.unwrap();
    other.phases[0].steps[0].id = foreign.phases[0].steps[0].id;
    let err = store.save_runbook(ACTOR, other).await.unwrap_err();
    assert!(err.to_string().starts_with("phases[0].steps[0].id: step"), "{err}");
}

#[tokio::test]
async fn several_runbooks_are_created_all_or_none() {
    let (_dir, store) = store().await;
    let mut second = plan();
    second.title = "Go-live — follow-up".into();
    let saved = store.create_runbooks(ACTOR, vec![plan(), second]).await.unwrap();
    assert_eq!(saved.len(), 2);
    assert_eq!(store.list_runbooks().await.unwrap().len(), 2);

    // One bad runbook of three: the error names it and its field, and none of the three is saved.
    let mut bad = plan();
    bad.title = "Broken".into();
    bad.phases[0].steps[0].title = String::new();
    let err = store.create_runbooks(ACTOR, vec![plan(), bad, plan()]).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Invalid);
    assert!(err.to_string().contains("runbook \"Broken\": phases[0].steps[0].title"), "{err}");
    assert_eq!(store.list_runbooks().await.unwrap().len(), 2);
    let events = store.list_audit(None, None, 100).await.unwrap().events;
    assert_eq!(events.iter().filter(|e| e.action == "runbook.created").count(), 2);
}

#[tokio::test]
async fn environments_and_profile_round_trip() {
    let (_dir, store) = store().await;
    assert_eq!(store.get_profile().await.unwrap(), None);
    let profile = store
        .save_profile(Profile { name: " Priya ".into(), roles: vec!["Release manager".into(), "".into()] })
        .await
        .unwrap();
    assert_eq!(profile, Profile { name: "Priya".into(), roles: vec!["Release manager".into()] });
    assert_eq!(store.get_profile().await.unwrap(), Some(profile));

    let env = Environment {
        id: 0,
        name: "production-green".into(),
        tier: Tier::Production,
        colour: Some(EnvironmentColour::Green),
        description: "Green half".into(),
        variables: vec![
            Variable { key: "BASE_URL".into(), value: "http://127.0.0.1:8080".into() },
            Variable { key: "REGION".into(), value: "eu-west-1".into() },
        ],
    };
    let saved = store.save_environment(ACTOR, env.clone()).await.unwrap();
    assert_eq!(saved, Environment { id: saved.id, ..env.clone() });
    assert_eq!(store.list_environments().await.unwrap(), vec![saved.clone()]);

    let dup = store.save_environment(ACTOR, env).await.unwrap_err();
    assert_eq!(dup.to_string(), "name: an environment named `production-green` already exists");

    let mut renamed = saved.clone();
    renamed.name = "prod-green".into();
    renamed.variables.remove(0);
    let renamed = store.save_environment(ACTOR, renamed).await.unwrap();
    assert_eq!(store.get_environment(saved.id).await.unwrap(), renamed);
    store.delete_environment(ACTOR, saved.id).await.unwrap();
    assert!(store.get_environment(saved.id).await.unwrap_err().is_not_found());
    assert_eq!(
        actions(&store).await,
        ["profile.updated", "environment.created", "environment.updated", "environment.deleted"]
    );
}

#[tokio::test]
async fn an_import_goes_in_whole_or_not_at_all() {
    let (_dir, store) = store().await;
    let env = Environment {
        id: 0,
        name: "production".into(),
        tier: Tier::Production,
        colour: None,
        description: String::new(),
        variables: vec![],
    };
    let mut broken = plan();
    broken.title = "  ".into();
    let import = runsheet_store::WorkspaceImport {
        environments: vec![env.clone()],
        runbooks: vec![plan(), broken],
        ..Default::default()
    };
    // The second runbook fails after the environment and the first runbook were written: nothing stays.
    let err = store.import_workspace(ACTOR, import).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Invalid, "{err}");
    assert!(store.list_environments().await.unwrap().is_empty(), "the environment was rolled back");
    assert!(store.list_runbooks().await.unwrap().is_empty(), "the first runbook was rolled back");
    assert!(actions(&store).await.is_empty(), "no audit event stayed");

    // The same file without the broken runbook goes in; again, it changes nothing.
    let import =
        runsheet_store::WorkspaceImport { environments: vec![env], runbooks: vec![plan()], ..Default::default() };
    let first = store.import_workspace(ACTOR, import.clone()).await.unwrap();
    assert_eq!(first.count(runsheet_store::ImportAction::Created), 2);
    let again = store.import_workspace(ACTOR, import).await.unwrap();
    assert_eq!(again.count(runsheet_store::ImportAction::Unchanged), 2);
    assert_eq!(actions(&store).await, ["environment.created", "runbook.created"]);
}
