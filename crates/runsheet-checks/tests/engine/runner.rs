use std::sync::atomic::Ordering;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use indexmap::IndexMap;
use runsheet_checks::runner::SessionOptions;
use runsheet_checks::secrets::MemorySecrets;
use runsheet_checks::{prepare, run_checks, CancellationToken, ChecksFile, Selection};
use runsheet_core::{CheckProgress, CheckResult, CheckStatus};

use crate::server::{start, Reply};

async fn run_yaml(
    yaml: &str,
    env: &str,
    concurrency: usize,
    cancel: CancellationToken,
) -> (Vec<CheckResult>, Vec<CheckProgress>) {
    let file = ChecksFile::parse(yaml, "test.yaml").unwrap();
    let secrets = MemorySecrets::from([("token", "tok-5ecret-value")]);
    let none = IndexMap::new();
    let sel = Selection { environment: env, only: &[], workspace_environments: &none };
    let prepared = prepare(&file, &sel, &secrets).unwrap();
    let events = Arc::new(Mutex::new(Vec::new()));
    let sink = events.clone();
    let mut opts = SessionOptions::new();
    opts.concurrency = concurrency;
    let results = run_checks(prepared, opts, Arc::new(move |e| sink.lock().unwrap().push(e)), cancel).await;
    let events = events.lock().unwrap().clone();
    (results, events)
}

fn env(base: &str) -> String {
    format!("environments:\n  test:\n    vars: {{ base_url: \"{base}\" }}\n")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_check_that_passes_after_retries_says_so() {
    let server = start(Arc::new(|n, _| {
        if n < 3 {
            Reply::json(503, r#"{"status":"starting"}"#)
        } else {
            Reply::json(200, r#"{"status":"healthy"}"#)
        }
    }))
    .await;
    let yaml = format!(
        "{}checks:\n  - name: api\n    http: {{ url: \"{{{{ base_url }}}}/health\" }}\n    conditions: [\"[STATUS] == 200\", \"[BODY].status == healthy\"]\n    attempts: 6\n    interval: 50ms\n",
        env(&server.base)
    );
    let (results, events) = run_yaml(&yaml, "test", 4, CancellationToken::new()).await;
    let r = &results[0];
    assert_eq!(r.status, CheckStatus::Pass, "{r:?}");
    assert_eq!(r.attempts, 4);
    assert!(r.message.starts_with("passed after 4 attempts"), "{}", r.message);
    let retries = events.iter().filter(|e| matches!(e, CheckProgress::Retrying { .. })).count();
    assert_eq!(retries, 3);
    assert!(matches!(events.last(), Some(CheckProgress::Done { cancelled: false, .. })));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn all_attempts_failing_reports_the_last_reason() {
    let server = start(Arc::new(|_, _| Reply::json(503, r#"{"status":"down"}"#))).await;
    let yaml = format!(
        "{}checks:\n  - name: api\n    http: {{ url: \"{{{{ base_url }}}}/health\" }}\n    conditions: [\"[STATUS] == 200\"]\n    attempts: 3\n    interval: 20ms\n",
        env(&server.base)
    );
    let (results, _) = run_yaml(&yaml, "test", 4, CancellationToken::new()).await;
    let r = &results[0];
    assert_eq!(r.status, CheckStatus::Fail);
    assert_eq!(r.attempts, 3);
    assert!(r.message.contains("[STATUS] == 200") && r.message.contains("503"), "{}", r.message);
    assert!(r.message.contains("all 3 attempts"), "{}", r.message);
    assert_eq!(server.requests.load(Ordering::SeqCst), 3);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn until_healthy_polls_until_the_deadline() {
    let server = start(Arc::new(|_, _| Reply::json(500, "{}"))).await;
    let yaml = format!(
        "{}checks:\n  - name: api\n    http: {{ url: \"{{{{ base_url }}}}/\" }}\n    until_healthy: 500ms\n    interval: 100ms\n",
        env(&server.base)
    );
    let clock = Instant::now();
    let (results, _) = run_yaml(&yaml, "test", 4, CancellationToken::new()).await;
    let r = &results[0];
    assert_eq!(r.status, CheckStatus::Fail);
    assert!(r.message.starts_with("not healthy within 500ms"), "{}", r.message);
    assert!(r.attempts >= 3, "{}", r.attempts);
    assert!(clock.elapsed() < Duration::from_secs(3));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_watch_reports_the_failure_ratio_and_worst_latency() {
    // Every third request fails.
    let server = start(Arc::new(|n, _| if n % 3 == 2 { Reply::json(500, "{}") } else { Reply::json(200, "{}") })).await;
    let yaml = format!(
        "{}checks:\n  - name: api\n    http: {{ url: \"{{{{ base_url }}}}/\" }}\n    conditions: [\"[STATUS] == 200\"]\n    watch: {{ for: 600ms, every: 100ms, failure_limit: 1 }}\n",
        env(&server.base)
    );
    let (results, _) = run_yaml(&yaml, "test", 4, CancellationToken::new()).await;
    let r = &results[0];
    let n = server.requests.load(Ordering::SeqCst);
    assert!(n >= 5, "{n} measurements");
    assert!(r.message.contains(&format!("{n} measurements")), "{}", r.message);
    assert!(r.message.contains("worst latency"), "{}", r.message);
    let failed = r.observed["watch"]["failed"].as_u64().unwrap();
    assert_eq!(failed, (n / 3) as u64);
    assert_eq!(r.status, if failed > 1 { CheckStatus::Fail } else { CheckStatus::Warn }, "{r:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrency_is_bounded() {
    let server = start(Arc::new(|_, _| Reply { delay: Duration::from_millis(100), ..Reply::json(200, "{}") })).await;
    let mut yaml = env(&server.base);
    yaml.push_str("checks:\n");
    for i in 0..12 {
        yaml.push_str(&format!("  - name: c{i}\n    http: {{ url: \"{{{{ base_url }}}}/{i}\" }}\n"));
    }
    let (results, _) = run_yaml(&yaml, "test", 3, CancellationToken::new()).await;
    assert_eq!(results.len(), 12);
    assert!(results.iter().all(|r| r.status == CheckStatus::Pass));
    let names: Vec<&str> = results.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(names[0], "c0", "results keep the file's order");
    let max = server.max_in_flight.load(Ordering::SeqCst);
    assert!((2..=3).contains(&max), "at most 3 in flight, saw {max}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cancelling_stops_hung_checks_promptly() {
    let server = start(Arc::new(|_, _| Reply { hang: true, ..Reply::json(200, "{}") })).await;
    let yaml = format!(
        "{}checks:\n  - name: a\n    http: {{ url: \"{{{{ base_url }}}}/\", timeout: 30s }}\n  - name: b\n    http: {{ url: \"{{{{ base_url }}}}/\", timeout: 30s }}\n",
        env(&server.base)
    );
    let cancel = CancellationToken::new();
    let trigger = cancel.clone();
    tokio::spawn(async move {
        tokio::time::sleep(Duration::from_millis(300)).await;
        trigger.cancel();
    });
    let clock = Instant::now();
    let (results, events) = run_yaml(&yaml, "test", 4, cancel).await;
    assert!(clock.elapsed() < Duration::from_secs(2), "took {:?}", clock.elapsed());
    assert!(results.iter().all(|r| r.status == CheckStatus::Inconclusive && r.message.contains("cancelled")));
    assert!(matches!(events.last(), Some(CheckProgress::Done { cancelled: true, .. })));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn compare_needs_both_sides_to_agree() {
    let blue = start(Arc::new(|_, _| Reply::json(200, r#"{"flags":16}"#))).await;
    let green_same = start(Arc::new(|_, _| Reply::json(200, r#"{"flags":16}"#))).await;
    let green_diff = start(Arc::new(|_, _| Reply::json(200, r#"{"flags":15}"#))).await;
    for (green, agree) in [(&green_same, true), (&green_diff, false)] {
        let yaml = format!(
            "environments:\n  blue:\n    vars: {{ base_url: \"{}\" }}\n  green:\n    vars: {{ base_url: \"{}\" }}\nchecks:\n  - name: flags\n    compare:\n      environments: [blue, green]\n      value: \"[BODY].flags\"\n      http: {{ url: \"{{{{ base_url }}}}/flags\" }}\n",
            blue.base, green.base
        );
        let (results, _) = run_yaml(&yaml, "blue", 4, CancellationToken::new()).await;
        let r = &results[0];
        if agree {
            assert_eq!(r.status, CheckStatus::Pass, "{r:?}");
            assert!(r.message.contains("agree") && r.message.contains("16"), "{}", r.message);
        } else {
            assert_eq!(r.status, CheckStatus::Fail, "{r:?}");
            assert!(r.message.contains("16 on blue, 15 on green"), "{}", r.message);
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn secrets_are_redacted_from_results() {
    // The server echoes the request back in its body, secret header included.
    let server = start(Arc::new(|_, request: &str| {
        let escaped = serde_json::to_string(request).unwrap();
        Reply::json(500, &format!("{{\"echo\":{escaped}}}"))
    }))
    .await;
    let yaml = format!(
        "{}checks:\n  - name: api\n    http: {{ url: \"{{{{ base_url }}}}/x?token={{{{ secret:token }}}}\", headers: {{ Authorization: \"Bearer {{{{ secret:token }}}}\" }} }}\n    conditions: [\"[STATUS] == 200\"]\n",
        env(&server.base)
    );
    let (results, _) = run_yaml(&yaml, "test", 4, CancellationToken::new()).await;
    let text = serde_json::to_string(&results).unwrap();
    assert!(text.contains("Bearer ***"), "the echo is kept, redacted: {text}");
    assert!(!text.contains("tok-5ecret-value"), "secret leaked: {text}");
}

#[test]
fn unknown_environments_and_missing_secrets_are_named_before_anything_runs() {
    let yaml = "environments:\n  test:\n    vars: { base_url: \"http://127.0.0.1:1\" }\nchecks:\n  - name: api\n    http: { url: \"{{ base_url }}/?t={{ secret:grafana_token }}\" }\n";
    let file = ChecksFile::parse(yaml, "t.yaml").unwrap();
    let none = IndexMap::new();
    let secrets = MemorySecrets::default();
    let err = prepare(&file, &Selection { environment: "prod", only: &[], workspace_environments: &none }, &secrets)
        .unwrap_err()
        .to_string();
    assert!(err.contains("no environment named `prod`") && err.contains("test"), "{err}");
    let err = prepare(&file, &Selection { environment: "test", only: &[], workspace_environments: &none }, &secrets)
        .unwrap_err()
        .to_string();
    assert!(err.contains("secret `grafana_token` is not in the OS keyring"), "{err}");
    let only = vec!["nope".to_string()];
    let err = prepare(&file, &Selection { environment: "test", only: &only, workspace_environments: &none }, &secrets)
        .unwrap_err()
        .to_string();
    assert!(err.contains("no check named `nope`"), "{err}");
}
