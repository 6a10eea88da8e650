//! Deployment metrics and readiness scorecards through the real binary, on a real SQLite file.

use std::path::{Path, PathBuf};

use serde_json::json;

use crate::support::{in_keyring_session, result, Workspace};

/// Two environments and a two-step runbook whose first step is the point of no return.
const PLAN: &str = r#"version: 1
environments:
  production:
    tier: production
  staging:
    tier: staging
runbooks:
- title: Go-live
  phases:
  - title: Cutover
    steps:
    - title: Deploy
      point_of_no_return: true
    - title: Verify
"#;

/// Starts a run of runbook 1 with `extra` flags, acts on it, and places it in history: `ended` (UTC) becomes its
/// end, an hour after its start.
fn history_run(ws: &Workspace, env: &str, extra: &[&str], steps_done: usize, finish: &[&str], ended: &str) -> String {
    let mut args = vec!["run", "start", "1", "--release", "v1", "--env", env];
    args.extend_from_slice(extra);
    let run = ws.json(&args)["id"].to_string();
    for step in ["1.1", "1.2"].iter().take(steps_done) {
        ws.ok(&["run", "step", &run, step, "done"]);
    }
    let mut args = vec!["run", "finish", &run];
    args.extend_from_slice(finish);
    ws.ok(&args);
    ws.sqlite3(&format!(
        "UPDATE runs SET started_at = strftime('%Y-%m-%dT%H:%M:%fZ', '{ended}', '-1 hour'), ended_at = '{ended}'
         WHERE id = {run}"
    ));
    run
}

/// The history, and its answers worked out by hand. The period is 2 March to 13 April 2026 at UTC+2, i.e.
/// 2026-03-01T22:00Z to 2026-04-12T22:00Z: six weeks.
///
/// | run | what | counts as |
/// |---|---|---|
/// | 1 | production, change 2 Mar 10:00, completed 3 Mar 10:00 | success, lead 86 400 s |
/// | 2 | production, point of no return done, aborted 10 Mar 09:00 | failure; recovered by run 3 after 10 800 s |
/// | 3 | production, --hotfix, change 10 Mar 11:00, completed 12:00 | success, hotfix, lead 3 600 s |
/// | 4 | production, rolled back 31 Mar 22:30 UTC (1 Apr 00:30 at UTC+2) | failure, never recovered |
/// | 5 | staging, --rehearsal, completed | excluded: rehearsal and not production |
/// | 6 | production, aborted before the point of no return | not a deployment |
///
/// Deployments 1-4: 4 / 6 weeks = 0.6667 per week. Failures 2 and 4: 0.5. Lead times 3 600 and 86 400: median
/// 45 000. Recovery 10 800 (one). Hotfixes 1 of 4: 0.25. Months at UTC+2: March 3 deployments, April 1.
#[test]
fn metrics_json_matches_the_hand_computed_history() {
    let ws = Workspace::new();
    let plan = ws.dir.path().join("plan.yaml");
    std::fs::write(&plan, PLAN).unwrap();
    ws.ok(&["profile", "set", "--name", "Ada"]);
    ws.ok(&["runbook", "import", plan.to_str().unwrap()]);
    history_run(
        &ws,
        "production",
        &["--change-time", "2026-03-02T10:00:00Z"],
        2,
        &["complete"],
        "2026-03-03T10:00:00.000000Z",
    );
    history_run(&ws, "production", &[], 1, &["abort", "--reason", "smoke test failed"], "2026-03-10T09:00:00.000000Z");
    history_run(
        &ws,
        "production",
        &["--hotfix", "--change-time", "2026-03-10T13:00:00+02:00"],
        2,
        &["complete"],
        "2026-03-10T12:00:00.000000Z",
    );
    history_run(&ws, "production", &[], 1, &["rollback", "--reason", "errors"], "2026-03-31T22:30:00.000000Z");
    let rehearsal = ws.json(&["run", "start", "1", "--release", "v1", "--env", "staging", "--rehearsal"]);
    assert_eq!(rehearsal["marks"], json!({"rehearsal": true, "hotfix": false, "change_at": null}));
    ws.ok(&["run", "step", "5", "1.1", "done"]);
    ws.ok(&["run", "step", "5", "1.2", "done"]);
    ws.ok(&["run", "finish", "5", "complete"]);
    ws.sqlite3("UPDATE runs SET ended_at = '2026-03-20T09:00:00.000000Z' WHERE id = 5");
    history_run(&ws, "production", &[], 0, &["abort", "--reason", "window missed"], "2026-03-18T09:00:00.000000Z");

    let m = ws.json(&["metrics", "--since", "2026-03-02", "--until", "2026-04-13", "--utc-offset", "+02:00"]);
    let period = json!({"from": "2026-03-01T22:00:00Z", "to": "2026-04-12T22:00:00Z"});
    let key = |value: serde_json::Value, unit: &str, count: u32| json!({"value": value, "unit": unit, "count": count, "period": period});
    assert_eq!(m["deployment_frequency"], key(json!(0.6667), "deployments_per_week", 4));
    assert_eq!(m["change_lead_time"], key(json!(45_000.0), "seconds", 2));
    assert_eq!(m["change_fail_rate"], key(json!(0.5), "fraction", 4));
    assert_eq!(m["failed_deployment_recovery_time"], key(json!(10_800.0), "seconds", 1));
    assert_eq!(m["deployment_rework_rate"], key(json!(0.25), "fraction", 4));
    assert_eq!(m["summary"]["unrecovered"], 1);
    let months: Vec<(String, u64)> = m["monthly"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| (b["key"].as_str().unwrap().to_string(), b["deployments"].as_u64().unwrap()))
        .collect();
    assert_eq!(months, [("2026-03".to_string(), 3), ("2026-04".to_string(), 1)]);
    assert_eq!(m["weekly"].as_array().unwrap().len(), 6);

    // The staging environment by name: only the rehearsal ran there, so nothing counts.
    let staging = ws.json(&["metrics", "--env", "staging", "--since", "2026-03-02", "--until", "2026-04-13"]);
    assert_eq!(staging["change_fail_rate"]["count"], 0);
    // CSV gives the same five figures.
    let csv = ws.ok(&["metrics", "--since", "2026-03-02", "--until", "2026-04-13", "--utc-offset", "+02:00", "--csv"]);
    assert!(csv.starts_with("metric,value,unit,count,from,to\n"), "{csv}");
    assert!(
        csv.contains("\nchange_fail_rate,0.5,fraction,4,2026-03-01T22:00:00+00:00,2026-04-12T22:00:00+00:00\n"),
        "{csv}"
    );
    let text = ws.ok(&["metrics", "--since", "2026-03-02", "--until", "2026-04-13", "--utc-offset", "+02:00"]);
    assert!(text.contains("50.0 % (2 of 4)"), "{text}");

    // Bad input names what is wrong.
    let (code, _, err) = result(&ws.run(&["metrics", "--since", "last week"]));
    assert_eq!(code, 2);
    assert!(err.contains("--since"), "{err}");
    let (code, _, err) = result(&ws.run(&["metrics", "--env", "moon"]));
    assert_eq!(code, 2);
    assert!(err.contains("no environment named `moon`"), "{err}");
    let (code, _, err) =
        result(&ws.run(&["run", "start", "1", "--release", "v9", "--change-time", "2999-01-01T00:00:00Z"]));
    assert_eq!(code, 2);
    assert!(err.contains("change_time") && err.contains("future"), "{err}");
}

/// A readiness checklist saved as windows-1252 mojibake in its first heading (`ðŸ”’` for 🔒), as the seeds' files are.
/// Rules: R1 TLS (Security, critical, weight 4, checked in the plan), R2 secrets (Security, critical, 4), R3 alerts
/// (Monitoring, medium, 2), R4 support briefed (Go-live logistics, medium, 2).
const CHECKLIST: &str = "# Payments readiness\n\n## ðŸ”’ Security\n\n### Critical Priority (Do First)\n- [x] TLS 1.2+ everywhere\n- [ ] Secrets rotated\n\n## Monitoring & Observability\n- [ ] Alerts page the on-call\n\n## Go-live logistics\n- [ ] Support team briefed\n";

/// Import, the score worked out by hand at each step, a not-applicable mark, signed attestations that stock
/// `ssh-keygen -Y verify` accepts, the critical cap, refusals, and the score's history.
#[test]
fn a_scorecard_is_imported_scored_attested_and_capped_by_its_critical_rule() {
    let ws = Workspace::new();
    let file = ws.dir.path().join("readiness.md");
    std::fs::write(&file, CHECKLIST).unwrap();
    let plan = ws.dir.path().join("plan.yaml");
    std::fs::write(&plan, PLAN).unwrap();
    let dir = ws.dir.path();
    let out = run_keyring_script(
        dir,
        &format!(
            r#"
want 0 R profile set --name Ada --role "Security Lead" --role "SRE"
want 0 R runbook import {plan}
want 0 R scorecard import {file} --env production --json
echo "IMPORTED $OUT"
want 0 R scorecard na 1 R4 --reason "no support team for an internal tool"
has "$OUT" "NOT READY: 40.0/100"
# A role Ada does not hold is refused, and nothing is recorded.
want 1 R scorecard attest 1 R2 --role "DBA"
has "$ERR" "attest-role"
want 0 R scorecard attest 1 R2 --role "security lead" --note "rotated on 1 Dec"
has "$OUT" "NOT READY: 80.0/100"
want 0 R scorecard attest 1 R3 --role SRE
has "$OUT" "READY: 100.0/100"
want 0 R scorecard show 1 --json
echo "SHOWN $OUT"
want 0 R scorecard list
has "$OUT" "READY"
sqlite3 "$WS/runsheet.db" "SELECT statement FROM scorecard_attestations WHERE rule_id = 'R2'" | tr -d '\n' > "$WS/statement.json"
sqlite3 "$WS/runsheet.db" "SELECT signature FROM scorecard_attestations WHERE rule_id = 'R2'" > "$WS/statement.sig"
P=$(sqlite3 "$WS/runsheet.db" "SELECT p.principal || ' ' || k.public_key FROM person_keys k JOIN people p ON p.id = k.person_id")
echo "$P" > "$WS/allowed_signers"
want 0 ssh-keygen -Y verify -f "$WS/allowed_signers" -I "${{P%% *}}" -n signoff@runsheet -s "$WS/statement.sig" < "$WS/statement.json"
sed -i 's/rotated on 1 Dec/rotated never/' "$WS/statement.json"
want 255 ssh-keygen -Y verify -f "$WS/allowed_signers" -I "${{P%% *}}" -n signoff@runsheet -s "$WS/statement.sig" < "$WS/statement.json"
"#,
            plan = plan.display(),
            file = file.display()
        ),
    );
    let json_after = |marker: &str| -> serde_json::Value {
        let line = out.lines().position(|l| l.starts_with(marker)).unwrap();
        let text = out.lines().skip(line).collect::<Vec<_>>().join("\n");
        let start = text.find('{').unwrap();
        serde_json::Deserializer::from_str(&text[start..]).into_iter::<serde_json::Value>().next().unwrap().unwrap()
    };

    // Imported: R1 met (4) over 4 + 4 + 2 + 2 = 12 → 33.3; R2 critical unanswered caps it.
    let imported = json_after("IMPORTED");
    assert_eq!(imported["score"], 33.3);
    assert_eq!(imported["verdict"], "not_ready");
    assert_eq!(imported["critical_unmet"], json!(["R2"]));
    let names: Vec<&str> =
        imported["categories"].as_array().unwrap().iter().map(|c| c["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["Security", "Monitoring", "Go-live logistics"]);
    let r1 = &imported["categories"][0]["rules"][0];
    assert_eq!(
        (r1["id"].as_str(), r1["level"].as_str(), r1["state"].as_str()),
        (Some("R1"), Some("critical"), Some("met"))
    );
    assert!(r1["evidence"].as_str().unwrap().contains("checked in the imported plan"), "{r1}");
    assert!(r1["evidence"].as_str().unwrap().contains("unsigned"), "{r1}");

    // After R4 n/a (out of the denominator: 4/10 = 40), R2 attested (8/10 = 80, under 85) and R3 (10/10): ready.
    let shown = json_after("SHOWN");
    assert_eq!((shown["score"].as_f64(), shown["verdict"].as_str()), (Some(100.0), Some("ready")));
    let rule = |cat: usize, i: usize| shown["categories"][cat]["rules"][i].clone();
    assert_eq!(rule(0, 1)["state"], "met");
    assert!(rule(0, 1)["evidence"].as_str().unwrap().contains("attested by Ada (Security Lead)"), "{}", rule(0, 1));
    assert_eq!(rule(0, 1)["signed"], true);
    assert_eq!(rule(2, 0)["state"], "na");
    assert_eq!(shown["categories"][2]["score"], serde_json::Value::Null, "only a not-applicable rule");
    for key in ["id", "name", "score", "verdict", "categories"] {
        assert!(shown.get(key).is_some(), "{key} missing from {shown}");
    }

    // Every change is in the audit trail, and the history has a point per move: 33.3, 40, 80, 100.
    let actions = ws.sqlite3("SELECT action FROM audit_events WHERE action LIKE 'scorecard.%' ORDER BY seq");
    assert_eq!(
        actions.lines().collect::<Vec<_>>(),
        ["scorecard.created", "scorecard.rule_not_applicable", "scorecard.attested", "scorecard.attested"]
    );
    assert_eq!(ws.sqlite3("SELECT group_concat(score, ' ') FROM scorecard_scores").trim(), "33.3 40.0 80.0 100.0");
    assert!(ws.json(&["audit", "verify"])["intact"].as_bool().unwrap());

    // Bad input names what is wrong.
    let (code, _, err) = result(&ws.run(&["scorecard", "na", "1", "R9", "--reason", "x", "--as", "Ada"]));
    assert_eq!(code, 2);
    assert!(err.contains("rule R9 in scorecard 1 not found"), "{err}");
    let (code, _, err) = result(&ws.run(&["scorecard", "show", "7"]));
    assert_eq!((code, err.contains("scorecard 7 not found")), (2, true), "{err}");
}

#[test]
fn the_seed_readiness_plan_imports_as_rules_in_mapped_categories() {
    let ws = Workspace::new();
    let file = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../runsheet-plan/tests/fixtures/aangan-production-readiness.md");
    let s = ws.json(&["scorecard", "import", file.to_str().unwrap(), "--name", "Aangan", "--as", "Ada"]);
    let categories: Vec<&str> =
        s["categories"].as_array().unwrap().iter().map(|c| c["name"].as_str().unwrap()).collect();
    assert!(categories.contains(&"Infrastructure") && categories.contains(&"Monitoring"), "{categories:?}");
    let rules: usize = s["categories"].as_array().unwrap().iter().map(|c| c["rules"].as_array().unwrap().len()).sum();
    assert!(rules >= 24, "{rules} rules");
    assert_eq!(s["verdict"], "not_ready");
    let list = ws.json(&["scorecard", "list"]);
    assert_eq!(list[0]["name"], "Aangan");
}

/// Runs a script in a private keyring session with `want CODE cmd…` (fails the script unless the command exits with
/// CODE; its streams are left in `$OUT` and `$ERR`) and `has TEXT PART`; returns its stdout.
fn run_keyring_script(dir: &Path, body: &str) -> String {
    let helpers = r#"
R() { "$RUNSHEET" --data-dir "$WS" "$@"; }
want() {
  local code=$1; shift
  "$@" >"$WS/out" 2>"$WS/err"; local got=$?
  OUT=$(cat "$WS/out"); ERR=$(cat "$WS/err")
  if [ "$got" != "$code" ]; then echo "FAIL: $* exited $got, wanted $code. stdout: $OUT stderr: $ERR"; exit 99; fi
}
has() { case "$1" in *"$2"*) ;; *) echo "FAIL: expected \"$2\" in: $1"; exit 99;; esac; }
"#;
    let (code, out, err) = in_keyring_session(dir, &format!("set +e\n{helpers}\n{body}\necho SCRIPT-DONE"));
    assert!(code == 0 && out.contains("SCRIPT-DONE"), "script failed ({code}):\n{out}\n{err}");
    out
}

#[test]
fn the_demo_insight_fills_the_metrics_the_scorecard_and_the_comparison() {
    let ws = Workspace::new();
    let out = ws.ok(&["demo", "--insight"]);
    assert!(out.contains("A year of run history added"), "{out}");
    let m = ws.json(&["metrics"]);
    assert!(m["deployment_frequency"]["count"].as_u64().unwrap() > 50, "{}", m["deployment_frequency"]);
    assert!(m["weekly"].as_array().unwrap().len() >= 52);

    let card = ws.json(&["scorecard", "show", "1"]);
    assert_eq!((card["counts"]["expired"].as_u64(), card["counts"]["na"].as_u64()), (Some(1), Some(1)));
    assert_eq!(card["verdict"], "not_ready");

    // The live run is the newest; its rehearsal is found without naming it.
    let live = ws.json(&["run", "list"])[0]["id"].as_i64().unwrap();
    let c = ws.json(&["run", "compare", &live.to_string()]);
    assert_eq!(c["rehearsal_run"].as_i64(), Some(live - 1));
    assert!(c["slipped"].as_u64().unwrap() >= 1, "{c}");
    let steps = c["steps"].as_array().unwrap();
    assert!(steps.iter().any(|s| s["difference"] == "skipped in the rehearsal, done live"), "{c}");
    let text = ws.ok(&["run", "compare", &live.to_string(), "--threshold-min", "1"]);
    assert!(text.contains("SLIPPED") && text.contains(&format!("rehearsal run {}", live - 1)), "{text}");
    // A run with no rehearsal of its runbook says so.
    // The demo's canary run (run 2) has no rehearsal of its runbook: it says so.
    let (code, _, err) = result(&ws.run(&["run", "compare", "2"]));
    assert_eq!(code, 2);
    assert!(err.contains("a rehearsal of run 2's runbook"), "{err}");
}

#[test]
fn a_gate_is_replayed_with_another_threshold_from_stored_evidence_only() {
    let ws = Workspace::new();
    ws.ok(&["demo", "--insight"]);
    let live = ws.json(&["run", "list"])[0]["id"].as_i64().unwrap();
    let rehearsal = live - 1;
    // A result recorded after the live run's gate passed must not count: the replay takes what the gate saw.
    let gate_end = ws.sqlite3(&format!(
        "SELECT rs.ended_at FROM run_steps rs WHERE rs.run_id = {live} AND rs.step_id = (SELECT step_id FROM
         run_steps WHERE run_id = 3 AND title = 'Go / no-go for cutover')"
    ));
    assert!(gate_end.trim().len() > 10, "the live run passed its gate: {gate_end}");
    ws.sqlite3(&format!(
        "INSERT INTO check_results (audit_seq, actor, session, name, kind, environment, status, message, duration_ms, attempts,
         started_at, observed, conditions) VALUES ((SELECT MAX(seq) FROM audit_events), 'Ada', 'later', 'green-error-rate', 'metric', 'production-blue', 'fail',
         'later', 1, 1, strftime('%Y-%m-%dT%H:%M:%fZ', '{}', '+1 minute'), '{{\"result\": 9.9}}', '[]')",
        gate_end.trim()
    ));

    // The live run's gate passed three days ago: it is shown as it stood then (its checks met), not with results
    // that have grown old since.
    let passed = ws.json(&["gate", "status", &live.to_string()]);
    assert_eq!(passed[0]["passed"], true, "{passed}");
    assert_eq!(passed[0]["requirements"][0]["state"], "met", "{passed}");

    let r = ws.json(&["gate", "replay", "3", "4.1", "--check", "green-error-rate", "--condition", "[RESULT] < 0.5"]);
    assert_eq!(r["replaces"], "[RESULT] < 1");
    assert_eq!(r["observe_only"], true, "the demo's error-rate requirement only observes");
    let runs = r["runs"].as_array().unwrap();
    let ids: Vec<i64> = runs.iter().map(|x| x["run_id"].as_i64().unwrap()).collect();
    assert_eq!(ids, [1, live, rehearsal], "newest first, only runs that reached the gate (run 3 has not)");
    let by = |id: i64| runs.iter().find(|x| x["run_id"] == id).unwrap();
    assert_eq!((by(live)["recorded"].as_str(), by(live)["replayed"].as_str()), (Some("pass"), Some("fail")));
    assert_eq!(by(live)["condition"]["observed"], "[RESULT] was 0.8", "not the later 9.9");
    assert_eq!(by(live)["changed"], true);
    assert_eq!((by(rehearsal)["recorded"].as_str(), by(rehearsal)["replayed"].as_str()), (Some("pass"), Some("pass")));
    assert_eq!(
        (r["recorded_passes"].as_u64(), r["replayed_passes"].as_u64(), r["changed"].as_u64()),
        (Some(2), Some(1), Some(1))
    );

    // A blocking check: the health check's response time, tightened, would have kept the live run's gate shut.
    let text = ws.ok(&[
        "gate",
        "replay",
        "3",
        "4.1",
        "--check",
        "green-api-health",
        "--condition",
        "[RESPONSE_TIME] < 50",
        "--last",
        "2",
    ]);
    assert!(text.contains("2 run(s): the check passed on 2 as recorded, would pass on 1; 1 would change"), "{text}");
    assert!(text.contains("[RESPONSE_TIME] was 61 ms: would have failed; the gate (passed"), "{text}");

    // Bad input names what is wrong; nothing is recorded.
    let before = ws.sqlite3("SELECT COUNT(*) FROM audit_events");
    for (args, says) in [
        (
            vec!["--check", "nope", "--condition", "[STATUS] == 200"],
            "does not look at check `nope`; it looks at green-api-health, green-error-rate",
        ),
        (vec!["--check", "green-api-health", "--condition", "[STATUS] =="], "condition: column 10"),
        (
            vec!["--check", "green-api-health", "--condition", "[STATUS] == 200", "--last", "0"],
            "last: 0 runs: give 1 to 500",
        ),
    ] {
        let mut all = vec!["gate", "replay", "3", "4.1"];
        all.extend(args);
        let (code, _, err) = result(&ws.run(&all));
        assert_eq!(code, 2, "{err}");
        assert!(err.contains(says), "{err}");
    }
    assert_eq!(ws.sqlite3("SELECT COUNT(*) FROM audit_events"), before);
}

#[test]
fn a_readiness_report_shows_the_scorecard_with_its_evidence_alone_and_in_run_reports() {
    let ws = Workspace::new();
    ws.ok(&["demo", "--insight"]);
    let card = ws.json(&["scorecard", "show", "1"]);
    let headline = format!("Production readiness: {:.1}/100 · Not ready", card["score"].as_f64().unwrap());

    let md = ws.ok(&["scorecard", "report", "1"]);
    assert!(md.starts_with("# Readiness: Production readiness"), "{md}");
    assert!(md.contains(&headline), "{md}");
    assert!(md.contains("**Critical not met: R3**"), "{md}");
    assert!(
        md.contains("| R4 | PCI DSS scope reviewed | high | 3 | not applicable | not applicable: No card data"),
        "{md}"
    );
    assert!(md.contains("| R2 | Backups restore within the recovery time objective | high | 3 | expired |"), "{md}");
    assert!(
        md.contains("checked in the imported plan") && md.contains("(unsigned)"),
        "ticked imported items say so: {md}"
    );
    assert!(md.contains("## 2. History") && md.contains("| Not ready |"), "{md}");

    let path = ws.dir.path().join("ready.html");
    let said = ws.ok(&["scorecard", "report", "1", "--out", path.to_str().unwrap()]);
    assert!(said.contains("Readiness report of scorecard 1 written to") && said.contains("(HTML)"), "{said}");
    let html = std::fs::read_to_string(&path).unwrap();
    assert!(html.contains(&headline) && html.contains("id=\"scorecard-1\""), "{html}");
    assert!(!html.contains("<script") && !html.contains("src="), "a report loads nothing");

    // A run on the scorecard's environment carries it in its report; a run elsewhere does not.
    let green = ws.ok(&["run", "report", "1"]);
    assert!(green.contains("### Readiness") && green.contains(&headline), "{green}");
    let live = ws.json(&["run", "list"])[0]["id"].as_i64().unwrap();
    let blue = ws.ok(&["run", "report", &live.to_string()]);
    assert!(!blue.contains("### Readiness"), "run {live} is on production-blue");

    let (code, _, err) = result(&ws.run(&["scorecard", "report", "99"]));
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("scorecard 99"), "{err}");
}

/// Runs git in `dir` with fixed dates and author, as a release pipeline would have tagged.
fn git(dir: &Path, args: &[&str], date: &str) {
    let ok = std::process::Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .env("GIT_COMMITTER_DATE", date)
        .env("GIT_AUTHOR_DATE", date)
        .env("GIT_AUTHOR_NAME", "Ada")
        .env("GIT_AUTHOR_EMAIL", "ada@example.invalid")
        .env("GIT_COMMITTER_NAME", "Ada")
        .env("GIT_COMMITTER_EMAIL", "ada@example.invalid")
        .status()
        .expect("git is installed")
        .success();
    assert!(ok, "git {args:?}");
}

#[test]
fn the_change_time_is_read_from_the_release_tag_of_a_configured_repository() {
    let ws = Workspace::new();
    let file = ws.dir.path().join("plan.yaml");
    std::fs::write(&file, PLAN).unwrap();
    ws.ok(&["profile", "set", "--name", "Ada"]);
    ws.ok(&["runbook", "import", file.to_str().unwrap()]);
    let repo = ws.dir.path().join("repo");
    std::fs::create_dir(&repo).unwrap();
    git(&repo, &["init", "-q"], "2026-11-20T09:00:00+01:00");
    git(&repo, &["commit", "-q", "--allow-empty", "-m", "the change"], "2026-11-20T09:00:00+01:00");
    git(&repo, &["tag", "-a", "v1.4.2", "-m", "release"], "2026-11-25T12:00:00Z");

    let repo_arg = repo.to_str().unwrap();
    let run = ws.json(&["run", "start", "1", "--release", "v1.4.2", "--env", "production", "--repo", repo_arg]);
    let id = run["id"].to_string();
    assert_eq!(
        ws.sqlite3(&format!("SELECT change_at FROM runs WHERE id = {id}")).trim(),
        "2026-11-20T08:00:00.000000Z"
    );
    // RUNSHEET_REPO configures it once; an explicit --change-time wins.
    ws.ok(&["run", "finish", &id, "abort", "--reason", "test"]);
    let out = ws
        .command()
        .env("RUNSHEET_REPO", &repo)
        .args(["run", "start", "1", "--release", "1.4.2", "--json"])
        .output()
        .unwrap();
    let (code, stdout, err) = result(&out);
    assert_eq!(code, 0, "{err}");
    let second: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let id2 = second["id"].to_string();
    assert_eq!(
        ws.sqlite3(&format!("SELECT change_at FROM runs WHERE id = {id2}")).trim(),
        "2026-11-20T08:00:00.000000Z"
    );
    ws.ok(&["run", "finish", &id2, "abort", "--reason", "test"]);

    // A release without a tag is refused, naming the tags looked for; nothing is created.
    let before = ws.sqlite3("SELECT COUNT(*) FROM runs");
    let (code, _, err) = result(&ws.run(&["run", "start", "1", "--release", "v2.0", "--repo", repo_arg]));
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("no tag `v2.0` or `2.0` in"), "{err}");
    assert_eq!(ws.sqlite3("SELECT COUNT(*) FROM runs"), before);
}

#[test]
fn scorecards_round_trip_through_the_yaml_format_and_bad_ones_are_refused_by_path() {
    let source = Workspace::new();
    source.ok(&["demo", "--insight"]);
    let file = source.dir.path().join("all.yaml");
    source.ok(&["export", "--all", "--out", file.to_str().unwrap()]);
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.contains("scorecards:\n- name: Production readiness\n  environment: production-green\n"), "{text}");
    assert!(text.contains("    attest: Security Lead\n"), "{text}");

    let ws = Workspace::new();
    ws.ok(&["profile", "set", "--name", "Ada"]);
    let out = ws.ok(&["runbook", "import", file.to_str().unwrap()]);
    assert!(out.contains("created    scorecard 1  Production readiness"), "{out}");
    let card = ws.json(&["scorecard", "show", "1"]);
    let original = source.json(&["scorecard", "show", "1"]);
    // Each category's name with its rules' ids, levels and weights.
    type Shape = Vec<(String, Vec<(String, String, u64)>)>;
    let shape = |c: &serde_json::Value| -> Shape {
        c["categories"]
            .as_array()
            .unwrap()
            .iter()
            .map(|cat| {
                let rules = cat["rules"].as_array().unwrap().iter().map(|r| {
                    (
                        r["id"].as_str().unwrap().to_string(),
                        r["level"].as_str().unwrap().to_string(),
                        r["weight"].as_u64().unwrap(),
                    )
                });
                (cat["name"].as_str().unwrap().to_string(), rules.collect())
            })
            .collect()
    };
    assert_eq!(shape(&card), shape(&original), "the same categories, rules, levels and weights");
    assert_eq!(card["environment"], "production-green");
    let again = ws.ok(&["runbook", "import", file.to_str().unwrap()]);
    assert!(again.contains("unchanged  scorecard 1  Production readiness"), "{again}");

    for (yaml, says) in [
        (
            "version: 1\nscorecards:\n- name: X\n  rules:\n  - id: R1\n    title: T\n    category: Security\n    check: a\n    attest: QA\n",
            "bad.yaml:9:13: scorecards[0].rules[0].attest: a rule is met by a `check` or by `attest`, not both",
        ),
        (
            "version: 1\nscorecards:\n- name: X\n  rules:\n  - id: R1\n    title: T\n    category: Security\n    level: urgent\n    check: a\n",
            "scorecards[0].rules[0].level",
        ),
        (
            "version: 1\nscorecards:\n- name: X\n  environment: nowhere\n  rules:\n  - id: R1\n    title: T\n    category: Security\n    check: a\n",
            "scorecards[0].environment: no environment named `nowhere` in the file or the workspace",
        ),
    ] {
        let bad = ws.dir.path().join("bad.yaml");
        std::fs::write(&bad, yaml).unwrap();
        let (code, _, err) = result(&ws.run(&["runbook", "import", bad.to_str().unwrap()]));
        assert_eq!(code, 2, "{err}");
        assert!(err.contains(says), "{err}");
    }
    assert_eq!(ws.sqlite3("SELECT COUNT(*) FROM scorecards").trim(), "1", "nothing half-imported");
}
