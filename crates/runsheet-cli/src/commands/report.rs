//! `runsheet run report ID`: a run's report as Markdown or self-contained HTML.

use std::io::Write;

use runsheet_formats::report::{self, Format};
use runsheet_store::Store;

use super::export::Sink;
use crate::args::{ReportArgs, ReportFormat};

pub(crate) async fn run(store: &Store, args: ReportArgs, out: &mut dyn Write) -> anyhow::Result<()> {
    let format = match (args.format, &args.out) {
        (Some(ReportFormat::Html), _) => Format::Html,
        (Some(ReportFormat::Md), _) => Format::Markdown,
        (None, Some(path))
            if path.extension().is_some_and(|e| e.eq_ignore_ascii_case("html") || e.eq_ignore_ascii_case("htm")) =>
        {
            Format::Html
        }
        (None, _) => Format::Markdown,
    };
    let generated_by = store.get_profile().await?.map(|p| p.name);
    let data = report::load_report_data(store, args.id, generated_by).await?;
    let text = report::render(&report::build(&data), format)?;
    let mut sink = Sink::open(args.out.as_deref(), out)?;
    sink.writer().write_all(text.as_bytes())?;
    sink.finish()
}
