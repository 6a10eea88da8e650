//! A team workspace through the real binary, on a real PostgreSQL server started by the tests: set up by its
//! owner, a member added (password on standard input), the member's password kept in the OS keyring by
//! `workspace connect`, a change streamed by `watch --json` under the member's own name whatever `--as` claims,
//! and the chain verified on the server. Wrong or missing passwords get errors that say what to do.

use crate::support::{in_keyring_session, Workspace};

const PLAN: &str = "version: 1\nrunbooks:\n- title: Payments cutover\n  phases:\n  - title: Cutover\n    steps:\n    - title: Switch traffic\n";

#[test]
fn a_team_workspace_is_set_up_joined_and_watched_through_the_cli() {
    let server = runsheet_testkit::postgres::server();
    let db = server.create_database("cli").unwrap();
    let owner_url = server.url(&db);
    let grace = format!("grace_{db}");
    let member_url = format!("postgres://{grace}@127.0.0.1:{}/{db}", server.port);
    let ws = Workspace::new();
    std::fs::write(ws.dir.path().join("plan.yaml"), PLAN).unwrap();
    let script = format!(
        r#"
cd "$WS"
"$RUNSHEET" workspace init '{owner_url}'
printf 'grace-long-password-1' | "$RUNSHEET" workspace member add '{owner_url}' --login {grace} --person 'Grace Hopper' --role 'QA Lead'
set +e
printf 'not-her-password' | "$RUNSHEET" workspace connect '{member_url}' 2> wrong.txt
echo "wrong=$?"
"$RUNSHEET" --workspace '{member_url}' runbook list 2> missing.txt
echo "missing=$?"
set -e
printf 'grace-long-password-1' | "$RUNSHEET" workspace connect '{member_url}'
echo "kept=$(secret-tool lookup service dev.runsheet.app username 'workspace-password@{member_url}')"
"$RUNSHEET" --workspace '{member_url}' watch --json --since 0 > watch.jsonl &
WATCH=$!
"$RUNSHEET" --workspace '{member_url}' runbook import plan.yaml --as Mallory
for _ in $(seq 1 50); do grep -q runbook.created watch.jsonl && break; sleep 0.1; done
kill -TERM $WATCH
wait $WATCH
"$RUNSHEET" --workspace '{member_url}' audit verify
"#
    );
    let (code, stdout, stderr) = in_keyring_session(ws.dir.path(), &script);
    assert_eq!(code, 0, "{stdout}\n{stderr}");
    assert!(stdout.contains("team workspace ready at"), "{stdout}");
    assert!(stdout.contains(&format!("member `{grace}` added: acts as Grace Hopper")), "{stdout}");

    let wrong = std::fs::read_to_string(ws.dir.path().join("wrong.txt")).unwrap();
    assert!(stdout.contains("wrong=2") && wrong.contains("password authentication failed"), "{stdout}\n{wrong}");
    let missing = std::fs::read_to_string(ws.dir.path().join("missing.txt")).unwrap();
    assert!(stdout.contains("missing=2"), "{stdout}");
    assert!(missing.contains(&format!("runsheet workspace connect {member_url}")), "{missing}");

    assert!(stdout.contains("connected to") && stdout.contains("as Grace Hopper"), "{stdout}");
    assert!(stdout.contains("kept=grace-long-password-1"), "the password is in the OS keyring: {stdout}");
    assert!(stdout.contains("audit trail intact"), "{stdout}");

    // The stream: every event since the start, one JSON object a line; the import is Grace's, not Mallory's.
    let watched = std::fs::read_to_string(ws.dir.path().join("watch.jsonl")).unwrap();
    let events: Vec<serde_json::Value> = watched.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let actions: Vec<&str> = events.iter().map(|e| e["action"].as_str().unwrap()).collect();
    assert_eq!(actions.first(), Some(&"person.added"), "{actions:?}");
    assert!(actions.contains(&"member.added"), "{actions:?}");
    let created = events.iter().find(|e| e["action"] == "runbook.created").expect("the import was streamed");
    assert_eq!(created["actor"], "Grace Hopper");
    let seqs: Vec<i64> = events.iter().map(|e| e["seq"].as_i64().unwrap()).collect();
    assert!(seqs.windows(2).all(|w| w[1] == w[0] + 1), "in order, none missed: {seqs:?}");
}

#[test]
fn a_bad_workspace_url_is_named() {
    let ws = Workspace::new();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_runsheet"))
        .args(["--workspace", "postgres://nobody@127.0.0.1:1/none", "runbook", "list"])
        .env("HOME", ws.dir.path())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(stderr.contains("cannot reach the team workspace postgres://nobody@127.0.0.1:1/none"), "{stderr}");
}

/// Runs the CLI on a team workspace; returns stdout, failing on a non-zero exit.
fn on_server(url: &str, args: &[&str]) -> String {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_runsheet"))
        .arg("--workspace")
        .arg(url)
        .args(args)
        .env_remove("RUST_LOG")
        .output()
        .unwrap();
    assert!(out.status.success(), "runsheet {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn a_local_workspace_is_pushed_verbatim_and_verifies_on_the_server() {
    let server = runsheet_testkit::postgres::server();
    let url = server.url(&server.create_database("push").unwrap());
    let ws = Workspace::demo();
    // A runbook of 250 steps, so that `steps` spans more than one batch of the copy (200 rows an INSERT).
    let steps: String = (1..=250).map(|n| format!("    - title: Step {n}\n")).collect();
    let yaml =
        format!("version: 1\nrunbooks:\n- title: Long checklist\n  phases:\n  - title: All\n    steps:\n{steps}");
    let file = ws.dir.path().join("long.yaml");
    std::fs::write(&file, yaml).unwrap();
    ws.ok(&["runbook", "import", file.to_str().unwrap(), "--as", "Owner"]);
    let tables = ws.sqlite3(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> '_sqlx_migrations'",
    );
    let held: u64 = tables
        .lines()
        .map(|t| ws.sqlite3(&format!("SELECT COUNT(*) FROM \"{t}\"")).trim().parse::<u64>().unwrap())
        .sum();
    ws.ok(&["workspace", "init", &url]);

    let said = ws.ok(&["workspace", "push", &url]);
    assert!(said.contains("verifies there"), "{said}");
    assert!(said.starts_with(&format!("pushed {held} rows in ")), "every row the file holds, and no more: {said}");
    let long = |out: String| out.lines().filter(|l| l.contains("Long checklist")).count();
    assert_eq!(long(on_server(&url, &["runbook", "list"])), 1);
    // The same chain, head and sign-offs on both sides; the same runs.
    let local = ws.ok(&["audit", "verify"]);
    let remote = on_server(&url, &["audit", "verify"]);
    assert!(local.starts_with("audit trail intact"), "{local}");
    assert_eq!(local, remote, "the server verifies the same chain to the same head");
    let runs = |out: String| -> serde_json::Value { serde_json::from_str(&out).unwrap() };
    assert_eq!(runs(ws.ok(&["run", "list", "--json"])), runs(on_server(&url, &["run", "list", "--json"])));
    assert_eq!(ws.ok(&["people", "list"]), on_server(&url, &["people", "list"]));

    // The server numbers new rows after the copied ones.
    on_server(
        &url,
        &["people", "add", "--name", "New Hire", "--principal", "new@example.test", "--role", "QA", "--as", "Owner"],
    );
    assert!(on_server(&url, &["people", "list"]).contains("New Hire"));

    // A second push is refused: the team workspace is not empty any more.
    let out = ws.run(&["workspace", "push", &url]);
    assert_eq!(out.status.code(), Some(1), "a refusal exits 1");
    assert!(String::from_utf8_lossy(&out.stderr).contains("already holds"), "{}", String::from_utf8_lossy(&out.stderr));
}
