//! Webhook delivery against real HTTP receivers on 127.0.0.1 started by the test: one that takes the message, one
//! that fails every time. The run goes on either way; each outcome is kept.

use std::net::TcpListener;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use runsheet_core::{NewRun, Phase, Runbook, RunbookKind, Step, StepAction};
use runsheet_notify::{Notifier, MAX_ATTEMPTS};
use runsheet_store::Store;
use runsheet_testkit::webhook::Receiver;

async fn run_with_a_failed_step(store: &Store) -> i64 {
    let phase =
        Phase { id: None, title: "Cutover".into(), notes: String::new(), steps: vec![Step::task("Smoke test")] };
    let rb = store.create_runbook("Ada", Runbook::new(RunbookKind::Runbook, "Go-live", vec![phase])).await.unwrap();
    let run = store
        .create_run("Ada", NewRun { runbook_id: rb.id, release: "v2.4.0".into(), environment_id: None }, true)
        .await
        .unwrap();
    let step = rb.phases[0].steps[0].id.unwrap();
    store.transition_step("Ada", run.id, step, StepAction::Fail { reason: "503 on /health".into() }).await.unwrap();
    run.id
}

#[tokio::test]
async fn a_failed_step_reaches_the_webhook_as_text_and_blocks_once() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open_dir(dir.path()).await.unwrap();
    let receiver = Receiver::start(200);
    let url = receiver.url.clone();
    let mut notifier = Notifier::new(store.clone(), Some(url), Vec::new());
    assert!(notifier.deliver_pending().await.unwrap().is_empty(), "the first claim starts at the head: no history");

    let run = run_with_a_failed_step(&store).await;
    let sent = notifier.deliver_pending().await.unwrap();
    assert_eq!(sent.len(), 1, "{sent:?}");
    assert!(sent[0].sent && sent[0].attempts == 1, "{sent:?}");
    let body: serde_json::Value = serde_json::from_str(&receiver.bodies()[0]).unwrap();
    let text = body["text"].as_str().unwrap();
    assert!(text.contains("Step “Smoke test” failed") && text.contains("“503 on /health”"), "{text}");
    assert!(text.contains(&format!("run {run} · v2.4.0")), "{text}");
    assert_eq!(body["blocks"][0]["type"], "section");
    assert!(body["blocks"][0]["text"]["text"].as_str().unwrap().starts_with("*Step “Smoke test” failed*"));

    // A second notifier (another process) claims nothing that was claimed already.
    let mut other = Notifier::new(store.clone(), Some("http://127.0.0.1:9/unused".into()), Vec::new());
    assert!(other.deliver_pending().await.unwrap().is_empty());
    assert_eq!(store.list_notifications(Some(run), 10).await.unwrap().len(), 1);
}

#[tokio::test]
async fn a_failing_receiver_is_retried_a_bounded_number_of_times_and_the_failure_is_kept() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open_dir(dir.path()).await.unwrap();
    let receiver = Receiver::start(503);
    let url = receiver.url.clone();
    let mut notifier = Notifier::new(store.clone(), Some(url), Vec::new()).with_backoff(Duration::from_millis(10));
    notifier.deliver_pending().await.unwrap();
    let run = run_with_a_failed_step(&store).await;
    let sent = notifier.deliver_pending().await.unwrap();
    assert_eq!(sent.len(), 1);
    assert!(!sent[0].sent && sent[0].attempts == MAX_ATTEMPTS, "{sent:?}");
    assert!(sent[0].error.contains("503") && sent[0].error.contains("no_service"), "{}", sent[0].error);
    assert_eq!(receiver.bodies().len(), MAX_ATTEMPTS as usize);
    // The run went on: its state is untouched by the failure, which is listed with the run.
    assert!(store.get_run(run).await.unwrap().state.is_open());
    let kept = store.list_notifications(Some(run), 10).await.unwrap();
    assert!(!kept[0].sent && kept[0].text.contains("Smoke test"));
}

#[tokio::test]
async fn nothing_listens_then_the_failure_names_the_unreachable_webhook() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open_dir(dir.path()).await.unwrap();
    let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let mut notifier = Notifier::new(store.clone(), Some(format!("http://127.0.0.1:{port}/hook")), Vec::new())
        .with_backoff(Duration::from_millis(10));
    let err = notifier.send_test().await.unwrap_err().to_string();
    assert!(err.contains("could not be reached"), "{err}");
}

/// Keeps every notice shown, as the app's desktop sink would show it.
struct Kept(Arc<Mutex<Vec<String>>>);

impl runsheet_notify::Sink for Kept {
    fn channel(&self) -> &'static str {
        "desktop"
    }
    fn show(&self, notice: &runsheet_notify::Notice) -> Result<(), String> {
        self.0.lock().unwrap().push(notice.text());
        Ok(())
    }
}

#[tokio::test]
async fn a_gate_ready_for_sign_off_names_the_people_awaited_with_their_chat_handle() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open_dir(dir.path()).await.unwrap();
    for (name, chat) in [("Grace Hopper", Some("@grace")), ("Linus", None)] {
        let new = runsheet_store::NewPerson {
            name: name.into(),
            principal: format!("{}@example.com", name.split(' ').next().unwrap().to_lowercase()),
            roles: vec![if chat.is_some() { "QA Lead".into() } else { "DBA".into() }],
            public_key: None,
        };
        let contact = runsheet_core::ContactDetails { chat: chat.map(String::from), ..Default::default() };
        store.add_person_with_contact("Ada", new, contact).await.unwrap();
    }
    let mut gate = Step::task("Go/no-go");
    gate.kind = runsheet_core::StepKind::Gate;
    gate.gate = Some(
        serde_json::from_value(
            serde_json::json!({"requirements": [{"kind": "sign_off", "roles": ["QA Lead", "DBA"]}]}),
        )
        .unwrap(),
    );
    let phase = Phase { id: None, title: "Cutover".into(), notes: String::new(), steps: vec![gate] };
    let rb = store.create_runbook("Ada", Runbook::new(RunbookKind::Runbook, "Go-live", vec![phase])).await.unwrap();
    let kept = Arc::new(Mutex::new(Vec::new()));
    let mut notifier = Notifier::new(store.clone(), None, vec![Box::new(Kept(kept.clone()))]);
    notifier.deliver_pending().await.unwrap();

    let new = NewRun { runbook_id: rb.id, release: "v2.4.0".into(), environment_id: None };
    let run = store.create_run("Ada", new, true).await.unwrap();
    store.transition_step("Ada", run.id, rb.phases[0].steps[0].id.unwrap(), StepAction::Start).await.unwrap();
    notifier.deliver_pending().await.unwrap();
    let kept = kept.lock().unwrap();
    let ready = kept.iter().find(|t| t.contains("is ready for sign-off")).expect("announced");
    assert!(ready.contains("Waiting on: QA Lead: Grace Hopper (@grace); DBA: Linus."), "{ready}");
}
