use std::time::{Duration, Instant};

use runsheet_core::{NewRun, StepAction};
use runsheet_store::ChangeFeed;

use crate::support::{plan, store, ACTOR};

/// How fast the tests look; the app uses the default (a quarter of a second).
const LOOK: Duration = Duration::from_millis(20);

#[tokio::test]
async fn a_change_made_through_another_pool_is_seen_within_a_second() {
    let (dir, store) = store().await;
    let mut watch = store.watch_every(LOOK).await.unwrap();
    assert_eq!(watch.head().audit_head, 0);

    // A second pool on the same workspace is what another process is to the database: other connections.
    let other = dir.open_again().await;
    let started = Instant::now();
    let rb = other.create_runbook(ACTOR, plan()).await.unwrap();
    let change = tokio::time::timeout(Duration::from_secs(1), watch.next_change()).await.expect("seen within 1 s");
    assert_eq!(change.unwrap().audit_head, 1, "runbook.created is event 1");
    assert!(started.elapsed() < Duration::from_secs(1));

    let run = other.create_run(ACTOR, NewRun { runbook_id: rb.id, release: "v1".into(), environment_id: None }, true);
    let run = run.await.unwrap();
    let step = rb.phases[0].steps[0].id.unwrap();
    other.transition_step(ACTOR, run.id, step, StepAction::Complete).await.unwrap();
    let head = store.list_audit(None, None, 1).await.unwrap().events[0].seq;
    let change = tokio::time::timeout(Duration::from_secs(1), watch.next_change()).await.unwrap().unwrap();
    assert_eq!(change.audit_head, head, "changes made between two looks are reported once, with the newest head");
}

#[tokio::test]
async fn the_stores_own_writes_are_seen_too() {
    let (_dir, store) = store().await;
    let mut watch = store.watch_every(LOOK).await.unwrap();
    store.create_runbook(ACTOR, plan()).await.unwrap();
    let change = tokio::time::timeout(Duration::from_secs(1), watch.next_change()).await.unwrap().unwrap();
    assert_eq!(change.audit_head, 1);
}

#[tokio::test]
async fn nothing_is_reported_when_nothing_changed() {
    let (dir, store) = store().await;
    store.create_runbook(ACTOR, plan()).await.unwrap();
    let mut watch = store.watch_every(LOOK).await.unwrap();
    assert_eq!(watch.head().audit_head, 1, "the watch starts at the current head");

    // Reads through either pool are not changes.
    let other = dir.open_again().await;
    other.list_runbooks().await.unwrap();
    store.list_audit(None, None, 10).await.unwrap();
    let quiet = tokio::time::timeout(Duration::from_millis(300), watch.next_change()).await;
    assert!(quiet.is_err(), "no change reported: {quiet:?}");

    // A refused change writes nothing either.
    other.transition_step(ACTOR, 99, 1, StepAction::Complete).await.unwrap_err();
    let quiet = tokio::time::timeout(Duration::from_millis(300), watch.next_change()).await;
    assert!(quiet.is_err(), "no change reported after a refused change: {quiet:?}");
}
