//! Run reports: one run's record as Markdown, or as one self-contained HTML file to save, mail or print.
//!
//! [`build`] turns [`ReportData`] (store-independent) into a [`Report`] of computed figures; [`to_markdown`] and
//! [`to_html`] render it with the templates in `templates/`. [`load_report_data`] fills the data from a store,
//! approvals included: each gate's requirements as evaluated, its go/no-go board, and every sign-off with its
//! signature checked.
//!
//! The HTML has its CSS inline and loads nothing: no scripts, fonts, images or style sheets. Every value is
//! escaped by the template engine; Markdown (notes, phase notes) is rendered and then sanitised, with images
//! removed so that the file never fetches anything.

mod approvals;
mod data;
mod load;
mod render;
mod view;

pub use approvals::{BoardView, CriterionView, DecisionView, GateView, RequirementView, SignOffView};
pub use data::{
    AuditEntry, AuditRecord, CriterionRecord, DecisionRecord, GateRecord, ReportData, RollbackRecord, SignOffRecord,
};
pub use load::load_report_data;
pub(crate) use render::{add_filters, squeeze_blank_lines};
pub use render::{markdown_to_html, to_html, to_markdown};
pub use view::{
    build, AuditView, CheckView, ContactView, NoteView, PhaseView, Report, RollbackView, StepView, Summary,
};

/// The output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Markdown.
    Markdown,
    /// Self-contained HTML.
    Html,
}

/// Renders in the given format.
pub fn render(report: &Report, format: Format) -> crate::Result<String> {
    match format {
        Format::Markdown => to_markdown(report),
        Format::Html => to_html(report),
    }
}
