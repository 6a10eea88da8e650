//! The demo workspace: a finished blue-green run whose cutover gate was passed by signed sign-offs (one of them
//! answered by request file) and a GO, beside the run in progress, all without a keyring.

use runsheet_core::demo::{CUTOVER_ROLES, DEMO_FINISHED_RELEASE, DEMO_RELEASE, GO_REASON, RELEASE_MANAGER};
use runsheet_core::{Decision, GoNoGo, RequirementState, RunState, SignOffState, StepState};

use crate::support::store;

#[tokio::test]
async fn the_demo_finished_run_passed_its_gate_on_three_signed_sign_offs_and_a_go() {
    let (dir, store) = store().await;
    let demo = store.create_demo().await.unwrap();

    let finished = &demo.finished_run;
    assert_eq!((finished.state, finished.release.as_str()), (RunState::Completed, DEMO_FINISHED_RELEASE));
    assert_eq!(finished.environment, "production-green");
    assert_eq!(finished.created_by, RELEASE_MANAGER);
    assert!(finished.steps.iter().all(|s| s.state == StepState::Done), "every step done");

    let gates = store.gate_status(finished.id, None).await.unwrap();
    assert_eq!(gates.len(), 1, "{gates:?}");
    let gate = &gates[0];
    assert!(gate.passed && gate.open);
    let sign_off_req = gate.requirements.iter().find(|r| r.kind == "sign_off").unwrap();
    assert_eq!(sign_off_req.state, RequirementState::Met, "{sign_off_req:?}");
    let board = gate.requirements.iter().find(|r| r.kind == "go_no_go").unwrap();
    assert_eq!(board.state, RequirementState::Met);
    assert_eq!(board.detail, format!("GO recorded by {RELEASE_MANAGER}: “{GO_REASON}”"));
    assert!(gate.requirements.iter().any(|r| r.kind == "checks" && r.observe_only));

    // The board as recorded: every criterion marked by the release manager, GO recorded once.
    let board = store.gate_board(finished.id, gate.step_id).await.unwrap().expect("a board");
    assert_eq!(board.decided_by, "Release Manager");
    assert_eq!(board.criteria.len(), 10);
    for c in &board.criteria {
        let mark = c.mark.as_ref().unwrap_or_else(|| panic!("criterion {} is marked", c.number));
        assert_eq!((mark.holds, c.no_go), (!c.no_go, c.number > 5), "GO criteria hold, NO-GO criteria do not");
        assert_eq!(mark.by, RELEASE_MANAGER);
    }
    assert_eq!(board.decisions.len(), 1);
    assert_eq!((board.decisions[0].decision, board.decisions[0].reason.as_str()), (GoNoGo::Go, GO_REASON));
    let first_gate = finished.snapshot.phases[0].steps[0].id.unwrap();
    assert_eq!(store.gate_board(finished.id, first_gate).await.unwrap(), None, "a gate without a board");

    let sign_offs = store.list_sign_offs(finished.id).await.unwrap();
    assert_eq!(sign_offs.len(), 3, "{sign_offs:?}");
    let mut roles: Vec<&str> = sign_offs.iter().map(|s| s.role.as_str()).collect();
    roles.sort_unstable();
    let mut wanted = CUTOVER_ROLES.to_vec();
    wanted.sort_unstable();
    assert_eq!(roles, wanted);
    assert!(sign_offs
        .iter()
        .all(|s| s.signature_valid && s.state == SignOffState::Active && s.step_id == gate.step_id));
    assert!(sign_offs.iter().all(|s| s.person != RELEASE_MANAGER), "the run's starter signs nothing");
    let mut people: Vec<&str> = sign_offs.iter().map(|s| s.principal.as_str()).collect();
    people.sort_unstable();
    people.dedup();
    assert_eq!(people.len(), 3, "three people");
    assert_eq!(sign_offs.iter().filter(|s| s.request_nonce.is_some()).count(), 1, "one answered by request file");
    assert!(sign_offs.iter().any(|s| s.decision == Decision::ApproveWithConditions));

    // The directory: the release manager without a key, each signer with the public key that signed.
    let directory = store.list_people().await.unwrap();
    assert_eq!(directory.len(), 4);
    for s in &sign_offs {
        let person = directory.iter().find(|p| p.principal == s.principal).unwrap();
        assert_eq!(person.keys.len(), 1);
        assert_eq!(person.keys[0].fingerprint, s.key_fingerprint);
        assert!(person.holds(&s.role));
    }
    assert!(directory.iter().find(|p| p.name == RELEASE_MANAGER).unwrap().keys.is_empty());

    // The run in progress is the newest, listed first; its gate with requirements is still ahead.
    let runs = store.list_runs(None).await.unwrap();
    assert_eq!(runs.iter().map(|r| r.id).collect::<Vec<_>>(), [demo.run.id, demo.canary_run.id, finished.id]);
    assert_eq!((demo.run.state, demo.run.release.as_str()), (RunState::InProgress, DEMO_RELEASE));
    let ahead = store.gate_status(demo.run.id, None).await.unwrap();
    assert!(ahead.iter().all(|g| !g.passed), "{ahead:?}");
    assert!(store.list_sign_offs(demo.run.id).await.unwrap().is_empty());

    let report = store.verify_audit().await.unwrap();
    assert!(report.intact, "{report:?}");
    assert_eq!(report.sign_offs_verified, 3);

    // The private keys were thrown away: nothing in the workspace holds one.
    store.close().await;
    for entry in std::fs::read_dir(dir.path()).unwrap() {
        let path = entry.unwrap().path();
        if path.is_file() {
            let bytes = std::fs::read(&path).unwrap();
            assert!(!bytes.windows(11).any(|w| w == b"PRIVATE KEY"), "{} holds a private key", path.display());
        }
    }
}

#[tokio::test]
async fn the_demo_added_twice_signs_again_with_new_keys_beside_the_old() {
    let (_dir, store) = store().await;
    store.create_demo().await.unwrap();
    let second = store.create_demo().await.unwrap();
    let sign_offs = store.list_sign_offs(second.finished_run.id).await.unwrap();
    assert_eq!(sign_offs.len(), 3);
    assert!(sign_offs.iter().all(|s| s.signature_valid));
    let directory = store.list_people().await.unwrap();
    assert_eq!(directory.len(), 4, "the same people, not new ones");
    assert!(directory.iter().filter(|p| !p.keys.is_empty()).all(|p| p.keys.len() == 2));
    let report = store.verify_audit().await.unwrap();
    assert!(report.intact, "{report:?}");
    assert_eq!(report.sign_offs_verified, 6);
}
