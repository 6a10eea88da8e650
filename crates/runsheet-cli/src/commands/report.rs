//! `runsheet run report ID` and `runsheet scorecard report ID`: a run's report, or a scorecard's readiness report,
//! as Markdown or self-contained HTML.

use std::io::Write;
use std::path::{Path, PathBuf};

use runsheet_formats::report::{self, Format};
use runsheet_store::Store;

use super::export::Sink;
use crate::args::{ReportArgs, ReportFormat};

pub(crate) async fn run(store: &Store, args: ReportArgs, out: &mut dyn Write) -> anyhow::Result<()> {
    let format = format_of(args.format, args.out.as_deref());
    let generated_by = store.get_profile().await?.map(|p| p.name);
    let data = report::load_report_data(store, args.id, generated_by).await?;
    let text = report::render(&report::build(&data), format)?;
    write_report(&text, format, args.out.as_deref(), &format!("Report of run {}", args.id), out)
}

/// `runsheet scorecard report ID`: a readiness report.
pub(crate) async fn readiness(
    store: &Store,
    (id, format, path): (i64, Option<ReportFormat>, Option<PathBuf>),
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    let format = format_of(format, path.as_deref());
    let generated_by = store.get_profile().await?.map(|p| p.name);
    let data = runsheet_formats::readiness::load_readiness_report(store, id, generated_by).await?;
    let text = runsheet_formats::readiness::render(&data, format)?;
    write_report(&text, format, path.as_deref(), &format!("Readiness report of scorecard {id}"), out)
}

/// The format asked for, else the one `--out`'s extension names, else Markdown.
fn format_of(format: Option<ReportFormat>, out: Option<&Path>) -> Format {
    match (format, out) {
        (Some(ReportFormat::Html), _) => Format::Html,
        (Some(ReportFormat::Md), _) => Format::Markdown,
        (None, Some(path))
            if path.extension().is_some_and(|e| e.eq_ignore_ascii_case("html") || e.eq_ignore_ascii_case("htm")) =>
        {
            Format::Html
        }
        (None, _) => Format::Markdown,
    }
}

fn write_report(
    text: &str,
    format: Format,
    path: Option<&Path>,
    what: &str,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    let mut sink = Sink::open(path, out)?;
    sink.writer().write_all(text.as_bytes())?;
    sink.finish()?;
    if let Some(path) = path {
        let kind = if format == Format::Html { "HTML" } else { "Markdown" };
        writeln!(out, "{what} written to {} ({kind})", path.display())?;
    }
    Ok(())
}
