//! One module per noun; each function opens the store, makes one call, and prints.

mod audit;
mod check;
mod debug;
mod environment;
mod export;
mod gate;
mod import;
mod people;
mod profile;
mod report;
mod run;
mod runbook;
mod secret;
mod signoff;

use std::io::Write;

use anyhow::{anyhow, Context};
use runsheet_store::{data_dir, Store};

use crate::args::{Actor, AuditCommand, Cli, Command, RunGroup};

pub(crate) async fn dispatch(cli: Cli, out: &mut dyn Write) -> anyhow::Result<u8> {
    // A preview reads only the file: no workspace is needed or opened.
    let cli = match cli.command {
        Command::Import(args) if !args.save => return import::preview(args, out).map(|_| 0),
        // An exported audit trail is verified from the file alone.
        Command::Audit(AuditCommand::Verify { file: Some(file), json }) => {
            return audit::verify_file(&file, json.json, out)
        }
        command => Cli { command, ..cli },
    };
    let dir = data_dir::resolve(cli.data_dir)
        .ok_or_else(|| anyhow!("no data directory: pass --data-dir DIR or set {}", data_dir::DATA_DIR_ENV))?;
    let store = Store::open_dir(&dir).await?;
    let code = match cli.command {
        Command::Runbook(cmd) => runbook::run(&store, cmd, out).await.map(|_| 0),
        Command::Run(RunGroup::Run(cmd)) => run::run(&store, cmd, out).await.map(|_| 0),
        Command::Run(RunGroup::Report(args)) => report::run(&store, args, out).await.map(|_| 0),
        Command::Export(args) => export::run(&store, args, out).await.map(|_| 0),
        Command::Environment(cmd) => environment::run(&store, cmd, out).await.map(|_| 0),
        Command::Profile(cmd) => profile::run(&store, cmd, out).await.map(|_| 0),
        Command::Audit(cmd) => audit::run(&store, cmd, out).await,
        Command::Check(args) => check::run(&store, args, out).await,
        Command::Secret(cmd) => secret::run(&store, cmd, out).await.map(|_| 0),
        Command::Import(args) => import::save(&store, args, out).await.map(|_| 0),
        Command::Gate(cmd) => gate::status(&store, cmd, out).await.map(|_| 0),
        Command::SignOff(cmd) => signoff::run(&store, cmd, out).await.map(|_| 0),
        Command::People(cmd) => people::run(&store, cmd, out).await.map(|_| 0),
        Command::Decide { run, step, decision, reason } => {
            gate::decide(&store, (run, step, decision, reason), out).await.map(|_| 0)
        }
        Command::Criteria(cmd) => gate::criteria(&store, cmd, out).await.map(|_| 0),
        Command::Demo => demo(&store, out).await.map(|_| 0),
        Command::Debug(cmd) => debug::run(&store, cmd, out).await.map(|_| 0),
    };
    store.close().await;
    code
}

async fn demo(store: &Store, out: &mut dyn Write) -> anyhow::Result<()> {
    let demo = store.create_demo().await?;
    writeln!(
        out,
        "Demo workspace added in {}: runbook {}, checklist {}, run {} ({} {}) in progress.",
        store.path().display(),
        demo.runbook_id,
        demo.checklist_id,
        demo.run.id,
        demo.run.snapshot.title,
        demo.run.release
    )?;
    let sign_offs = store.list_sign_offs(demo.finished_run.id).await?;
    writeln!(
        out,
        "Run {} ({}) is completed: its cutover gate was passed by {} signed sign-offs ({}) and a GO.",
        demo.finished_run.id,
        demo.finished_run.release,
        sign_offs.len(),
        sign_offs.iter().map(|s| format!("{}, {}", s.person, s.role)).collect::<Vec<_>>().join("; ")
    )?;
    Ok(())
}

/// The name to record as actor: `--as`, else the profile's name.
async fn actor(store: &Store, actor: Actor) -> anyhow::Result<String> {
    if let Some(name) = actor.name.map(|n| n.trim().to_string()).filter(|n| !n.is_empty()) {
        return Ok(name);
    }
    let profile = store
        .get_profile()
        .await?
        .context("no profile yet: set your name with `runsheet profile set --name NAME`, or pass --as NAME")?;
    Ok(profile.name)
}

/// The name to record as actor for checks and secrets: `--as`, else the profile's name, else the OS user, so that
/// a pipeline needs no profile.
async fn actor_or_user(store: &Store, actor: Actor) -> anyhow::Result<String> {
    if actor.name.as_deref().is_some_and(|n| !n.trim().is_empty()) {
        return self::actor(store, actor).await;
    }
    if let Some(profile) = store.get_profile().await? {
        return Ok(profile.name);
    }
    let user = std::env::var("USER").or_else(|_| std::env::var("USERNAME")).unwrap_or_else(|_| "unknown".into());
    Ok(format!("{user} (cli)"))
}

fn print_json(out: &mut dyn Write, value: &impl serde::Serialize) -> anyhow::Result<()> {
    serde_json::to_writer_pretty(&mut *out, value)?;
    writeln!(out)?;
    Ok(())
}
