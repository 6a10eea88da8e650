//! `runsheet run compare`: a live run beside a rehearsal of the same runbook.

use std::io::Write;

use runsheet_store::Store;

use super::print_json;
use crate::output::{duration_s, table};

pub(crate) async fn run(
    store: &Store,
    (live, rehearsal, threshold_min): (i64, Option<i64>, u32),
    json: bool,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    let c = store.compare_runs(live, rehearsal, i64::from(threshold_min) * 60).await?;
    if json {
        return print_json(out, &c);
    }
    let secs = |s: Option<i64>| s.map_or_else(|| "-".to_string(), duration_s);
    writeln!(
        out,
        "Run {} compared with rehearsal run {}: planned {}, rehearsed {}, live {}; {} step(s) slipped by more than {} min\n",
        c.live_run,
        c.rehearsal_run,
        duration_s(c.planned_total_s),
        secs(c.rehearsed_total_s),
        secs(c.actual_total_s),
        c.slipped,
        threshold_min
    )?;
    let mut rows = vec![["STEP", "PLANNED", "REHEARSED", "LIVE", "SLIP", "", "TITLE"].map(String::from).to_vec()];
    for s in &c.steps {
        let slip = s.slip_s.map_or_else(
            || "-".into(),
            |v| if v < 0 { format!("-{}", duration_s(-v)) } else { format!("+{}", duration_s(v)) },
        );
        let note = match (&s.difference, s.slipped) {
            (Some(d), _) => d.clone(),
            (None, true) => "SLIPPED".into(),
            (None, false) => String::new(),
        };
        rows.push(vec![
            s.number.clone(),
            secs(s.planned_s),
            secs(s.rehearsed_s),
            secs(s.actual_s),
            slip,
            note,
            s.title.clone(),
        ]);
    }
    write!(out, "{}", table(&rows))?;
    Ok(())
}
