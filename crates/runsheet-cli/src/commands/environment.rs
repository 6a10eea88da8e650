use std::io::Write;

use anyhow::Context;
use chrono::{DateTime, NaiveDateTime, Utc};
use runsheet_core::window::{parse_duration_min, utc_text};
use runsheet_core::{ChangeWindow, Day, Environment, Error as DomainError, Freeze, WindowVerdict};
use runsheet_store::Store;

use super::{actor, print_json};
use crate::args::{EnvironmentCommand, ScheduleItem};
use crate::output::table;

pub(crate) async fn run(store: &Store, cmd: EnvironmentCommand, out: &mut dyn Write) -> anyhow::Result<()> {
    match cmd {
        EnvironmentCommand::List(json) => {
            let list = store.list_environments().await?;
            if json.json {
                return print_json(out, &list);
            }
            let mut rows = vec![["ID", "NAME", "TIER", "COLOUR", "VARIABLES"].map(String::from).to_vec()];
            for env in list {
                rows.push(vec![
                    env.id.to_string(),
                    env.name,
                    env.tier.as_str().into(),
                    env.colour.map(|c| c.as_str()).unwrap_or("").into(),
                    env.variables.iter().map(|v| format!("{}={}", v.key, v.value)).collect::<Vec<_>>().join(" "),
                ]);
            }
            write!(out, "{}", table(&rows))?;
        }
        EnvironmentCommand::Freeze { environment: name, from, to, reason, actor: who } => {
            let (from, to) = (parse_time("--from", &from)?, parse_time("--to", &to)?);
            let env = by_name(store, &name).await?;
            let who = actor(store, who).await?;
            let f = store.add_freeze(&who, env.id, Freeze { id: 0, from, to, reason }).await?;
            writeln!(out, "Freeze {} on {}: {} to {}: {}", f.id, env.name, utc_text(f.from), utc_text(f.to), f.reason)?;
        }
        EnvironmentCommand::Window { environment: name, days, start, duration, tz, actor: who } => {
            let w = ChangeWindow {
                id: 0,
                days: Day::parse_list(&days)?,
                start,
                duration_min: parse_duration_min(&duration)?,
                tz,
            };
            let env = by_name(store, &name).await?;
            let who = actor(store, who).await?;
            let w = store.add_window(&who, env.id, w).await?;
            writeln!(out, "Change window {} on {}: {}", w.id, env.name, w.label())?;
        }
        EnvironmentCommand::Windows { environment: name, json } => {
            let env = by_name(store, &name).await?;
            let ew = store.environment_windows(env.id).await?;
            if json.json {
                return print_json(out, &ew);
            }
            let state = if ew.now.is_open() { "OPEN" } else { "CLOSED" };
            writeln!(out, "{}: {state} — {}", ew.environment, ew.now.detail())?;
            if let WindowVerdict::Closed { next_open: Some(next), .. } = &ew.now {
                writeln!(out, "next open: {}", utc_text(*next))?;
            }
            if !ew.production {
                writeln!(out, "(not production-tier: its gates are not held to these windows)")?;
            }
            if ew.windows.is_empty() {
                writeln!(out, "\nNo change windows: changes may go in at any time outside a freeze.")?;
            } else {
                let mut rows = vec![["ID", "WINDOW"].map(String::from).to_vec()];
                rows.extend(ew.windows.iter().map(|w| vec![w.id.to_string(), w.label()]));
                write!(out, "\nChange windows\n{}", table(&rows))?;
            }
            if !ew.freezes.is_empty() {
                let mut rows = vec![["ID", "FROM", "TO", "REASON"].map(String::from).to_vec()];
                rows.extend(
                    ew.freezes
                        .iter()
                        .map(|f| vec![f.id.to_string(), utc_text(f.from), utc_text(f.to), f.reason.clone()]),
                );
                write!(out, "\nFreezes\n{}", table(&rows))?;
            }
        }
        EnvironmentCommand::Unschedule { what, id, actor: who } => {
            let who = actor(store, who).await?;
            match what {
                ScheduleItem::Window => store.remove_window(&who, id).await?,
                ScheduleItem::Freeze => store.remove_freeze(&who, id).await?,
            }
            let what = if matches!(what, ScheduleItem::Window) { "Change window" } else { "Freeze" };
            writeln!(out, "{what} {id} removed")?;
        }
    }
    Ok(())
}

pub(crate) async fn by_name(store: &Store, name: &str) -> anyhow::Result<Environment> {
    store
        .list_environments()
        .await?
        .into_iter()
        .find(|e| e.name == name)
        .with_context(|| format!("no environment named `{name}` (see `runsheet env list`)"))
}

/// RFC 3339 (`2026-12-24T18:00:00+01:00`, `2026-12-24T17:00Z`), or `2026-12-24 18:00` / `2026-12-24T18:00` in UTC.
pub(crate) fn parse_time(flag: &str, s: &str) -> anyhow::Result<DateTime<Utc>> {
    let t = s.trim();
    if let Ok(d) = DateTime::parse_from_rfc3339(t) {
        return Ok(d.with_timezone(&Utc));
    }
    let body = t.strip_suffix('Z').or_else(|| t.strip_suffix(" UTC")).unwrap_or(t);
    for format in ["%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S"] {
        if let Ok(n) = NaiveDateTime::parse_from_str(body, format) {
            return Ok(n.and_utc());
        }
    }
    Err(DomainError::invalid(
        flag,
        format!("`{t}` is not a time: use 2026-12-24T18:00Z, RFC 3339 with an offset, or `2026-12-24 18:00` (UTC)"),
    )
    .into())
}
