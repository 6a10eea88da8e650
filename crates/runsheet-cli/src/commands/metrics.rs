//! `runsheet metrics`: the five DORA keys from run history, as text, JSON or CSV.

use std::io::Write;

use anyhow::anyhow;
use chrono::{DateTime, FixedOffset, Local, NaiveDate, Offset, TimeZone, Utc};
use runsheet_core::{Error as DomainError, Metric, Metrics, MetricsQuery};
use runsheet_store::Store;

use super::print_json;
use crate::args::MetricsArgs;
use crate::output::{duration_s, table};

pub(crate) async fn run(store: &Store, args: MetricsArgs, out: &mut dyn Write) -> anyhow::Result<()> {
    let offset = match &args.utc_offset {
        Some(text) => parse_offset(text)?,
        None => Local::now().offset().fix(),
    };
    let until = match &args.until {
        Some(text) => parse_day_or_time("--until", text, offset)?,
        None => Utc::now(),
    };
    let since = args.since.as_deref().map(|t| parse_day_or_time("--since", t, offset)).transpose()?;
    let query = MetricsQuery {
        environment: args.environment.clone(),
        since,
        until,
        utc_offset_min: offset.local_minus_utc() / 60,
    };
    if let Some(name) = &query.environment {
        if !store.list_environments().await?.iter().any(|e| &e.name == name) {
            return Err(anyhow!("no environment named `{name}` (see `runsheet env list`)"));
        }
    }
    let metrics = store.metrics(&query).await?;
    if args.json {
        return print_json(out, &metrics);
    }
    if args.csv {
        return csv(&metrics, out);
    }
    text(&metrics, &query, out)
}

fn keys(m: &Metrics) -> [(&'static str, &Metric); 5] {
    [
        ("deployment_frequency", &m.deployment_frequency),
        ("change_lead_time", &m.change_lead_time),
        ("change_fail_rate", &m.change_fail_rate),
        ("failed_deployment_recovery_time", &m.failed_deployment_recovery_time),
        ("deployment_rework_rate", &m.deployment_rework_rate),
    ]
}

fn csv(m: &Metrics, out: &mut dyn Write) -> anyhow::Result<()> {
    writeln!(out, "metric,value,unit,count,from,to")?;
    for (name, metric) in keys(m) {
        writeln!(
            out,
            "{name},{},{},{},{},{}",
            metric.value.map(|v| v.to_string()).unwrap_or_default(),
            metric.unit,
            metric.count,
            metric.period.from.to_rfc3339(),
            metric.period.to.to_rfc3339()
        )?;
    }
    Ok(())
}

fn text(m: &Metrics, query: &MetricsQuery, out: &mut dyn Write) -> anyhow::Result<()> {
    let p = m.deployment_frequency.period;
    let scope = match &query.environment {
        Some(name) => format!("environment {name}"),
        None => "production-tier environments".to_string(),
    };
    writeln!(
        out,
        "Deployment metrics, {scope}, {} to {} (rehearsals excluded)\n",
        p.from.format("%Y-%m-%d %H:%M UTC"),
        p.to.format("%Y-%m-%d %H:%M UTC")
    )?;
    let s = &m.summary;
    if s.deployments == 0 {
        writeln!(out, "No deployments in this period.")?;
        return Ok(());
    }
    let pct = |v: Option<f64>| v.map_or_else(|| "-".to_string(), |v| format!("{:.1} %", v * 100.0));
    let secs = |v: Option<f64>| v.map_or_else(|| "-".to_string(), |v| duration_s(v.round() as i64));
    let rows = vec![
        vec![
            "Deployment frequency".to_string(),
            format!(
                "{} per week ({} deployments)",
                m.deployment_frequency.value.map_or_else(|| "-".into(), |v| format!("{v:.2}")),
                s.deployments
            ),
        ],
        vec![
            "Change lead time".into(),
            format!(
                "median {}, p90 {} ({} with a change time)",
                secs(s.lead_time.median_s),
                secs(s.lead_time.p90_s),
                s.lead_time.count
            ),
        ],
        vec!["Change fail rate".into(), format!("{} ({} of {})", pct(s.change_fail_rate), s.failures, s.deployments)],
        vec![
            "Failed deployment recovery".into(),
            format!(
                "median {}, p90 {} ({} recovered, {} not yet)",
                secs(s.recovery.median_s),
                secs(s.recovery.p90_s),
                s.recovery.count,
                s.unrecovered
            ),
        ],
        vec!["Deployment rework rate".into(), format!("{} ({} of {})", pct(s.rework_rate), s.hotfixes, s.deployments)],
    ];
    write!(out, "{}", table(&rows))?;
    writeln!(out)?;
    let mut rows = vec![["MONTH", "DEPLOYMENTS", "FAIL RATE", "LEAD TIME (MEDIAN)", "RECOVERY (MEDIAN)"]
        .map(String::from)
        .to_vec()];
    for b in &m.monthly {
        rows.push(vec![
            b.key.clone(),
            b.deployments.to_string(),
            pct(b.change_fail_rate),
            secs(b.lead_time.median_s),
            secs(b.recovery.median_s),
        ]);
    }
    write!(out, "{}", table(&rows))?;
    Ok(())
}

/// `+02:00`, `-05:30`, `Z` or `UTC`.
fn parse_offset(text: &str) -> anyhow::Result<FixedOffset> {
    let t = text.trim();
    if t.eq_ignore_ascii_case("z") || t.eq_ignore_ascii_case("utc") {
        return Ok(FixedOffset::east_opt(0).expect("zero is an offset"));
    }
    let bad = || DomainError::invalid("--utc-offset", format!("`{t}` is not an offset: use +02:00, -05:00 or UTC"));
    let (sign, rest) = match t.as_bytes().first() {
        Some(b'+') => (1, &t[1..]),
        Some(b'-') => (-1, &t[1..]),
        _ => return Err(bad().into()),
    };
    let (h, m) = rest.split_once(':').unwrap_or((rest, "0"));
    let (h, m): (i32, i32) = (h.parse().map_err(|_| bad())?, m.parse().map_err(|_| bad())?);
    if h > 18 || m > 59 {
        return Err(bad().into());
    }
    FixedOffset::east_opt(sign * (h * 3600 + m * 60)).ok_or_else(|| bad().into())
}

/// A date (midnight at `offset`) or a time.
fn parse_day_or_time(flag: &str, text: &str, offset: FixedOffset) -> anyhow::Result<DateTime<Utc>> {
    if let Ok(day) = NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d") {
        let midnight = day.and_hms_opt(0, 0, 0).expect("midnight exists");
        return Ok(offset.from_local_datetime(&midnight).single().expect("a fixed offset is unambiguous").to_utc());
    }
    super::environment::parse_time(flag, text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_and_days_read() {
        assert_eq!(parse_offset("+02:00").unwrap().local_minus_utc(), 7200);
        assert_eq!(parse_offset("-05:30").unwrap().local_minus_utc(), -19_800);
        assert_eq!(parse_offset("UTC").unwrap().local_minus_utc(), 0);
        assert!(parse_offset("2").unwrap_err().to_string().contains("--utc-offset"));
        let plus2 = parse_offset("+02:00").unwrap();
        let t = parse_day_or_time("--since", "2026-03-02", plus2).unwrap();
        assert_eq!(t.to_rfc3339(), "2026-03-01T22:00:00+00:00");
        assert!(parse_day_or_time("--since", "March", plus2).unwrap_err().to_string().contains("--since"));
    }
}
