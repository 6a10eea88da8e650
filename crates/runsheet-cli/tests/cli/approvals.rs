//! Approval capture through the real binary: gates that open only on their requirements, sign-offs signed with
//! keys kept in a real OS keyring (gnome-keyring in a private D-Bus session), checked by stock OpenSSH
//! (`ssh-keygen -Y verify` and `-Y sign`) in both directions, and tampering found by `audit verify`.

use std::path::Path;
use std::process::Command;

use crate::support::{in_keyring_session, Workspace};

/// A production environment and a runbook whose second step is a gate: two sign-off roles and a go/no-go board.
const PLAN: &str = r#"version: 1
environments:
  production:
    tier: production
runbooks:
- title: Gated go-live
  phases:
  - title: Cutover
    steps:
    - title: Prepare
    - title: Production go/no-go
      kind: gate
      gate:
        requirements:
        - kind: sign_off
          roles: [Engineering Lead, QA Lead]
        - kind: go_no_go
          go: [Staging validation successful]
          no_go: [Unresolved security vulnerabilities]
    - title: Switch traffic
"#;

/// Shell helpers for the scripts below: `want CODE cmd…` runs a command and fails the script (exit 99) unless it
/// exits with CODE; its stdout and stderr are left in `$OUT` and `$ERR`.
const HELPERS: &str = r#"
R() { "$RUNSHEET" --data-dir "$WS" "$@"; }
want() {
  local code=$1; shift
  "$@" >"$WS/out" 2>"$WS/err"; local got=$?
  OUT=$(cat "$WS/out"); ERR=$(cat "$WS/err")
  if [ "$got" != "$code" ]; then echo "FAIL: $* exited $got, wanted $code. stdout: $OUT stderr: $ERR"; exit 99; fi
}
has() { case "$1" in *"$2"*) ;; *) echo "FAIL: expected \"$2\" in: $1"; exit 99;; esac; }
"#;

fn ssh_keygen_present() {
    let found = Command::new("sh").arg("-c").arg("command -v ssh-keygen").output().unwrap();
    assert!(found.status.success(), "`ssh-keygen` is missing: install openssh-client (scripts/setup.sh --test)");
}

fn prepare(ws: &Workspace) -> std::path::PathBuf {
    let plan = ws.dir.path().join("plan.yaml");
    std::fs::write(&plan, PLAN).unwrap();
    plan
}

fn run_script(dir: &Path, body: &str) -> String {
    let (code, out, err) = in_keyring_session(dir, &format!("set +e\n{HELPERS}\n{body}\necho SCRIPT-DONE"));
    assert!(code == 0 && out.contains("SCRIPT-DONE"), "script failed ({code}):\n{out}\n{err}");
    out
}

#[test]
fn a_gate_opens_on_signed_sign_offs_that_ssh_keygen_verifies_and_tampering_is_named() {
    ssh_keygen_present();
    let ws = Workspace::new();
    let plan = prepare(&ws);
    let out = run_script(
        ws.dir.path(),
        &format!(
            r#"
want 0 R profile set --name Ada --role "Release Manager" --role "Engineering Lead"
want 0 R runbook import {plan}
want 0 R run start 1 --release v2.0 --env production

# The run's starter may not approve a production gate, even holding the role.
want 1 R signoff add 1 2 --role "Engineering Lead" --decision approve
has "$ERR" "separation-of-duties"
# A role the gate does not ask for, and one the person does not hold.
want 1 R signoff add 1 2 --role "DBA" --decision approve
has "$ERR" "role-not-requested"
want 1 R signoff add 1 2 --role "QA Lead" --decision approve
has "$ERR" "role-not-held"
# The gate is closed: ticking it is refused with what it waits for.
want 1 R run step 1 2 done
has "$ERR" "waiting on Engineering Lead, QA Lead"

# Grace holds both roles but fills one; a rejection blocks until she withdraws it.
want 0 R profile set --name Grace --role "QA Lead" --role "Engineering Lead"
want 0 R signoff add 1 2 --role "QA Lead" --decision reject --comment "smoke tests still red"
want 0 R gate status 1 2
has "$OUT" "rejected by Grace (QA Lead)"
want 1 R signoff add 1 2 --role "Engineering Lead" --decision approve
has "$ERR" "one-role-per-person"
want 0 R signoff withdraw 1 --reason "smoke tests green now"
want 0 R signoff add 1 2 --role "QA Lead" --decision approve-with-conditions --comment "watch p95"

# Two of two roles signed, but the board still waits.
want 0 R profile set --name Linus --role "Engineering Lead"
want 0 R signoff add 1 2 --role "Engineering Lead" --decision approve
want 0 R gate status 1 2 --json
has "$OUT" '"awaiting_roles": []'
want 1 R run step 1 2 done
has "$ERR" "Go/no-go"

# GO is refused until the criteria hold, and only a Release Manager records it.
want 1 R decide 1 2 go --reason "all green"
has "$ERR" "decision-role"
want 0 R profile set --name Ada --role "Release Manager"
want 1 R decide 1 2 go --reason "all green"
has "$ERR" "go-criteria"
want 0 R criteria set 1 2 1 met
want 0 R criteria set 1 2 2 unmet --note "scan clean"
want 0 R decide 1 2 go --reason "all green"
want 0 R run step 1 2 done

# The auditor's export verifies with stock OpenSSH, and not after one byte changes.
want 0 R signoff list 1
has "$OUT" "verified"
want 0 R signoff export 1 --out "$WS/audit"
cd "$WS/audit"
for n in 2 3; do
  principal=$(grep -o '"principal":"[^"]*"' $n.json | head -1 | cut -d'"' -f4)
  want 0 ssh-keygen -Y verify -f allowed_signers -I "$principal" -n signoff@runsheet -s $n.json.sig < $n.json
done
grep -q "ssh-keygen -Y verify -f allowed_signers" VERIFY.txt || {{ echo "FAIL: VERIFY.txt"; exit 99; }}
sed -i 's/watch p95/watch p99/' 2.json
want 255 ssh-keygen -Y verify -f allowed_signers -I "grace@runsheet.local" -n signoff@runsheet -s 2.json.sig < 2.json
cd - >/dev/null

want 0 R audit verify
has "$OUT" "3 sign-off signatures verified"
"#,
            plan = plan.display()
        ),
    );
    assert!(out.contains("SCRIPT-DONE"));

    // Edits behind Runsheet's back, with the guard triggers dropped: each is named by `audit verify`.
    for (column, value) in [("comment", "'looks fine'"), ("decision", "'approve'"), ("role", "'Engineering Lead'")] {
        let copy = ws.dir.path().join(format!("tampered-{column}"));
        std::fs::create_dir_all(&copy).unwrap();
        std::fs::copy(ws.db(), copy.join("runsheet.db")).unwrap();
        let sql = format!(
            "DROP TRIGGER sign_offs_signed_fields_fixed; UPDATE sign_offs SET {column} = {value} WHERE id = 2;"
        );
        let status = Command::new("sqlite3").arg(copy.join("runsheet.db")).arg(sql).status().unwrap();
        assert!(status.success());
        let verify = Command::new(env!("CARGO_BIN_EXE_runsheet"))
            .args(["--data-dir", copy.to_str().unwrap(), "audit", "verify"])
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&verify.stdout);
        assert_eq!(verify.status.code(), Some(1), "{column}: {text}");
        assert!(
            text.contains("sign-off 2 (QA Lead, Grace)") || text.contains("sign-off 2 (Engineering Lead, Grace)"),
            "{text}"
        );
        assert!(text.contains(column) || text.contains("statement"), "{column}: {text}");
    }
}

#[test]
fn a_request_signed_by_stock_ssh_keygen_is_imported_and_forgeries_are_refused() {
    ssh_keygen_present();
    let ws = Workspace::new();
    let plan = prepare(&ws);
    run_script(
        ws.dir.path(),
        &format!(
            r#"
want 0 R profile set --name Ada --role "Release Manager"
want 0 R runbook import {plan}
want 0 R run start 1 --release v2.0 --env production
want 0 R run start 1 --release v2.1 --env production --override-reason "a second run for the replay checks"
ssh-keygen -q -t ed25519 -N '' -C dana -f "$WS/dana" || exit 99
ssh-keygen -q -t ed25519 -N '' -C mallory -f "$WS/mallory" || exit 99
want 0 R people add --name Dana --principal dana@example.com --role "QA Lead" --key "$(cat "$WS/dana.pub")"
has "$OUT" "$(ssh-keygen -lf "$WS/dana.pub" | cut -d' ' -f2)"

want 0 R signoff request 1 2 --role "QA Lead" --out "$WS/request.json"
cp "$WS/request.json" "$WS/pristine.json"
want 0 ssh-keygen -Y sign -f "$WS/dana" -n signoff@runsheet "$WS/request.json"

# Edited after signing: refused, nothing recorded.
sed 's/"release":"v2.0"/"release":"v9.9"/' "$WS/pristine.json" > "$WS/edited.json"
want 1 R signoff import "$WS/edited.json" "$WS/request.json.sig"
has "$ERR" "edited after signing"
# Signed by a key registered to nobody.
cp "$WS/pristine.json" "$WS/by-mallory.json"
want 0 ssh-keygen -Y sign -f "$WS/mallory" -n signoff@runsheet "$WS/by-mallory.json"
want 1 R signoff import "$WS/by-mallory.json" "$WS/by-mallory.json.sig"
has "$ERR" "registered to nobody"
# A request for another run, answered and imported against it: the answer is for run 2's request only.
want 0 R signoff request 2 2 --role "QA Lead" --out "$WS/request2.json"

want 0 R signoff import "$WS/request.json" "$WS/request.json.sig"
has "$OUT" "Dana as QA Lead"
has "$OUT" "signature verified"
# Replayed: the same answer again.
want 1 R signoff import "$WS/request.json" "$WS/request.json.sig"
has "$ERR" "replayed"
want 0 R gate status 1 2 --json
has "$OUT" '"awaiting_roles": [
          "Engineering Lead"
        ]'
want 0 R signoff list 1 --json
has "$OUT" '"request_nonce": "'
has "$OUT" '"signature_valid": true'
want 0 R audit verify
has "$OUT" "1 sign-off signatures verified"

# In Runsheet itself: the stakeholder's own workspace answers the request, the requester imports the response.
export OTHER="$WS/other"
want 0 "$RUNSHEET" --data-dir "$OTHER" profile set --name Erin --role "QA Lead"
want 0 "$RUNSHEET" --data-dir "$OTHER" signoff sign "$WS/request2.json" --out "$WS/response.json" --comment "ok from afar"
key=$(grep -o 'ssh-ed25519 [A-Za-z0-9+/=]*' "$WS/out" | head -1)
# Not registered yet: refused; registered: imported, with the comment Erin signed.
want 1 R signoff import "$WS/response.json"
has "$ERR" "registered to nobody"
want 0 R people add --name Erin --principal erin@runsheet.local --role "QA Lead" --key "$key"
want 0 R signoff import "$WS/response.json"
has "$OUT" "Erin as QA Lead"
want 0 R signoff list 2
has "$OUT" "ok from afar"
"#,
            plan = plan.display()
        ),
    );
}

#[test]
fn signing_without_a_usable_keyring_records_nothing() {
    let ws = Workspace::new();
    let plan = prepare(&ws);
    ws.ok(&["profile", "set", "--name", "Grace", "--role", "QA Lead"]);
    ws.ok(&["runbook", "import", plan.to_str().unwrap()]);
    ws.ok(&["run", "start", "1", "--release", "v2.0", "--env", "production", "--as", "Ada"]);
    let out = ws
        .command()
        .args(["signoff", "add", "1", "2", "--role", "QA Lead", "--decision", "approve"])
        .env("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/bus")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("keyring") && stderr.contains("nothing was recorded"), "{stderr}");
    assert!(ws.ok(&["signoff", "list", "1"]).contains("no sign-offs"));
}
