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

#[test]
fn the_demo_needs_no_keyring_and_holds_a_finished_run_passed_on_signed_sign_offs() {
    let ws = Workspace::new();
    // No keyring reachable: the demo's stakeholders sign with keys made in memory and thrown away.
    let out = ws.command().arg("demo").env("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/bus").output().unwrap();
    let (code, text, err) = result(&out);
    assert_eq!(code, 0, "{err}");
    assert!(text.contains("Run 1 (v1.1.0) is completed: its cutover gate was passed by 3 signed sign-offs"), "{text}");

    let runs = ws.json(&["run", "list"]);
    assert_eq!((runs[0]["id"].as_i64(), runs[0]["state"].as_str()), (Some(3), Some("in_progress")));
    assert_eq!((runs[1]["id"].as_i64(), runs[1]["state"].as_str()), (Some(2), Some("rolled_back")));
    assert_eq!((runs[2]["id"].as_i64(), runs[2]["state"].as_str()), (Some(1), Some("completed")));
    assert!(text.contains("Run 2 (Template: Canary v1.3.0) was rolled back at 50 %"), "{text}");

    let gates = ws.json(&["gate", "status", "1"]);
    let gate = &gates[0];
    assert_eq!((gate["title"].as_str(), gate["open"].as_bool()), (Some("Go / no-go for cutover"), Some(true)));
    let states: Vec<(&str, &str)> = gate["requirements"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["observe_only"] == false)
        .map(|r| (r["kind"].as_str().unwrap(), r["state"].as_str().unwrap()))
        .collect();
    assert!(states.contains(&("sign_off", "met")) && states.contains(&("go_no_go", "met")), "{states:?}");

    let sign_offs = ws.json(&["signoff", "list", "1"]);
    let list = sign_offs.as_array().unwrap();
    assert_eq!(list.len(), 3);
    assert!(list.iter().all(|s| s["signature_valid"] == true && s["person"] != "Margaret Hamilton"));
    assert_eq!(list.iter().filter(|s| s["request_nonce"].is_string()).count(), 1, "one answered by request file");
    let people = ws.json(&["people", "list"]);
    assert_eq!(people.as_array().unwrap().len(), 4);

    let (code, out, _) = result(&ws.run(&["audit", "verify"]));
    assert_eq!(code, 0);
    assert!(out.contains("3 sign-off signatures verified"), "{out}");

    // The throwaway keys' signatures verify with stock OpenSSH against the public keys the directory kept.
    let dir = ws.dir.path().join("audit");
    ws.ok(&["signoff", "export", "1", "--out", dir.to_str().unwrap()]);
    for s in list {
        let id = s["id"].to_string();
        let statement = std::fs::File::open(dir.join(format!("{id}.json"))).unwrap();
        let verify = std::process::Command::new("ssh-keygen")
            .args(["-Y", "verify", "-f", "allowed_signers", "-I", s["principal"].as_str().unwrap()])
            .args(["-n", "signoff@runsheet", "-s", &format!("{id}.json.sig")])
            .current_dir(&dir)
            .stdin(statement)
            .output()
            .expect("ssh-keygen is installed (scripts/setup.sh --test)");
        assert!(verify.status.success(), "{}", String::from_utf8_lossy(&verify.stderr));
    }

    // The report of the finished run shows the approvals.
    let report = ws.ok(&["run", "report", "1"]);
    assert_eq!(report.matches("| signature verified |").count(), 3, "{report}");
    assert!(report.contains("| 4.1 Go / no-go for cutover | GO | Margaret Hamilton |"), "{report}");
}

#[test]
fn steps_are_named_by_phase_and_number_and_a_failure_needs_attention() {
    let ws = Workspace::demo();
    ws.ok(&["profile", "set", "--name", "Grace", "--role", "Release manager"]);
    let run = ws.json(&["run", "start", "2", "--release", "r7", "--env", "staging"]);
    let id = run["id"].to_string();
    let steps: Vec<String> = run["steps"].as_array().unwrap().iter().map(|s| s["step_id"].to_string()).collect();

    // `1.3` and the id of the same step are the same step.
    let out = ws.ok(&["run", "step", &id, "1.3", "done"]);
    assert!(out.starts_with("Step 1.3 is done (event #"), "{out}");
    let out = ws.ok(&["run", "step", &id, &steps[3], "done", "--as", "Dana Reyes"]);
    assert!(out.starts_with("Step 1.4 is done (event #"), "an id is answered with the number: {out}");
    let out = ws.ok(&["run", "note", &id, "1.4", "checked twice"]);
    assert_eq!(out.trim(), "Note added to step 1.4");
    let shown = ws.ok(&["run", "show", &id]);
    assert!(shown.contains("  [x] 1.3 "), "run show numbers steps phase.step: {shown}");

    // Ticking it again names who ticked it and when.
    let (code, _, err) = result(&ws.run(&["run", "step", &id, "1.4", "done"]));
    assert_eq!(code, 2);
    assert!(err.contains("it is done (Dana Reyes ticked this "), "{err}");

    // A number that is not in the plan, or not a number at all, is a clear error.
    let (code, _, err) = result(&ws.run(&["run", "step", &id, "2.1", "done"]));
    assert_eq!(code, 2);
    assert!(err.contains("step 2.1 (the plan has 1 phase(s)) not found"), "{err}");
    let (code, _, err) = result(&ws.run(&["run", "step", &id, "1.x", "done"]));
    assert_eq!(code, 2);
    assert!(err.contains("neither a step number like 4.3 nor a step id"), "{err}");

    // A failure is loud in the list and the run.
    ws.ok(&["run", "step", &id, "1.5", "fail", "--reason", "pager not wired"]);
    let list = ws.ok(&["run", "list"]);
    assert!(list.contains("NEEDS ATTENTION: 1 failed · needs a decision"), "{list}");
    assert!(ws.ok(&["run", "show", &id]).contains("NEEDS ATTENTION: 1 failed · needs a decision"));
    let listed = ws.json(&["run", "list"]);
    let row = listed
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"].as_i64().map(|n| n.to_string()).as_deref() == Some(id.as_str()))
        .unwrap();
    assert_eq!((row["failed_steps"].as_u64(), row["blocked_steps"].as_u64()), (Some(1), Some(0)));
}
