//! Readiness reports: a scorecard as scored, with each rule's state and evidence, and its score history, as
//! Markdown or one self-contained HTML file. The same scorecard section appears in run reports (for the scorecards
//! of the run's environment and runbook).

use chrono::{DateTime, Utc};
use minijinja::{AutoEscape, Environment, Value};
use runsheet_core::scorecard::{EvidenceKind, RuleState, ScorePoint, ScorecardStatus, Verdict};
use runsheet_store::Store;
use serde::Serialize;
use tracing::instrument;

use crate::report::Format;
use crate::Result;

const SCORECARD_HTML: &str = include_str!("../templates/scorecard.html.j2");
const SCORECARD_MD: &str = include_str!("../templates/scorecard.md.j2");
const READINESS_HTML: &str = include_str!("../templates/readiness.html.j2");
const READINESS_MD: &str = include_str!("../templates/readiness.md.j2");
const STYLE: &str = include_str!("../templates/report.css");

/// How many of the newest scores the standalone report lists.
const HISTORY_ROWS: usize = 30;

/// A scorecard ready for the templates.
#[derive(Debug, Clone, Serialize)]
pub struct ScorecardView {
    /// Its id.
    pub id: i64,
    /// Its name.
    pub name: String,
    /// The environment its checks run against.
    pub environment: Option<String>,
    /// `72.5`.
    pub score: String,
    /// `Ready` or `Not ready`.
    pub verdict: &'static str,
    /// `good` or `bad`, for the HTML.
    pub verdict_class: &'static str,
    /// The score a ready verdict needs.
    pub threshold: u8,
    /// Critical rules not met, by id.
    pub critical_unmet: Vec<String>,
    /// `5 met · 1 unmet · 1 not applicable · 1 expired · 0 unanswered`.
    pub counts: String,
    /// When it was scored.
    pub scored_at: String,
    /// Categories in order.
    pub categories: Vec<CategoryView>,
}

/// A category of a scorecard.
#[derive(Debug, Clone, Serialize)]
pub struct CategoryView {
    /// Its name.
    pub name: String,
    /// `80.0 %`, or `n/a` when every rule is not applicable.
    pub score: String,
    /// Its rules.
    pub rules: Vec<RuleView>,
}

/// A rule with its state and evidence.
#[derive(Debug, Clone, Serialize)]
pub struct RuleView {
    /// `R3`.
    pub id: String,
    /// Its title.
    pub title: String,
    /// `critical`, `high`, `medium` or `low`.
    pub level: &'static str,
    /// Its weight.
    pub weight: u32,
    /// `met`, `unmet`, `not applicable`, `expired` or `unanswered`.
    pub state: &'static str,
    /// `good`, `bad`, `warn` or `muted`, for the HTML.
    pub state_class: &'static str,
    /// The evidence, in words.
    pub evidence: String,
    /// `signed`, `unsigned` or empty (no evidence that meets it).
    pub signature: &'static str,
}

/// One recorded score.
#[derive(Debug, Clone, Serialize)]
pub struct ScoreRow {
    /// When.
    pub at: String,
    /// `72.5`.
    pub score: String,
    /// `Ready` or `Not ready`.
    pub verdict: &'static str,
}

/// The standalone readiness report.
#[derive(Debug, Clone, Serialize)]
pub struct ReadinessReport {
    /// The scorecard.
    pub card: ScorecardView,
    /// The newest recorded scores, newest first.
    pub history: Vec<ScoreRow>,
    /// How many scores are recorded in all.
    pub history_total: usize,
    /// When the report was made.
    pub generated_at: String,
    /// By whom, if a profile is set.
    pub generated_by: Option<String>,
}

fn stamp(t: DateTime<Utc>) -> String {
    t.format("%Y-%m-%d %H:%M:%S UTC").to_string()
}

fn verdict_words(v: Verdict) -> &'static str {
    match v {
        Verdict::Ready => "Ready",
        Verdict::NotReady => "Not ready",
    }
}

impl ScorecardView {
    /// The view of a scored scorecard.
    pub fn new(card: &ScorecardStatus) -> Self {
        let c = &card.counts;
        ScorecardView {
            id: card.id,
            name: card.name.clone(),
            environment: card.environment.clone(),
            score: format!("{:.1}", card.score),
            verdict: verdict_words(card.verdict),
            verdict_class: if card.verdict == Verdict::Ready { "good" } else { "bad" },
            threshold: card.threshold,
            critical_unmet: card.critical_unmet.clone(),
            counts: format!(
                "{} met · {} unmet · {} not applicable · {} expired · {} unanswered",
                c.met, c.unmet, c.na, c.expired, c.unanswered
            ),
            scored_at: stamp(card.scored_at),
            categories: card
                .categories
                .iter()
                .map(|cat| CategoryView {
                    name: cat.name.clone(),
                    score: cat.score.map_or_else(|| "n/a".to_string(), |s| format!("{s:.1} %")),
                    rules: cat
                        .rules
                        .iter()
                        .map(|r| RuleView {
                            id: r.id.clone(),
                            title: r.title.clone(),
                            level: r.level.as_str(),
                            weight: r.weight,
                            state: match r.state {
                                RuleState::Na => "not applicable",
                                other => other.as_str(),
                            },
                            state_class: match r.state {
                                RuleState::Met => "good",
                                RuleState::Unmet => "bad",
                                RuleState::Expired | RuleState::Unanswered => "warn",
                                RuleState::Na => "muted",
                            },
                            evidence: r.evidence.clone(),
                            // A check's result is evidence by itself; a person's word is signed, or shown unsigned
                            // (an item ticked in an imported plan).
                            signature: match (r.state, r.by, r.signed) {
                                (RuleState::Met, EvidenceKind::Attestation, true) => "signed",
                                (RuleState::Met, EvidenceKind::Attestation, false) => "unsigned",
                                _ => "",
                            },
                        })
                        .collect(),
                })
                .collect(),
        }
    }
}

impl ReadinessReport {
    /// The report of a scorecard with its history (any order; the newest are listed first).
    pub fn new(
        card: &ScorecardStatus,
        history: &[ScorePoint],
        generated_by: Option<String>,
        now: DateTime<Utc>,
    ) -> Self {
        let mut points: Vec<&ScorePoint> = history.iter().collect();
        points.sort_by_key(|p| std::cmp::Reverse(p.at));
        ReadinessReport {
            card: ScorecardView::new(card),
            history: points
                .iter()
                .take(HISTORY_ROWS)
                .map(|p| ScoreRow {
                    at: stamp(p.at),
                    score: format!("{:.1}", p.score),
                    verdict: verdict_words(p.verdict),
                })
                .collect(),
            history_total: history.len(),
            generated_at: stamp(now),
            generated_by,
        }
    }
}

/// The template environment shared by readiness and run reports (the scorecard section is one template).
pub(crate) fn add_templates(env: &mut Environment<'static>) -> Result<()> {
    env.add_template("scorecard.html", SCORECARD_HTML)?;
    env.add_template("scorecard.md", SCORECARD_MD)?;
    Ok(())
}

fn environment() -> Result<Environment<'static>> {
    let mut env = Environment::new();
    env.set_auto_escape_callback(|name| if name.ends_with(".html") { AutoEscape::Html } else { AutoEscape::None });
    crate::report::add_filters(&mut env);
    add_templates(&mut env)?;
    env.add_template("readiness.html", READINESS_HTML)?;
    env.add_template("readiness.md", READINESS_MD)?;
    Ok(env)
}

/// Renders a readiness report.
pub fn render(report: &ReadinessReport, format: Format) -> Result<String> {
    let env = environment()?;
    Ok(match format {
        Format::Markdown => crate::report::squeeze_blank_lines(
            &env.get_template("readiness.md")?.render(minijinja::context! { r => report })?,
        ),
        Format::Html => env
            .get_template("readiness.html")?
            .render(minijinja::context! { r => report, style => Value::from_safe_string(STYLE.to_string()) })?,
    })
}

/// Scores a scorecard now and loads its history, for [`render`].
#[instrument(skip(store), err)]
pub async fn load_readiness_report(store: &Store, id: i64, generated_by: Option<String>) -> Result<ReadinessReport> {
    let card = store.scorecard_status(id).await?;
    let history = store.scorecard_history(id).await?;
    Ok(ReadinessReport::new(&card, &history, generated_by, Utc::now()))
}
