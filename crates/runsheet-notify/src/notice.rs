//! What an audit event says to the people in a release: [`notice_for`] picks the events worth a message and words
//! them as the release manager would: what happened, on which run, release and environment, and what is asked of
//! whom.

use runsheet_core::{AuditEvent, ContactPerson, Run, StepKind};
use serde::Serialize;
use serde_json::Value;

/// How a notice reads at a glance.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Tone {
    /// Something to know.
    Info,
    /// It went well.
    Good,
    /// Attention soon.
    Warning,
    /// Something failed or stopped.
    Bad,
}

impl Tone {
    fn emoji(self) -> &'static str {
        match self {
            Tone::Info => ":information_source:",
            Tone::Good => ":white_check_mark:",
            Tone::Warning => ":warning:",
            Tone::Bad => ":rotating_light:",
        }
    }
}

/// One message about one audit event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Notice {
    /// The audit event it tells of.
    pub event_seq: i64,
    /// The run, if any.
    pub run_id: Option<i64>,
    /// What happened, in one line: `Gate “Production go/no-go” rejected by Grace Hopper (QA Lead)`.
    pub headline: String,
    /// More, if any: a reason, a comment, a figure.
    pub detail: String,
    /// What is asked of whom, if anything: `Waiting on: DBA, Security Officer`.
    pub asked: String,
    /// `run 7 · v2.4.0 · production`, empty without a run.
    pub context: String,
    /// How it reads.
    pub tone: Tone,
}

impl Notice {
    /// The plain text (Slack's `text`, the desktop notification's body, what is kept with each delivery).
    pub fn text(&self) -> String {
        let mut out = format!("{} {}", self.tone.emoji(), self.headline);
        for part in [&self.detail, &self.asked, &self.context] {
            if !part.is_empty() {
                out.push('\n');
                out.push_str(part);
            }
        }
        out
    }
}

/// The notice for an audit event, or `None` for an event nobody needs to hear about (a note, a profile change…).
/// `run` is the event's run, loaded by the caller when the event has one.
pub fn notice_for(event: &AuditEvent, run: Option<&Run>) -> Option<Notice> {
    let p = &event.payload;
    let text = |key: &str| p.get(key).and_then(Value::as_str).unwrap_or_default().to_string();
    let step = step_of(event, run);
    let gate = match &step {
        Some((kind, title)) if *kind == StepKind::Gate => Some(title.clone()),
        _ => None,
    };
    let step_title = step.map(|(_, t)| t).unwrap_or_else(|| text("step"));
    let actor = &event.actor;
    let reason = text("reason");
    let (headline, detail, asked, tone) = match event.action.as_str() {
        "step.started" if gate.is_some() => (
            format!("Gate “{}” is ready for sign-off", gate.unwrap_or_default()),
            String::new(),
            "Approvers: sign it in Runsheet, or answer the sign-off request you were sent.".to_string(),
            Tone::Info,
        ),
        "step.done" if gate.is_some() => (
            format!("Gate “{}” passed", gate.unwrap_or_default()),
            format!("Ticked by {actor}."),
            String::new(),
            Tone::Good,
        ),
        "step.failed" if gate.is_some() => {
            (format!("Gate “{}” failed", gate.unwrap_or_default()), quoted(&reason), String::new(), Tone::Bad)
        }
        "step.failed" => {
            (format!("Step “{step_title}” failed"), quoted(&reason), "The run needs a decision.".into(), Tone::Bad)
        }
        "step.blocked" => {
            (format!("Step “{step_title}” blocked"), quoted(&reason), "The run needs a decision.".into(), Tone::Warning)
        }
        "sign_off.recorded" if text("decision") == "reject" => (
            format!("Gate “{}” rejected by {} ({})", text("gate"), text("person"), text("role")),
            quoted(&text("comment")),
            "The gate stays closed until the signer withdraws the rejection or an override role overrides it.".into(),
            Tone::Bad,
        ),
        "gate.renewed" => (
            format!("Gate “{}” renewed by {actor}", text("gate")),
            quoted(&reason),
            "Its approval window starts again.".into(),
            Tone::Info,
        ),
        "gate.go" => {
            (format!("GO for “{}”, recorded by {actor}", text("gate")), quoted(&reason), String::new(), Tone::Good)
        }
        "gate.no_go" => (
            format!("NO-GO for “{}”, recorded by {actor}", text("gate")),
            quoted(&reason),
            "The run's forward path ends here.".into(),
            Tone::Bad,
        ),
        "run.held" => (
            format!("Run held by {actor}"),
            quoted(&reason),
            "Nothing advances until it is released.".into(),
            Tone::Warning,
        ),
        "run.released" => (format!("Run released by {actor}"), quoted(&reason), String::new(), Tone::Info),
        "run.completed" => ("Run completed".into(), format!("Closed by {actor}."), String::new(), Tone::Good),
        "run.aborted" => (format!("Run aborted by {actor}"), quoted(&reason), String::new(), Tone::Bad),
        "run.rolled_back" => (format!("Run rolled back by {actor}"), quoted(&reason), String::new(), Tone::Bad),
        action if action.starts_with("bake.") || action.starts_with("rollback.") || action.starts_with("rollout.") => {
            rollout_notice(action, &step_title, actor, p)
        }
        _ => return None,
    };
    Some(Notice {
        event_seq: event.seq,
        run_id: event.run_id,
        headline,
        detail,
        asked,
        context: run.map(context).unwrap_or_default(),
        tone,
    })
}

/// Bakes and rollbacks, worded from the action's name and the payload's usual keys.
fn rollout_notice(action: &str, step: &str, actor: &str, p: &Value) -> (String, String, String, Tone) {
    let (what, verb) = action.split_once('.').unwrap_or((action, ""));
    let verb = verb.replace('_', " ");
    let subject = match what {
        "bake" if !step.is_empty() => format!("Bake of “{step}”"),
        "bake" => "Bake".to_string(),
        "rollback" => match p.get("level").and_then(Value::as_i64) {
            Some(level) => format!("Rollback (level {level})"),
            None => "Rollback".to_string(),
        },
        _ => "Rollout".to_string(),
    };
    let tone = if verb.contains("fail") || verb.contains("propos") || verb.contains("abort") {
        Tone::Bad
    } else if verb.contains("pass") || verb.contains("finish") || verb.contains("complete") {
        Tone::Good
    } else if verb.contains("pause") || verb.contains("inconclusive") {
        Tone::Warning
    } else {
        Tone::Info
    };
    let mut detail = Vec::new();
    for key in ["reason", "cause", "analysis", "message"] {
        if let Some(s) = p.get(key).and_then(Value::as_str).filter(|s| !s.is_empty()) {
            detail.push(s.to_string());
        }
    }
    if let Some(ttr) = p.get("time_to_recover_s").and_then(Value::as_i64) {
        detail.push(format!("Time to recover: {}", duration(ttr)));
    }
    let asked = match verb.as_str() {
        v if v.contains("propos") => "The release manager decides: roll back, or go on with a reason.".to_string(),
        v if v.contains("pause") || v.contains("inconclusive") => {
            "The analysis cannot decide: a person promotes or aborts.".to_string()
        }
        _ => String::new(),
    };
    (format!("{subject} {verb} ({actor})"), detail.join(" · "), asked, tone)
}

/// Whose action a notice awaits: a role (or `lead`) and the people to reach for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Awaited {
    /// The role, e.g. `QA Lead`, or `lead` for the run's lead.
    pub role: String,
    /// The people named for it: its on-call person and escalation contacts, else those who hold it.
    pub people: Vec<ContactPerson>,
}

/// `QA Lead: Grace Hopper (@grace); DBA: Linus Torvalds, Ken Thompson (@ken)`: the people whose action is awaited,
/// each with their chat handle when known; a role with nobody to reach is named alone. Empty for nobody.
pub fn mention_awaited(awaited: &[Awaited]) -> String {
    awaited
        .iter()
        .map(|a| {
            if a.people.is_empty() {
                a.role.clone()
            } else {
                let people = a.people.iter().map(ContactPerson::mention).collect::<Vec<_>>().join(", ");
                format!("{}: {people}", a.role)
            }
        })
        .collect::<Vec<_>>()
        .join("; ")
}

fn step_of(event: &AuditEvent, run: Option<&Run>) -> Option<(StepKind, String)> {
    let step_id: i64 = event.subject.rsplit_once("/step/")?.1.parse().ok()?;
    let step = run?.snapshot.step(step_id)?;
    Some((step.kind, step.title.clone()))
}

fn context(run: &Run) -> String {
    let env = if run.environment.is_empty() { "no environment" } else { run.environment.as_str() };
    format!("run {} · {} · {env}", run.id, run.release)
}

fn quoted(s: &str) -> String {
    if s.trim().is_empty() {
        String::new()
    } else {
        format!("“{}”", s.trim())
    }
}

fn duration(seconds: i64) -> String {
    let (h, m, s) = (seconds / 3600, seconds % 3600 / 60, seconds % 60);
    match (h, m) {
        (0, 0) => format!("{s}s"),
        (0, _) => format!("{m}m {s:02}s"),
        _ => format!("{h}h {m:02}m"),
    }
}

#[cfg(test)]
mod tests;
