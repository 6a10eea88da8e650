//! One module per noun; each function opens the store, makes one call, and prints.

mod audit;
mod check;
mod compare;
mod contacts;
mod debug;
mod environment;
mod export;
mod gate;
mod import;
mod metrics;
mod notify;
mod people;
mod profile;
mod report;
mod rollout;
mod run;
mod runbook;
mod scorecard;
mod secret;
mod signoff;
mod workspace;

use std::io::Write;

use anyhow::{anyhow, Context};
use runsheet_store::{data_dir, Store};

use crate::args::{Actor, AuditCommand, Cli, Command, RunCommand, RunGroup};

pub(crate) async fn dispatch(cli: Cli, out: &mut dyn Write) -> anyhow::Result<u8> {
    // A preview reads only the file: no workspace is needed or opened.
    let cli = match cli.command {
        Command::Import(args) if !args.save => return import::preview(args, out).map(|_| 0),
        // An exported audit trail is verified from the file alone.
        Command::Audit(AuditCommand::Verify { file: Some(file), json }) => {
            return audit::verify_file(&file, json.json, out)
        }
        // A team workspace's set-up names its server itself.
        Command::Workspace(cmd) => return workspace::run(cmd, cli.data_dir, out).await.map(|_| 0),
        command => Cli { command, ..cli },
    };
    let store = match &cli.workspace {
        Some(url) => Store::connect_saved(url).await?,
        None => {
            let dir = data_dir::resolve(cli.data_dir)
                .ok_or_else(|| anyhow!("no data directory: pass --data-dir DIR or set {}", data_dir::DATA_DIR_ENV))?;
            Store::open_dir(&dir).await?
        }
    };
    let code = match cli.command {
        Command::Runbook(cmd) => runbook::run(&store, cmd, out).await.map(|_| 0),
        Command::Run(RunGroup::Run(RunCommand::Checks { run, step, actor: who, json })) => {
            let who = actor(&store, who).await?;
            let step = step_id(&store, run, step).await?;
            check::run_step_checks(&store, &who, run, step, json.json, out).await
        }
        Command::Run(RunGroup::Run(cmd)) => run::run(&store, cmd, out).await.map(|_| 0),
        Command::Run(RunGroup::Report(args)) => report::run(&store, args, out).await.map(|_| 0),
        Command::Run(RunGroup::Rollback(args)) => rollout::rollback(&store, args, out).await.map(|_| 0),
        Command::Rollout(cmd) => rollout::run(&store, cmd, out).await,
        Command::Export(args) => export::run(&store, args, out).await.map(|_| 0),
        Command::Environment(cmd) => environment::run(&store, cmd, out).await.map(|_| 0),
        Command::Profile(cmd) => profile::run(&store, cmd, out).await.map(|_| 0),
        Command::Audit(cmd) => audit::run(&store, cmd, out).await,
        Command::Check(args) => check::run(&store, args, out).await,
        Command::Secret(cmd) => secret::run(&store, cmd, out).await.map(|_| 0),
        Command::Notify(cmd) => notify::run(&store, cmd, out).await,
        Command::Import(args) => import::save(&store, args, out).await.map(|_| 0),
        Command::Gate(cmd) => gate::status(&store, cmd, out).await.map(|_| 0),
        Command::SignOff(cmd) => signoff::run(&store, cmd, out).await.map(|_| 0),
        Command::People(cmd) => people::run(&store, cmd, out).await.map(|_| 0),
        Command::Decide { run, step, decision, reason } => match step_id(&store, run, step).await {
            Ok(step) => gate::decide(&store, (run, step, decision, reason), out).await.map(|_| 0),
            Err(e) => Err(e),
        },
        Command::Criteria(cmd) => gate::criteria(&store, cmd, out).await.map(|_| 0),
        Command::Scorecard(cmd) => scorecard::run(&store, cmd, out).await.map(|_| 0),
        Command::Metrics(args) => metrics::run(&store, args, out).await.map(|_| 0),
        Command::Demo { insight } => match demo(&store, out).await {
            Ok(()) if insight => demo_insight(&store, out).await.map(|_| 0),
            other => other.map(|_| 0),
        },
        Command::Debug(cmd) => debug::run(&store, cmd, out).await.map(|_| 0),
        Command::Watch { since, json } => workspace::watch(&store, since, json.json, out).await.map(|_| 0),
        Command::Workspace(_) => unreachable!("handled before a workspace is opened"),
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
    let canary = &demo.canary_run;
    let rollback = store.list_rollbacks(canary.id).await?.pop();
    if let Some(r) = rollback {
        writeln!(
            out,
            "Run {} ({} {}) was rolled back at 50 %: {}; level {} ({}), time to recover {}.",
            canary.id,
            canary.snapshot.title,
            canary.release,
            r.cause,
            r.level,
            r.title,
            crate::output::duration_s(r.time_to_recover_s)
        )?;
    }
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

async fn demo_insight(store: &Store, out: &mut dyn Write) -> anyhow::Result<()> {
    let insight = store.create_demo_insight(chrono::Utc::now()).await?;
    let s = &insight.scorecard;
    writeln!(
        out,
        "A year of run history added ({} runs: see `runsheet metrics`); run {} rehearsed v1.1.5 on staging, run {} is its \
         live run; scorecard {} ({}) scores {:.1}/100, {}.",
        insight.history.len(),
        insight.rehearsal_run,
        insight.live_run,
        s.id,
        s.name,
        s.score,
        s.verdict.as_str().replace('_', " ")
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

/// The id of the step a person named in a run: its number (`4.3`, as `run show` prints it) or its id.
pub(crate) async fn step_id(store: &Store, run: i64, step: runsheet_core::StepRef) -> anyhow::Result<i64> {
    let run = store.get_run(run).await?;
    run.snapshot.resolve_step(step).map_err(|e| anyhow!(e).context(format!("in run {}", run.id)))
}

/// A step's number in a run (`4.3`), or its id as `#17` if the snapshot does not hold it.
pub(crate) fn step_label(run: &runsheet_core::Run, step_id: i64) -> String {
    run.snapshot.step_number(step_id).map_or_else(|| format!("#{step_id}"), |n| n.to_string())
}
