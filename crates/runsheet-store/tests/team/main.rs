//! A team workspace on a real PostgreSQL server started by the tests: members act as the person their login is
//! mapped to, whatever name the client sends; the audit trail is append-only by the server's privileges, even with
//! its triggers disabled; a login mapped to no one changes nothing; only admins add people.

use runsheet_core::{Phase, Profile, Runbook, RunbookKind, Step};
use runsheet_store::{MemberPerson, NewMember, NewPerson, Store};
use runsheet_testkit::postgres::{server, Postgres};

const GRACE_PASSWORD: &str = "grace-has-a-long-password";

fn plan() -> Runbook {
    let phase = Phase { id: None, title: "Cutover".into(), notes: String::new(), steps: vec![Step::task("Switch")] };
    Runbook::new(RunbookKind::Runbook, "Go-live", vec![phase])
}

/// A fresh team workspace set up by its owner (the server's superuser), with Grace as a member (QA Lead).
async fn workspace() -> (&'static Postgres, String, Store) {
    let server = server();
    let database = server.create_database("team").unwrap();
    let owner = Store::connect(&server.url(&database)).await.unwrap();
    assert!(owner.identity().is_none(), "the owner is not a member");
    let roles = owner.init_team().await.unwrap();
    assert_eq!(roles.member, format!("{database}_member"));
    // Running it again changes nothing and fails nothing.
    owner.init_team().await.unwrap();
    let grace = owner
        .add_member(
            "Owner",
            NewMember {
                login: format!("grace_{database}"),
                password: GRACE_PASSWORD.into(),
                person: MemberPerson::New(NewPerson {
                    name: "Grace Hopper".into(),
                    principal: "grace@example.test".into(),
                    roles: vec!["QA Lead".into()],
                    public_key: None,
                }),
                admin: false,
            },
        )
        .await
        .unwrap();
    assert_eq!(grace.person.name, "Grace Hopper");
    (server, database, owner)
}

async fn as_grace(server: &Postgres, database: &str) -> Store {
    Store::connect(&server.url_with(&format!("grace_{database}"), GRACE_PASSWORD, database)).await.unwrap()
}

#[tokio::test]
async fn a_member_acts_as_their_person_whatever_name_the_client_sends() {
    let (server, database, owner) = workspace().await;
    let grace = as_grace(server, &database).await;
    let identity = grace.identity().expect("Grace's login is a member");
    assert_eq!(identity.person.name, "Grace Hopper");
    assert_eq!(
        grace.get_profile().await.unwrap(),
        Some(Profile { name: "Grace Hopper".into(), roles: vec!["QA Lead".into()] })
    );

    // The client says it is Mallory; the change is Grace's.
    grace.create_runbook("Mallory", plan()).await.unwrap();
    let newest = owner.list_audit(None, None, 1).await.unwrap().events.remove(0);
    assert_eq!((newest.action.as_str(), newest.actor.as_str()), ("runbook.created", "Grace Hopper"));

    // Her profile is her login's: it cannot be renamed from the client.
    let err = grace.save_profile(Profile { name: "Ada".into(), roles: vec![] }).await.unwrap_err();
    assert_eq!(err.kind(), runsheet_core::ErrorKind::Refused, "{err}");

    // A client that goes around the store and appends an event in someone else's name is refused by the server.
    let pool =
        sqlx::PgPool::connect(&server.url_with(&format!("grace_{database}"), GRACE_PASSWORD, &database)).await.unwrap();
    let forged = sqlx::query(
        "INSERT INTO audit_events (seq, at, actor, action, subject, payload, prev_hash, hash)
         VALUES (1000, 'now', 'Ada Lovelace', 'runbook.created', 'x', '{}', 'x', 'x')",
    )
    .execute(&pool)
    .await
    .unwrap_err();
    assert!(forged.to_string().contains("cannot record a change by Ada Lovelace"), "{forged}");
    assert!(owner.verify_audit().await.unwrap().intact);
}

#[tokio::test]
async fn members_cannot_rewrite_the_audit_trail_even_with_its_triggers_disabled() {
    let (server, database, owner) = workspace().await;
    owner.create_runbook("Owner", plan()).await.unwrap();
    server.psql(&database, "ALTER TABLE audit_events DISABLE TRIGGER USER").unwrap();
    let pool =
        sqlx::PgPool::connect(&server.url_with(&format!("grace_{database}"), GRACE_PASSWORD, &database)).await.unwrap();
    for sql in ["UPDATE audit_events SET actor = 'Mallory'", "DELETE FROM audit_events", "TRUNCATE audit_events"] {
        let err = sqlx::query(sql).execute(&pool).await.unwrap_err();
        let code = err.as_database_error().and_then(|e| e.code()).map(|c| c.to_string());
        assert_eq!(code.as_deref(), Some("42501"), "{sql}: {err}");
    }
    let report = owner.verify_audit().await.unwrap();
    assert!(report.intact && report.verified >= 3, "{report:?}");
}

#[tokio::test]
async fn a_login_mapped_to_no_one_changes_nothing() {
    let (server, database, owner) = workspace().await;
    let stray = format!("stray_{database}");
    server
        .psql(&database, &format!("CREATE ROLE {stray} LOGIN PASSWORD 'stray-password-long' IN ROLE {database}_member"))
        .unwrap();
    let store = Store::connect(&server.url_with(&stray, "stray-password-long", &database)).await.unwrap();
    assert!(store.identity().is_none());
    let err = store.create_runbook("Ada Lovelace", plan()).await.unwrap_err();
    assert!(err.to_string().contains("not mapped to a person"), "{err}");
    assert_eq!(err.kind(), runsheet_core::ErrorKind::Refused);
    assert!(owner.list_runbooks().await.unwrap().is_empty(), "nothing was written");
}

#[tokio::test]
async fn only_admins_add_people_and_members() {
    let (server, database, owner) = workspace().await;
    let grace = as_grace(server, &database).await;
    let linus = NewPerson {
        name: "Linus".into(),
        principal: "linus@example.test".into(),
        roles: vec!["Engineering Lead".into()],
        public_key: None,
    };
    let err = grace.add_person("Grace Hopper", linus.clone()).await.unwrap_err();
    assert_eq!(err.kind(), runsheet_core::ErrorKind::Refused, "{err}");

    // An admin may.
    owner
        .add_member(
            "Owner",
            NewMember {
                login: format!("ada_{database}"),
                password: "ada-has-a-long-password".into(),
                person: MemberPerson::New(NewPerson {
                    name: "Ada Lovelace".into(),
                    principal: "ada@example.test".into(),
                    roles: vec!["Release Manager".into()],
                    public_key: None,
                }),
                admin: true,
            },
        )
        .await
        .unwrap();
    let ada = Store::connect(&server.url_with(&format!("ada_{database}"), "ada-has-a-long-password", &database))
        .await
        .unwrap();
    assert!(ada.identity().unwrap().admin);
    let added = ada.add_person("whoever", linus).await.unwrap();
    assert_eq!(added.name, "Linus");
    let newest = owner.list_audit(None, None, 1).await.unwrap().events.remove(0);
    assert_eq!((newest.action.as_str(), newest.actor.as_str()), ("person.added", "Ada Lovelace"));

    // A weak password or a bad login is refused before anything reaches the server.
    let weak = NewMember {
        login: "Bad Login".into(),
        password: "short".into(),
        person: MemberPerson::Existing("linus@example.test".into()),
        admin: false,
    };
    let err = owner.add_member("Owner", weak).await.unwrap_err();
    assert_eq!(err.kind(), runsheet_core::ErrorKind::Invalid, "{err}");
}

#[tokio::test]
async fn a_workspace_file_has_no_members() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open_dir(dir.path()).await.unwrap();
    let err = store.init_team().await.unwrap_err();
    assert!(err.to_string().contains("needs a team workspace"), "{err}");
}

#[tokio::test]
async fn concurrent_writers_on_separate_connections_lose_nothing_and_never_fork_the_chain() {
    use runsheet_core::{ErrorKind, NewRun, StepAction};
    let (server, database, owner) = workspace().await;
    let steps: Vec<Step> = (0..40).map(|i| Step::task(format!("Step {i}"))).collect();
    let phase = Phase { id: None, title: "Cutover".into(), notes: String::new(), steps };
    let rb = owner.create_runbook("Owner", Runbook::new(RunbookKind::Runbook, "Big", vec![phase])).await.unwrap();
    let run = owner
        .create_run("Owner", NewRun { runbook_id: rb.id, release: "v1".into(), environment_id: None }, true)
        .await
        .unwrap();
    let ids: Vec<i64> = rb.phases[0].steps.iter().map(|s| s.id.unwrap()).collect();
    let before = owner.list_audit(None, None, 1).await.unwrap().total;

    // Eight clients, each on its own pool, tick five steps each; and all eight race to tick step 0 first.
    let url = server.url(&database);
    let mut clients = Vec::new();
    for c in 0..8 {
        let store = Store::connect(&url).await.unwrap();
        let mine: Vec<i64> = ids[1..].iter().skip(c).step_by(8).copied().collect();
        let (first, run_id) = (ids[0], run.id);
        clients.push(tokio::spawn(async move {
            let raced = store.transition_step("Client", run_id, first, StepAction::Complete).await;
            for step in mine {
                store.transition_step("Client", run_id, step, StepAction::Complete).await.unwrap();
            }
            raced.map_err(|e| e.kind())
        }));
    }
    let mut won = 0;
    for client in clients {
        match client.await.unwrap() {
            Ok(_) => won += 1,
            Err(kind) => assert_eq!(kind, ErrorKind::Conflict),
        }
    }
    assert_eq!(won, 1, "exactly one client ticks the step everyone raced for");
    let after = owner.list_audit(None, None, 1).await.unwrap().total;
    assert_eq!(after - before, 40, "one event per step ticked: none lost, none duplicated");
    let shown = owner.get_run(run.id).await.unwrap();
    assert!(shown.steps.iter().all(|s| s.state == runsheet_core::StepState::Done));
    let report = owner.verify_audit().await.unwrap();
    assert!(report.intact, "{report:?}");
}

#[tokio::test]
async fn a_server_stopped_mid_stream_keeps_every_acknowledged_change_and_a_watcher_catches_up() {
    use runsheet_core::{ErrorKind, NewRun, StepAction};
    use runsheet_store::ChangeFeed;
    let server = Postgres::start_own("postgres-fault").unwrap();
    server.psql("postgres", "CREATE DATABASE fault").unwrap();
    let url = server.url("fault");
    let store = Store::connect(&url).await.unwrap();
    let steps: Vec<Step> = (0..60).map(|i| Step::task(format!("Step {i}"))).collect();
    let phase = Phase { id: None, title: "Cutover".into(), notes: String::new(), steps };
    let rb = store.create_runbook("Ada", Runbook::new(RunbookKind::Runbook, "Long", vec![phase])).await.unwrap();
    let run = store
        .create_run("Ada", NewRun { runbook_id: rb.id, release: "v1".into(), environment_id: None }, true)
        .await
        .unwrap();
    let watcher = Store::connect(&url).await.unwrap();
    let mut watch = watcher.watch().await.unwrap();

    // A stream of transitions; the server is stopped after the 20th is acknowledged and started again a second later.
    let ids: Vec<i64> = rb.phases[0].steps.iter().map(|s| s.id.unwrap()).collect();
    let (acked_tx, mut acked_rx) = tokio::sync::mpsc::unbounded_channel();
    let writer = {
        let store = store.clone();
        let run_id = run.id;
        tokio::spawn(async move {
            let mut refused_while_down = 0;
            for step in ids {
                loop {
                    match store.transition_step("Ada", run_id, step, StepAction::Complete).await {
                        Ok(_) => break,
                        // Committed, but the answer was lost with the connection: the retry finds it done.
                        Err(e) if e.kind() == ErrorKind::Conflict => break,
                        Err(_) => {
                            refused_while_down += 1;
                            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
                        }
                    }
                }
                acked_tx.send(step).unwrap();
            }
            refused_while_down
        })
    };
    for _ in 0..20 {
        acked_rx.recv().await.unwrap();
    }
    server.stop().unwrap();
    tokio::time::sleep(std::time::Duration::from_secs(1)).await;
    server.restart().unwrap();
    let refused = writer.await.unwrap();
    let mut acked = 20;
    while acked_rx.recv().await.is_some() {
        acked += 1;
    }
    assert_eq!(acked, 60);
    eprintln!("transitions refused while the server was down, then retried: {refused}");

    // Every acknowledged transition is there, once; the chain verifies.
    let shown = store.get_run(run.id).await.unwrap();
    assert!(shown.steps.iter().all(|s| s.state == runsheet_core::StepState::Done), "{:?}", shown.steps);
    let events = store.list_audit(None, None, 1).await.unwrap();
    assert_eq!(events.total, 1 + 2 + 60, "runbook.created, run.created and run.started, and one per step");
    assert!(store.verify_audit().await.unwrap().intact);

    // The watcher, whose connection was cut too, reconnects and reports the head as it is now.
    let head = events.events[0].seq;
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(15);
    while watch.head().audit_head < head {
        let left = deadline.saturating_duration_since(std::time::Instant::now());
        let change = tokio::time::timeout(left, watch.next_change()).await.expect("the watcher caught up");
        // A watcher that looked while the server was away says so once, then waits for it.
        if let Err(e) = change {
            assert!(e.to_string().contains("does not answer"), "{e}");
        }
    }
    assert_eq!(watch.head().audit_head, head);
    server.stop().unwrap();
}
