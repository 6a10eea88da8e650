//! What a table is, judged by its header: a timeline (Time / Activity / Owner / Duration), a sign-off table
//! (Role / Name / Approval), success metrics (Metric / Target), or something else (kept as notes). Header names
//! match case-insensitively, ignoring punctuation and anything in parentheses, with synonyms.

/// The columns a header names.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(crate) struct Columns {
    pub(crate) activity: Option<usize>,
    pub(crate) time: Option<usize>,
    pub(crate) owner: Option<usize>,
    pub(crate) duration: Option<usize>,
    pub(crate) role: Option<usize>,
    pub(crate) signoff: Option<usize>,
    pub(crate) metric: Option<usize>,
    pub(crate) target: Option<usize>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum TableKind {
    /// Rows are steps.
    Timeline(Columns),
    /// Rows name roles that sign off; the role column.
    SignOff(usize),
    /// Rows are success metrics: metric and target columns.
    Metrics(usize, usize),
    Other,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Category {
    Duration,
    Time,
    Owner,
    Activity,
    Role,
    SignOff,
    Metric,
    Target,
}

/// Synonyms per category, in the order ties are broken.
const SYNONYMS: [(Category, &[&str]); 8] = [
    (
        Category::Duration,
        &[
            "duration",
            "length",
            "est",
            "estimate",
            "estimated",
            "est time",
            "estimated time",
            "time taken",
            "time required",
            "effort",
            "mins",
            "minutes",
            "elapsed",
            "time box",
            "timebox",
            "how long",
        ],
    ),
    (
        Category::Time,
        &[
            "time",
            "when",
            "eta",
            "start",
            "start time",
            "planned",
            "planned time",
            "planned start",
            "schedule",
            "scheduled",
            "at",
            "clock",
            "t",
            "timing",
            "offset",
            "time utc",
            "window",
        ],
    ),
    (
        Category::Owner,
        &[
            "owner",
            "owners",
            "responsible",
            "who",
            "assignee",
            "assigned",
            "assigned to",
            "lead",
            "team",
            "by",
            "owner role",
            "responsible party",
            "dri",
            "accountable",
            "performed by",
            "executor",
            "raci",
        ],
    ),
    (
        Category::Activity,
        &[
            "activity",
            "activities",
            "task",
            "tasks",
            "action",
            "actions",
            "step",
            "steps",
            "description",
            "what",
            "item",
            "event",
            "milestone",
            "work",
            "deliverable",
            "activity description",
            "task description",
            "procedure",
        ],
    ),
    (Category::Role, &["role", "roles", "position", "function", "approver role", "approver", "stakeholder"]),
    (
        Category::SignOff,
        &[
            "approval",
            "approved",
            "signature",
            "sign off",
            "signoff",
            "sign",
            "signed",
            "approved by",
            "date",
            "initials",
            "go no go",
            "decision",
        ],
    ),
    (Category::Metric, &["metric", "metrics", "kpi", "kpis", "measure", "indicator", "sli", "success metric"]),
    (Category::Target, &["target", "goal", "threshold", "expected", "objective", "target value", "slo", "criteria"]),
];

/// Lowercase words of a header, without punctuation and parenthesised notes: `Time (UTC)` → `time`.
fn normalise(header: &str) -> Vec<String> {
    let mut depth = 0usize;
    let mut text = String::with_capacity(header.len());
    for c in header.chars() {
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => depth = depth.saturating_sub(1),
            _ if depth > 0 => {}
            c if c.is_alphanumeric() => text.extend(c.to_lowercase()),
            _ => text.push(' '),
        }
    }
    text.split_whitespace().map(str::to_string).collect()
}

/// How well a header matches a synonym: whole (3), its last word (2), its first word (1).
fn score(words: &[String], synonym: &str) -> u8 {
    let syn: Vec<&str> = synonym.split(' ').collect();
    if words.len() == syn.len() && words.iter().zip(&syn).all(|(w, s)| w == s) {
        3
    } else if syn.len() == 1 && words.last().is_some_and(|w| w == syn[0]) {
        2
    } else if words.len() >= syn.len() && words.iter().zip(&syn).all(|(w, s)| w == s) {
        1
    } else {
        0
    }
}

pub(crate) fn columns(headers: &[String]) -> Columns {
    let mut cols = Columns::default();
    // Bounded: a 100,000-column header is matched on its first columns only.
    for (i, header) in headers.iter().enumerate().take(64) {
        let words = normalise(header);
        if words.is_empty() {
            continue;
        }
        let mut best: Option<(u8, Category)> = None;
        for (category, synonyms) in SYNONYMS {
            let s = synonyms.iter().map(|syn| score(&words, syn)).max().unwrap_or(0);
            if s > 0 && best.is_none_or(|(b, _)| s > b) {
                best = Some((s, category));
            }
        }
        let Some((_, category)) = best else { continue };
        let slot = match category {
            Category::Duration => &mut cols.duration,
            Category::Time => &mut cols.time,
            Category::Owner => &mut cols.owner,
            Category::Activity => &mut cols.activity,
            Category::Role => &mut cols.role,
            Category::SignOff => &mut cols.signoff,
            Category::Metric => &mut cols.metric,
            Category::Target => &mut cols.target,
        };
        slot.get_or_insert(i);
    }
    cols
}

pub(crate) fn classify(headers: &[String]) -> TableKind {
    let cols = columns(headers);
    if let (Some(role), Some(_), None) = (cols.role, cols.signoff, cols.activity) {
        return TableKind::SignOff(role);
    }
    if cols.activity.is_some() && (cols.time.is_some() || cols.owner.is_some() || cols.duration.is_some()) {
        return TableKind::Timeline(cols);
    }
    if let (Some(metric), Some(target)) = (cols.metric, cols.target) {
        return TableKind::Metrics(metric, target);
    }
    if let (Some(activity), Some(owner)) = (cols.activity, cols.role) {
        // `Task | Role`: the role owns the task.
        return TableKind::Timeline(Columns { activity: Some(activity), owner: Some(owner), ..cols });
    }
    TableKind::Other
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(headers: &[&str]) -> TableKind {
        classify(&headers.iter().map(|h| h.to_string()).collect::<Vec<_>>())
    }

    #[test]
    fn timelines_with_synonyms() {
        let cols = |time, activity, owner, duration| Columns { time, activity, owner, duration, ..Columns::default() };
        assert_eq!(
            kind(&["Time", "Activity", "Owner", "Duration"]),
            TableKind::Timeline(cols(Some(0), Some(1), Some(2), Some(3)))
        );
        assert_eq!(kind(&["ETA", "Action", "Who"]), TableKind::Timeline(cols(Some(0), Some(1), Some(2), None)));
        assert_eq!(
            kind(&["When", "Task", "Responsible", "Est. time"]),
            TableKind::Timeline(cols(Some(0), Some(1), Some(2), Some(3)))
        );
        assert_eq!(
            kind(&["Start Time (UTC)", "TASK OWNER", "Step", "Time taken"]),
            TableKind::Timeline(cols(Some(0), Some(2), Some(1), Some(3)))
        );
        assert_eq!(kind(&["**Step**", "Duration"]), TableKind::Timeline(cols(None, Some(0), None, Some(1))));
    }

    #[test]
    fn signoffs_metrics_and_others() {
        assert_eq!(kind(&["Role", "Name", "Approval", "Date"]), TableKind::SignOff(0));
        assert_eq!(kind(&["Role", "Name", "Sign-Off", "Time"]), TableKind::SignOff(0));
        assert_eq!(kind(&["Role", "Name", "Signature"]), TableKind::SignOff(0));
        assert_eq!(kind(&["Metric", "Target", "Success Criteria"]), TableKind::Metrics(0, 1));
        assert_eq!(kind(&["KPI", "Goal", "Actual"]), TableKind::Metrics(0, 1));
        assert_eq!(kind(&["Host", "Port"]), TableKind::Other);
        assert_eq!(kind(&[]), TableKind::Other);
    }
}
