//! `runsheet workspace …` (team workspaces on PostgreSQL) and `runsheet watch`.

use std::io::{Read, Write};

use anyhow::Context;
use runsheet_store::{redacted, ChangeFeed, MemberPerson, NewMember, NewPerson, Store};

use super::print_json;
use crate::args::{MemberCommand, WorkspaceCommand};

pub(crate) async fn run(
    cmd: WorkspaceCommand,
    data_dir: Option<std::path::PathBuf>,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    match cmd {
        WorkspaceCommand::Push { url, json } => {
            let dir = runsheet_store::data_dir::resolve(data_dir).context("no data directory: pass --data-dir DIR")?;
            let local = Store::open_dir(&dir).await?;
            let team = Store::connect_saved(&url).await?;
            let report = local.push_to(&team).await?;
            if json.json {
                print_json(out, &report)?;
            } else {
                writeln!(
                    out,
                    "pushed {} rows in {} tables to {}: the chain of {} events and {} sign-off signatures verifies \
                     there",
                    report.rows,
                    report.tables,
                    redacted(&url),
                    report.events,
                    report.sign_offs_verified
                )?;
            }
            local.close().await;
            team.close().await;
        }
        WorkspaceCommand::Connect { url } => {
            let password = read_password("the workspace's password")?;
            let store = Store::save_workspace_password(&url, &password).await?;
            // The app's workspace switcher offers it from now on.
            if let Some(dir) = runsheet_store::data_dir::resolve(data_dir) {
                if let Err(e) = runsheet_store::RecentWorkspaces::update(&dir, |r| r.add(&url)) {
                    tracing::warn!("could not add the workspace to the app's list: {e}");
                }
            }
            match store.identity() {
                Some(me) => writeln!(
                    out,
                    "connected to {} as {} ({}); the password is in the OS keyring",
                    redacted(&url),
                    me.person.name,
                    me.login
                )?,
                None => writeln!(
                    out,
                    "connected to {}; the password is in the OS keyring. This login is not a member: it can read, and \
                     change nothing unless it owns the workspace",
                    redacted(&url)
                )?,
            }
            store.close().await;
        }
        WorkspaceCommand::Init { url } => {
            let store = Store::connect_saved(&url).await?;
            let roles = store.init_team().await?;
            writeln!(
                out,
                "team workspace ready at {}: members get role {}, admins {}. Add people with `runsheet workspace \
                 member add {} --login NAME --person \"Full Name\"`",
                redacted(&url),
                roles.member,
                roles.admin,
                redacted(&url)
            )?;
            store.close().await;
        }
        WorkspaceCommand::Member(MemberCommand::Add { url, login, person, principal, roles, admin, json }) => {
            let password = read_password("the new member's password")?;
            let store = Store::connect_saved(&url).await?;
            let actor = match store.get_profile().await? {
                Some(profile) => profile.name,
                None => std::env::var("USER").map(|u| format!("{u} (cli)")).unwrap_or_else(|_| "owner (cli)".into()),
            };
            let who = match store.find_person(&person).await {
                Ok(found) => MemberPerson::Existing(found.principal),
                Err(e) if e.is_not_found() => MemberPerson::New(NewPerson {
                    name: person.clone(),
                    principal: principal.unwrap_or_else(|| format!("{login}@{}", host(&url))),
                    roles,
                    public_key: None,
                }),
                Err(e) => return Err(e.into()),
            };
            let member = store.add_member(&actor, NewMember { login, password, person: who, admin }).await?;
            if json.json {
                print_json(
                    out,
                    &serde_json::json!({ "login": member.login, "person": member.person, "admin": member.admin }),
                )?;
            } else {
                writeln!(
                    out,
                    "member `{}` added: acts as {} ({}){}",
                    member.login,
                    member.person.name,
                    member.person.principal,
                    if member.admin { ", admin" } else { "" }
                )?;
            }
            store.close().await;
        }
    }
    Ok(())
}

/// Streams changes until interrupted: each audit event after `since` (default: the head now), one line each.
pub(crate) async fn watch(store: &Store, since: Option<i64>, json: bool, out: &mut dyn Write) -> anyhow::Result<()> {
    // Registered before anything is printed, so an interrupt or a stop (a service manager's SIGTERM) that comes
    // while catching up is not lost; both end the stream cleanly.
    let mut interrupt = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::interrupt())?;
    let mut terminate = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())?;
    let mut feed = store.watch().await?;
    let mut seen = since.unwrap_or(feed.head().audit_head);
    loop {
        // Catch up first (with --since, or changes made between two waits), then wait for the next change.
        loop {
            let events = store.audit_since(seen, 1000).await?;
            let Some(last) = events.last().map(|e| e.seq) else { break };
            for event in &events {
                if json {
                    serde_json::to_writer(&mut *out, event)?;
                    writeln!(out)?;
                } else {
                    let run = event.run_id.map(|r| format!(" (run {r})")).unwrap_or_default();
                    writeln!(
                        out,
                        "{} #{} {} {} {}{run}",
                        event.at.format("%Y-%m-%d %H:%M:%S"),
                        event.seq,
                        event.actor,
                        event.action,
                        event.subject
                    )?;
                }
            }
            out.flush()?;
            seen = last;
        }
        tokio::select! {
            change = feed.next_change() => { change?; }
            _ = interrupt.recv() => return Ok(()),
            _ = terminate.recv() => return Ok(()),
        }
    }
}

fn read_password(what: &str) -> anyhow::Result<String> {
    let mut password = String::new();
    std::io::stdin()
        .read_to_string(&mut password)
        .with_context(|| format!("cannot read {what} from standard input"))?;
    let password = password.trim_end_matches(['\n', '\r']).to_string();
    anyhow::ensure!(!password.is_empty(), "{what} is empty: give it on standard input");
    Ok(password)
}

/// The host of a URL, for a default principal.
fn host(url: &str) -> String {
    url::Url::parse(url).ok().and_then(|u| u.host_str().map(str::to_string)).unwrap_or_else(|| "server".into())
}
