//! `runsheet signoff …`: signed sign-offs on gates, remote sign-off by file, and the auditor's export.

use std::io::Write;
use std::path::Path;

use anyhow::Context;
use runsheet_core::Decision;
use runsheet_signoff::Signer;
use runsheet_store::Store;

use super::print_json;
use crate::args::SignOffCommand;
use crate::output::{table, when};

pub(crate) async fn run(store: &Store, cmd: SignOffCommand, out: &mut dyn Write) -> anyhow::Result<()> {
    match cmd {
        SignOffCommand::Add { run, step, role, decision, comment } => {
            let step = super::step_id(store, run, step).await?;
            let decision = Decision::parse(&decision)?;
            let (person, key) = store.profile_signer().await?;
            let s = store.sign_gate(&person, &key, run, step, &role, decision, &comment).await?;
            writeln!(
                out,
                "sign-off {} recorded: {} as {} — {} (key {})",
                s.id,
                s.person,
                s.role,
                s.decision.as_str().replace('_', " "),
                s.key_fingerprint
            )?;
        }
        SignOffCommand::List { run, json } => {
            let list = store.list_sign_offs(run).await?;
            if json.json {
                return print_json(out, &list);
            }
            if list.is_empty() {
                writeln!(out, "run {run} has no sign-offs")?;
                return Ok(());
            }
            let shown = store.get_run(run).await?;
            let mut rows = vec![["ID", "GATE", "ROLE", "PERSON", "DECISION", "SIGNED", "SIGNATURE", "COMMENT"]
                .map(String::from)
                .to_vec()];
            for s in &list {
                let state = if s.state == runsheet_core::SignOffState::Active {
                    String::new()
                } else {
                    format!(" ({})", s.state.as_str())
                };
                rows.push(vec![
                    s.id.to_string(),
                    super::step_label(&shown, s.step_id),
                    s.role.clone(),
                    s.person.clone(),
                    format!("{}{state}", s.decision.as_str().replace('_', " ")),
                    when(s.signed_at),
                    if s.signature_valid { "verified".into() } else { "BROKEN".into() },
                    s.comment.clone(),
                ]);
            }
            write!(out, "{}", table(&rows))?;
        }
        SignOffCommand::Withdraw { id, reason } => {
            let person = store.profile_person().await?;
            let s = store.lift_sign_off(&person, id, &reason).await?;
            writeln!(out, "sign-off {id} ({}, {}) is now {}", s.role, s.person, s.state.as_str())?;
        }
        SignOffCommand::Export { run, out: dir } => export(store, run, &dir, out).await?,
        SignOffCommand::Request { run, step, role, valid_for, out: file } => {
            let step = super::step_id(store, run, step).await?;
            let valid_for = parse_span(&valid_for)?;
            let actor = super::actor(store, crate::args::Actor { name: None }).await?;
            let text = store.request_sign_off(&actor, run, step, &role, valid_for).await?;
            std::fs::write(&file, &text).with_context(|| format!("cannot write {}", file.display()))?;
            writeln!(out, "sign-off request for {role} written to {}", file.display())?;
            writeln!(out, "the signer answers with `runsheet signoff sign {}` or", file.display())?;
            writeln!(
                out,
                "  ssh-keygen -Y sign -f ~/.ssh/id_ed25519 -n {} {}",
                runsheet_signoff::NAMESPACE,
                file.display()
            )?;
        }
        SignOffCommand::Sign { file, decision, comment, out: response } => {
            let decision = Decision::parse(&decision)?;
            let bytes = std::fs::read(&file).with_context(|| format!("cannot read {}", file.display()))?;
            let (person, key) = store.profile_signer().await?;
            let signer = Signer { name: person.name.clone(), principal: person.principal.clone() };
            let answer = runsheet_signoff::sign_request(&bytes, &key, signer, decision, &comment, chrono::Utc::now())?;
            std::fs::write(&response, answer.to_json())
                .with_context(|| format!("cannot write {}", response.display()))?;
            writeln!(out, "response written to {}, signed with key {}", response.display(), key.fingerprint())?;
            writeln!(out, "the requester registers your key once with: runsheet people add --name {:?} --principal {} --role … --key {:?}",
                person.name, person.principal, key.public_key())?;
        }
        SignOffCommand::Import { file, sig } => {
            let bytes = std::fs::read(&file).with_context(|| format!("cannot read {}", file.display()))?;
            let sig =
                sig.map(|p| std::fs::read(&p).with_context(|| format!("cannot read {}", p.display()))).transpose()?;
            let answer = runsheet_signoff::read_answer(&bytes, sig.as_deref())
                .with_context(|| format!("{} is refused", file.display()))?;
            let actor =
                super::actor(store, crate::args::Actor { name: None }).await.unwrap_or_else(|_| "import".into());
            let s = store.import_sign_off(&actor, answer).await?;
            writeln!(
                out,
                "sign-off {} imported: {} as {} — {} (key {}, signature verified)",
                s.id,
                s.person,
                s.role,
                s.decision.as_str().replace('_', " "),
                s.key_fingerprint
            )?;
        }
    }
    Ok(())
}

async fn export(store: &Store, run: i64, dir: &Path, out: &mut dyn Write) -> anyhow::Result<()> {
    let list = store.export_sign_offs(run).await?;
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let write = |name: &str, text: &str| {
        let path = dir.join(name);
        std::fs::write(&path, text).with_context(|| format!("cannot write {}", path.display()))
    };
    let mut signers: Vec<String> = Vec::new();
    let mut verify = String::from(
        "Each sign-off is an in-toto statement (<id>.json) with a detached SSHSIG signature (<id>.json.sig).\n\
         Check them with stock OpenSSH, in this directory:\n\n",
    );
    for (s, statement, signature, public_key) in &list {
        let file = format!("{}.json", s.id);
        write(&file, statement)?;
        write(&format!("{file}.sig"), signature)?;
        let line = runsheet_signoff::allowed_signers_line(&s.principal, public_key);
        if !signers.contains(&line) {
            signers.push(line);
        }
        verify.push_str(&format!("# sign-off {}: {} as {}, {}\n", s.id, s.person, s.role, s.decision.as_str()));
        verify.push_str(&runsheet_signoff::verify_command(&s.principal, &file, &format!("{file}.sig")));
        verify.push_str("\n\n");
    }
    write("allowed_signers", &(signers.join("\n") + "\n"))?;
    write("VERIFY.txt", &verify)?;
    writeln!(out, "{} sign-offs of run {run} written to {} (see VERIFY.txt)", list.len(), dir.display())?;
    Ok(())
}

/// `24h`, `3d`, `90m`.
fn parse_span(text: &str) -> anyhow::Result<chrono::Duration> {
    let t = text.trim();
    let (n, unit) = t.split_at(t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len()));
    let n: i64 = n.parse().with_context(|| format!("`{text}` is not a duration like 24h or 3d"))?;
    let d = match unit {
        "m" => chrono::Duration::minutes(n),
        "h" => chrono::Duration::hours(n),
        "d" => chrono::Duration::days(n),
        _ => anyhow::bail!("`{text}` is not a duration like 90m, 24h or 3d"),
    };
    anyhow::ensure!(n > 0 && d <= chrono::Duration::days(90), "`{text}`: give 1 minute to 90 days");
    Ok(d)
}
