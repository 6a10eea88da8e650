use crate::support::{result, Workspace};

#[test]
fn demo_creates_runbooks_a_run_and_an_intact_trail() {
    let ws = Workspace::demo();
    let runbooks = ws.json(&["runbook", "list"]);
    let titles: Vec<&str> = runbooks.as_array().unwrap().iter().map(|r| r["title"].as_str().unwrap()).collect();
    assert!(titles.contains(&"Blue-green go-live: SwipeSavvy v1.2"), "{titles:?}");
    assert!(titles.contains(&"Production readiness checklist"));

    let text = ws.ok(&["runbook", "list"]);
    assert!(text.starts_with("ID  KIND"), "{text}");

    let runs = ws.json(&["run", "list"]);
    let run = &runs[0];
    assert_eq!(run["release"], "v1.2.0");
    assert_eq!(run["state"], "in_progress");
    assert!(run["settled_steps"].as_u64().unwrap() >= 3);

    let shown = ws.json(&["run", "show", &run["id"].to_string()]);
    assert_eq!(shown["environment"], "production-green");
    let done = shown["steps"].as_array().unwrap().iter().filter(|s| s["state"] == "done").count();
    assert!(done >= 3);
    let text = ws.ok(&["run", "show", &run["id"].to_string()]);
    assert!(text.contains("[x]") && text.contains("[-]") && text.contains("reason: "), "{text}");

    let (code, out, _) = result(&ws.run(&["audit", "verify"]));
    assert_eq!(code, 0);
    assert!(out.starts_with("audit trail intact: ") && out.lines().count() == 1, "{out}");
}

#[test]
fn a_run_walked_from_the_cli() {
    let ws = Workspace::demo();
    let (code, _, err) = result(&ws.run(&["run", "start", "2", "--release", "r1"]));
    assert_eq!(code, 2);
    assert!(err.contains("no profile yet"), "{err}");
    ws.ok(&["profile", "set", "--name", "Grace", "--role", "Release manager"]);
    let run = ws.json(&["run", "start", "2", "--release", "r1", "--env", "staging"]);
    let id = run["id"].to_string();
    let steps: Vec<String> = run["steps"].as_array().unwrap().iter().map(|s| s["step_id"].to_string()).collect();
    assert!(ws.ok(&["run", "step", &id, &steps[0], "done"]).contains("is done"));
    let (code, _, err) = result(&ws.run(&["run", "step", &id, &steps[1], "skip"]));
    assert_eq!(code, 2);
    assert!(err.contains("a reason is required to skip"), "{err}");
    ws.ok(&["run", "step", &id, &steps[1], "skip", "--reason", "not applicable"]);
    ws.ok(&["run", "note", &id, &steps[0], "checked twice"]);
    ws.ok(&["run", "finish", &id, "abort", "--reason", "window closed"]);
    let shown = ws.json(&["run", "show", &id]);
    assert_eq!(shown["state"], "aborted");
    assert_eq!(shown["steps"][0]["actor"], "Grace");
    assert_eq!(shown["steps"][0]["notes"][0]["text"], "checked twice");
    let log = ws.json(&["audit", "log", "--run", &id]);
    let actions: Vec<&str> = log["events"].as_array().unwrap().iter().map(|e| e["action"].as_str().unwrap()).collect();
    assert_eq!(actions, ["run.aborted", "step.noted", "step.skipped", "step.done", "run.started", "run.created"]);
}
