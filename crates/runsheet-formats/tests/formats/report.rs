//! Run reports from real workspaces: content, escaping, self-containment, optional sections, approvals.

use chrono::{Duration, Utc};
use runsheet_core::demo::{CUTOVER_GATE, RELEASE_MANAGER};
use runsheet_core::{CheckKind, CheckResult, CheckStatus, Decision, NewRun, SignOffState, StepAction};
use runsheet_formats::report::{self, DecisionRecord, ReportData, RollbackRecord, SignOffRecord};
use runsheet_signoff::SigningKey;
use runsheet_store::{NewPerson, Store};

use crate::support::store;

/// The demo workspace's finished run (completed, its cutover gate passed by three signed sign-offs and a GO), with
/// a note of hostile Markdown added to its last step.
async fn finished_demo() -> (Store, tempfile::TempDir, i64) {
    let (store, dir) = store().await;
    let run = store.create_demo().await.unwrap().finished_run;
    let last = run.steps.last().unwrap().step_id;
    store
        .add_step_note(
            "Ada",
            run.id,
            last,
            "Sign-off **done** <script>alert(2)</script> <img src=\"https://evil.example/x.png\"> ![pixel](https://evil.example/p.png) a|b",
        )
        .await
        .unwrap();
    (store, dir, run.id)
}

/// Every raw `<` in the output starts a real tag (text is escaped), so checking the tags and the style sheet is
/// enough to prove that nothing is loaded: no scripts, frames, images, style sheets or fonts, no URL in any tag.
fn assert_self_contained(html: &str) {
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        let end = rest[start..].find('>').map_or(rest.len(), |e| start + e + 1);
        let tag = rest[start..end].to_ascii_lowercase();
        for bad in ["<script", "<link", "<img", "<iframe", "<object", "<embed", "<video", "<audio", "<source"] {
            assert!(!tag.starts_with(bad), "the report has a loading tag: {tag}");
        }
        for bad in ["src=", "http:", "https:", "//", "url("] {
            assert!(!tag.contains(bad) || tag.starts_with("<!doctype"), "the report has `{bad}` in a tag: {tag}");
        }
        rest = &rest[end..];
    }
    let style = &html[html.find("<style>").unwrap()..html.find("</style>").unwrap()];
    for bad in ["url(", "@import", "@font-face", "http"] {
        assert!(!style.contains(bad), "the style sheet has `{bad}`");
    }
}

#[tokio::test]
async fn html_report_of_a_finished_run_is_complete_and_self_contained() {
    let (store, _dir, run_id) = finished_demo().await;
    let data = report::load_report_data(&store, run_id, Some("Ada".into())).await.unwrap();
    let events = data.audit.run_events.len();
    assert!(events > 10);
    let html = report::to_html(&report::build(&data)).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.contains("Blue-green go-live: SwipeSavvy v1.2 — v1.1.0"));
    assert!(html.contains("production-green"));
    assert!(html.contains(">completed<"));
    assert!(html.contains("The whole audit trail verified"));
    assert!(html.contains("and the workspace's 3 sign-off signatures verified"), "sign-offs checked with the chain");
    assert!(html.contains(&data.audit.verify.head_hash));
    assert_eq!(html.matches("<td class=\"payload\">").count(), events);
    assert!(html.contains("@media print") && html.contains("break-before: page"));
    assert!(!html.contains("Not recorded for this run."), "every section is filled");
    // The cutover gate as evaluated: passed, with its observe-only requirement shown as such.
    assert!(html.contains("<h4>4.1 Go &#x2f; no-go for cutover <span class=\"badge ok\">passed</span></h4>"), "{html}");
    assert!(html.contains("observe-only: recorded, never blocks"));
    assert!(html.contains("would have blocked: green-error-rate failed"));
    assert!(html.contains("green-api-health"), "the check evidence the gate opened on");
    // The board: its criteria as marked, and the GO.
    assert!(html.contains("Criteria of 4.1 Go &#x2f; no-go for cutover"));
    assert_eq!(html.matches("<span class=\"badge ok\">holds</span>").count(), 5);
    assert_eq!(html.matches("<span class=\"badge ok\">clear</span>").count(), 5);
    assert!(html.contains("<span class=\"badge ok\">GO</span>"));
    assert!(html.contains(RELEASE_MANAGER));
    // Each sign-off: role, decision, comment, time, key fingerprint and its verified signature.
    let sign_offs = data.sign_offs.as_ref().unwrap();
    assert_eq!(sign_offs.len(), 3);
    assert_eq!(html.matches(">signature verified<").count(), 3);
    for s in sign_offs {
        // minijinja escapes `/`, which a base64 fingerprint may hold.
        assert!(html.contains(&s.key_fingerprint.replace('/', "&#x2f;")), "fingerprint of {}", s.name);
        assert!(html.contains(&format!("<td>{}</td>", s.role)));
        assert!(html.contains(&s.name) && html.contains(&s.principal));
    }
    assert!(html.contains("<span class=\"badge warn\">approve with conditions</span>"));
    assert_eq!(html.matches("remote: answered a request file").count(), 1);
    assert!(html.contains("runsheet signoff export 1 --out DIR"));
    // Markdown in notes rendered, then sanitised.
    assert!(html.contains("Sign-off <strong>done</strong>"));
    assert_self_contained(&html);
}

/// The demo's run in progress, its cutover gate signed by people whose names and comments are hostile: a
/// rejection withdrawn by its signer, one overridden by a VP Engineering, and an approval that counts.
#[tokio::test]
async fn hostile_sign_off_comments_are_escaped_and_lifted_sign_offs_shown_as_such() {
    let (store, _dir) = store().await;
    let run = store.create_demo().await.unwrap().run;
    let gate = run.snapshot.steps().find(|(_, s)| s.title == CUTOVER_GATE).and_then(|(_, s)| s.id).unwrap();
    let add = |name: &str, principal: &str, role: &str| {
        let key = SigningKey::generate(name).unwrap();
        let new = NewPerson {
            name: name.into(),
            principal: principal.into(),
            roles: vec![role.into()],
            public_key: Some(key.public_key()),
        };
        let store = &store;
        async move { (store.add_person("Ada", new).await.unwrap(), key) }
    };
    let (eve, eve_key) = add("Eve <img src=x onerror=alert(5)>", "eve@example.com", "QA Lead").await;
    let (dan, dan_key) = add("Dan", "dan@example.com", "Engineering Lead").await;
    let (victor, _) = add("Victor", "victor@example.com", "VP Engineering").await;
    let hostile = "<script>alert(4)</script> </td><td>| **not bold**";
    let s = store.sign_gate(&eve, &eve_key, run.id, gate, "QA Lead", Decision::Reject, hostile).await.unwrap();
    store.lift_sign_off(&eve, s.id, "smoke tests green now").await.unwrap();
    let s = store.sign_gate(&dan, &dan_key, run.id, gate, "Engineering Lead", Decision::Reject, "no").await.unwrap();
    store.lift_sign_off(&victor, s.id, "the risk is accepted").await.unwrap();
    store.sign_gate(&eve, &eve_key, run.id, gate, "QA Lead", Decision::Approve, "fine <b>now</b>").await.unwrap();

    let data = report::load_report_data(&store, run.id, None).await.unwrap();
    let states: Vec<SignOffState> = data.sign_offs.as_ref().unwrap().iter().map(|s| s.state).collect();
    assert_eq!(states, [SignOffState::Withdrawn, SignOffState::Overridden, SignOffState::Active]);
    let view = report::build(&data);
    let html = report::to_html(&view).unwrap();
    assert!(!html.contains("<script") && !html.contains("<img") && !html.contains("<b>now"), "nothing injected");
    assert!(html.contains("&lt;script&gt;alert(4)&lt;&#x2f;script&gt; &lt;&#x2f;td&gt;&lt;td&gt;| **not bold**"));
    assert!(html.contains("Eve &lt;img src=x onerror=alert(5)&gt;"));
    assert!(html.contains(
        "<span class=\"badge muted lifted\">reject</span><span class=\"sub\">withdrawn: no longer counts</span>"
    ));
    assert!(html.contains("<span class=\"sub\">overridden: no longer counts</span>"));
    assert_eq!(html.matches(">signature verified<").count(), 3);
    assert!(html.contains("<h4>4.1 Go &#x2f; no-go for cutover <span class=\"badge warn\">closed</span></h4>"));
    assert!(html.contains("1 of 3 sign-offs: waiting on Engineering Lead, Operations Manager"));
    assert!(html.contains("No GO or NO-GO has been recorded yet."));
    assert!(html.contains("<span class=\"badge muted\">not marked</span>"));
    assert!(html.contains("Status page notice was posted the day before by Support."), "skip reason shown");
    assert_self_contained(&html);

    let md = report::to_markdown(&view).unwrap();
    assert!(md.contains("&lt;script&gt;alert(4)&lt;/script&gt; &lt;/td&gt;&lt;td&gt;\\| **not bold**"), "{md}");
    assert!(md.contains("| ~~reject~~ withdrawn |") && md.contains("| ~~reject~~ overridden |"), "{md}");
    assert!(md.contains("| Eve &lt;img src=x onerror=alert(5)&gt; (eve@example.com) | approve |"), "{md}");
    // Outside the appendix, where event payloads are shown verbatim in code spans, no raw tag.
    let body = &md[..md.find("## Appendix").unwrap()];
    assert!(!body.contains("<script") && !body.contains("<img"), "{body}");
    let rows: Vec<&str> = md.lines().filter(|l| l.starts_with("| 4.1 Go / no-go for cutover |")).collect();
    assert_eq!(rows.len(), 3, "{md}");
    for row in rows {
        assert_eq!(row.matches(" | ").count() + 1, 8, "a comment stays in its cell: {row}");
    }
}

#[tokio::test]
async fn a_hostile_step_title_is_escaped() {
    let (store, _dir) = store().await;
    let mut rb = runsheet_core::demo::generated_runbook(2);
    rb.phases[0].steps[0].title = "<script>alert(1)</script>".into();
    rb.phases[0].title = "Phase \"<b>one</b>\" & more".into();
    let rb = store.create_runbook("Ada", rb).await.unwrap();
    let run = store
        .create_run(
            "<img src=x onerror=alert(3)>",
            NewRun { runbook_id: rb.id, release: "r<1>".into(), environment_id: None },
            true,
        )
        .await
        .unwrap();
    let step = run.steps[0].step_id;
    store
        .transition_step("Ada", run.id, step, StepAction::Skip { reason: "</td><script>x()</script>".into() })
        .await
        .unwrap();
    let data = report::load_report_data(&store, run.id, None).await.unwrap();
    let html = report::to_html(&report::build(&data)).unwrap();
    assert!(
        html.contains("&lt;script&gt;alert(1)&lt;&#x2f;script&gt;")
            || html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "title escaped"
    );
    assert!(!html.contains("<script"), "no script tag anywhere");
    assert!(!html.contains("<img") && !html.contains("<b>one"));
    assert!(html.contains("r&lt;1&gt;"));
    assert!(html.contains("No step of this run is a gate with requirements."));
    assert!(html.contains("No go/no-go decision was taken in this run."));
    assert!(html.contains("Nobody signed off this run."));
    assert_self_contained(&html);
    let md = report::to_markdown(&report::build(&data)).unwrap();
    assert!(md.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "{md}");
    assert!(md.contains("&lt;/td&gt;&lt;script&gt;x()&lt;/script&gt;"));
}

#[tokio::test]
async fn markdown_report_has_every_section() {
    let (store, _dir, run_id) = finished_demo().await;
    let data = report::load_report_data(&store, run_id, None).await.unwrap();
    let md = report::to_markdown(&report::build(&data)).unwrap();
    for heading in [
        "# Blue-green go-live: SwipeSavvy v1.2 — v1.1.0",
        "## 1. Timeline",
        "### 1. Preparation",
        "## 2. Skipped, failed and blocked steps",
        "### Notes",
        "## 3. Check evidence and approvals",
        "### Gates",
        "**4.1 Go / no-go for cutover**: passed",
        "### Go / no-go decisions",
        "### Sign-offs",
        "## 4. Audit trail",
        "## Appendix: this run's audit events",
    ] {
        assert!(md.lines().any(|l| l == heading), "missing `{heading}` in\n{md}");
    }
    assert!(md.contains("**Intact.**"));
    assert!(md.contains("and the workspace's 3 sign-off signatures verified"));
    assert!(md.contains("a\\|b"), "a pipe in a note stays in its cell");
    assert!(!md.contains("\n\n\n"));
    assert!(!md.contains("Not recorded for this run."));
    // Every timeline row has the header's column count.
    let row = md.lines().find(|l| l.starts_with("| 1.1 |")).unwrap();
    assert_eq!(row.matches(" | ").count() + 1, 10, "{row}");
    // The gate's requirements, the board's criteria and the GO, and each sign-off with its key and signature.
    assert!(md.contains("| Sign-offs: Engineering Lead, QA Lead, Operations Manager | met | 3 of 3 sign-offs"), "{md}");
    assert!(md.contains("| Check green-error-rate passed within 15 min (observe-only) | unmet | would have blocked"));
    assert!(md.contains("| 1 | Staging validation successful | GO | holds | Margaret Hamilton |"), "{md}");
    assert!(md.contains("| 7 | Unresolved security vulnerabilities | NO-GO | clear | Margaret Hamilton |"));
    assert!(md.contains("| 4.1 Go / no-go for cutover | GO | Margaret Hamilton |"), "{md}");
    let sign_offs = data.sign_offs.as_ref().unwrap();
    for s in sign_offs {
        let row = md
            .lines()
            .find(|l| l.starts_with(&format!("| 4.1 Go / no-go for cutover | {} | {} ", s.role, s.name)))
            .unwrap_or_else(|| panic!("no row for {} in\n{md}", s.role));
        assert!(row.contains(&format!("| signature verified | ` {} ` |", s.key_fingerprint)), "{row}");
        assert!(row.contains(&s.comment), "{row}");
        assert_eq!(row.matches(" | ").count() + 1, 8, "{row}");
    }
    assert_eq!(md.matches(", remote: answered a request file |").count(), 1);
    assert_eq!(md.matches("| approve with conditions |").count(), 1);
}

#[tokio::test]
async fn later_sections_render_when_filled_and_a_broken_trail_says_so() {
    let (store, _dir, run_id) = finished_demo().await;
    let mut data: ReportData = report::load_report_data(&store, run_id, None).await.unwrap();
    let now = Utc::now();
    let step_id = data.run.steps[0].step_id;
    // Built from JSON so that fields added later with defaults do not break this test.
    let check: CheckResult = serde_json::from_value(serde_json::json!({
        "name": "green health", "kind": "http", "environment": "production-green", "status": "fail",
        "message": "[STATUS] was 503", "duration_ms": 120, "latency_ms": 80, "attempts": 3, "started_at": now,
        "observed": {"status": 503},
        "conditions": [{"condition": "[STATUS] == 200", "warn": false, "holds": false, "observed": "[STATUS] was 503"}],
        "run_id": run_id, "step_id": step_id,
    }))
    .unwrap();
    assert_eq!((check.kind, check.status), (CheckKind::Http, CheckStatus::Fail));
    data.checks = vec![check];
    data.go_no_go = Some(vec![DecisionRecord {
        step_id: None,
        gate: "Go / no-go for cutover".into(),
        go: false,
        by: "Lead".into(),
        at: now,
        reason: "green unhealthy".into(),
    }]);
    data.gates = None;
    let signed = data.sign_offs.as_ref().unwrap()[0].clone();
    data.sign_offs = Some(vec![
        SignOffRecord { signature_valid: Some(false), comment: "edited <i>after</i> signing".into(), ..signed.clone() },
        SignOffRecord {
            signature_valid: None,
            key_fingerprint: String::new(),
            decision: Decision::Reject,
            state: SignOffState::Active,
            ..signed
        },
    ]);
    data.rollback = Some(RollbackRecord {
        started_at: now,
        recovered_at: Some(now + Duration::minutes(14)),
        by: "DevOps".into(),
        reason: "5xx on green".into(),
        ..Default::default()
    });
    data.audit.verify.intact = false;
    data.audit.verify.problem = Some("event #7 was altered: its contents do not match its hash".into());
    let view = report::build(&data);
    let html = report::to_html(&view).unwrap();
    assert!(html.contains("green health") && html.contains("✗ [STATUS] == 200 ([STATUS] was 503)"));
    assert!(html.contains("1.1 Team assembly and final go&#x2f;no-go"), "check linked to its step");
    assert!(html.contains(">NO-GO<"));
    assert!(html.contains("<span class=\"badge bad\">signature BROKEN</span>"));
    assert!(html.contains("<span class=\"badge muted\">unsigned</span>"));
    assert!(html.contains("edited &lt;i&gt;after&lt;&#x2f;i&gt; signing"));
    assert!(html.contains("Not recorded for this run."), "gates not recorded");
    assert!(html.contains("Time to recover</dt><dd>14m 00s"));
    assert!(html.contains("The audit trail does NOT verify.") && html.contains("event #7 was altered"));
    let md = report::to_markdown(&view).unwrap();
    assert!(md.contains("**BROKEN.** event #7 was altered"));
    assert!(md.contains("| Time to recover | 14m 00s |"));
    assert!(md.contains("| **signature BROKEN** |") && md.contains("| unsigned | — |"), "{md}");
    assert!(md.contains("### Gates\n\nNot recorded for this run."), "{md}");
}

#[tokio::test]
async fn planned_times_are_clock_times_near_the_plan_and_relative_otherwise() {
    let (store, _dir) = store().await;
    let mut rb = runsheet_core::demo::generated_runbook(3);
    rb.phases[0].steps[0].planned_at = Some("23:50".into());
    rb.phases[0].steps[1].planned_at = Some("00:10".into()); // past midnight: 20 minutes after the first
    rb.phases[0].steps[2].planned_offset_min = Some(0);
    let rb = store.create_runbook("Ada", rb).await.unwrap();
    let run = store
        .create_run("Ada", NewRun { runbook_id: rb.id, release: "r".into(), environment_id: None }, true)
        .await
        .unwrap();
    for s in &run.steps {
        store.transition_step("Ada", run.id, s.step_id, StepAction::Start).await.unwrap();
        store.transition_step("Ada", run.id, s.step_id, StepAction::Complete).await.unwrap();
    }
    let mut data = report::load_report_data(&store, run.id, None).await.unwrap();
    let at =
        |h: u32, m: u32| chrono::NaiveDate::from_ymd_opt(2026, 3, 1).unwrap().and_hms_opt(h, m, 0).unwrap().and_utc();
    let set_times = |data: &mut ReportData, run_start, starts: [chrono::DateTime<Utc>; 3]| {
        data.run.started_at = Some(run_start);
        for (step, start) in data.run.steps.iter_mut().zip(starts) {
            step.started_at = Some(start);
            step.ended_at = Some(start + Duration::minutes(5));
        }
    };
    // Started 23:40, near the plan's 23:50: times of day are clock times (the second is the next day).
    set_times(&mut data, at(23, 40), [at(23, 53), at(23, 58), at(23, 40)]);
    let view = report::build(&data);
    let v: Vec<_> = view.phases[0].steps.iter().map(|s| s.variance.clone().unwrap()).collect();
    assert_eq!(v, ["+3m late", "12m early", "on time"]);
    assert_eq!(view.phases[0].steps[1].planned_start.as_deref(), Some("00:10"));
    assert_eq!(view.summary.late, 1);
    // Started at noon: the plan is shifted, its 23:50 is the run's start.
    set_times(&mut data, at(12, 0), [at(12, 0), at(12, 30), at(12, 0)]);
    let view = report::build(&data);
    let v: Vec<_> = view.phases[0].steps.iter().map(|s| s.variance.clone().unwrap()).collect();
    assert_eq!(v, ["on time", "+10m late", "on time"]);
    assert_eq!(view.phases[0].steps[1].planned_start.as_deref(), Some("12:20"));
    assert_eq!(view.phases[0].steps[1].planned_as.as_deref(), Some("00:10"));
    assert_eq!(view.phases[0].steps[1].duration.as_deref(), Some("5m 00s"));
}
