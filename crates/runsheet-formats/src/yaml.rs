//! Runbooks and environments as a YAML file: [`to_yaml`] writes a [`Document`], [`parse`] reads one naming file,
//! line, column and field on any error, and [`Document::into_workspace`] checks it with the domain's rules.
//!
//! Ids, revisions and timestamps belong to a workspace and are never written. Writing a workspace, reading it back
//! and writing again gives the same bytes.

mod document;
mod import;
mod locate;
mod scorecard;

use runsheet_core::{
    ChangeWindow, Environment, EnvironmentColour, Freeze, Phase, Runbook, RunbookKind, Step, StepCommand, StepKind,
    Tier, Variable,
};

pub use document::{
    ColourDoc, CommandDoc, Document, EnvironmentDoc, FreezeDoc, PhaseDoc, RunbookDoc, RunbookKindDoc, StepDoc,
    StepKindDoc, TierDoc, Version, WindowDoc,
};
pub use import::{import, ImportAction, ImportItem, ImportSummary};
pub use scorecard::{LevelDoc, RuleDoc, ScorecardDoc, ScorecardSpec, DEFAULT_CHECK_MAX_AGE_MIN, DEFAULT_VALID_DAYS};

use crate::{Error, Result};
use locate::{locate, Seg};

/// What a file holds, checked and ready to store ([`runsheet_store::Store::import_workspace`] stores it in one
/// transaction).
pub use runsheet_store::import::{Schedule, WorkspaceImport as Workspace};

/// Writes a document as YAML.
pub fn to_yaml(doc: &Document) -> Result<String> {
    serde_norway::to_string(doc).map_err(|e| Error::Write(e.to_string()))
}

/// Reads a document; `file` names the file in error messages (`runbooks.yaml:12:7: runbooks[0].phases[1]...`).
///
/// A text over [`yaml_limits::MAX_BYTES`](runsheet_core::yaml_limits::MAX_BYTES) or nested deeper than
/// [`yaml_limits::MAX_DEPTH`](runsheet_core::yaml_limits::MAX_DEPTH) levels is refused, where the limit is passed,
/// before the parser sees it: libyaml takes time quadratic in the depth.
pub fn parse(text: &str, file: &str) -> Result<Document> {
    runsheet_core::yaml_limits::check(text).map_err(|e| Error::Yaml {
        file: file.into(),
        line: e.line,
        column: e.column,
        path: String::new(),
        message: e.message,
    })?;
    if text.trim().is_empty() {
        return Err(Error::Yaml {
            file: file.into(),
            line: 1,
            column: 1,
            path: String::new(),
            message: "the file is empty: a workspace file starts with `version: 1`".into(),
        });
    }
    let de = serde_norway::Deserializer::from_str(text);
    serde_path_to_error::deserialize::<_, Document>(de).map_err(|e| {
        let path = tidy_path(&e.path().to_string());
        let inner = e.into_inner();
        let (line, column) = inner.location().map_or((1, 1), |l| (l.line(), l.column()));
        Error::Yaml { file: file.into(), line, column, path, message: tidy_message(&inner.to_string()) }
    })
}

/// Reads and checks a file's text in one go; every error names the file, the field, and where the field is.
pub fn read(text: &str, file: &str) -> Result<Workspace> {
    parse(text, file)?.check().map_err(|p| match locate(text, &p.segs) {
        Some((line, column)) => Error::Yaml { file: file.into(), line, column, path: p.path(), message: p.message },
        None => Error::Invalid { file: file.into(), path: p.path(), message: p.message },
    })
}

/// serde_path_to_error writes `.` for the root and `runbooks[0].phases` otherwise.
fn tidy_path(path: &str) -> String {
    if path == "." {
        String::new()
    } else {
        path.to_string()
    }
}

/// serde_norway ends messages with ` at line L column C` and may start them with its own path; both are reported
/// separately.
fn tidy_message(message: &str) -> String {
    let message = match message.rfind(" at line ") {
        Some(i) => &message[..i],
        None => message,
    };
    // `runbooks[0].phases[1]: missing field `title`` → `missing field `title``.
    match message.split_once(": ") {
        Some((head, rest)) if !head.contains(' ') && !head.is_empty() => rest.to_string(),
        _ => message.to_string(),
    }
}

impl Document {
    /// The document of a workspace's environments and runbooks (in the order given).
    pub fn from_workspace(environments: &[Environment], runbooks: &[Runbook]) -> Self {
        Document {
            version: Version,
            environments: environments.iter().map(|e| (e.name.clone(), EnvironmentDoc::from(e))).collect(),
            runbooks: runbooks.iter().map(RunbookDoc::from).collect(),
            checks: None,
            scorecards: Vec::new(),
        }
    }

    /// Adds these scorecards to the document.
    pub fn with_scorecards(mut self, scorecards: Vec<ScorecardDoc>) -> Self {
        self.scorecards = scorecards;
        self
    }

    /// Writes these change windows and freezes onto the document's environments of the same name.
    pub fn with_schedules(mut self, schedules: &[Schedule]) -> Self {
        for sc in schedules {
            if let Some(doc) = self.environments.get_mut(&sc.environment) {
                doc.windows = sc
                    .windows
                    .iter()
                    .map(|w| WindowDoc {
                        days: w.days.iter().map(|d| d.as_str().to_string()).collect(),
                        start: w.start.clone(),
                        duration: runsheet_core::window::duration_text(w.duration_min),
                        tz: w.tz.clone(),
                    })
                    .collect();
                doc.freezes = sc
                    .freezes
                    .iter()
                    .map(|f| FreezeDoc {
                        from: f.from.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true),
                        to: f.to.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true),
                        reason: f.reason.clone(),
                    })
                    .collect();
            }
        }
        self
    }

    /// Checks every environment and runbook with the domain's rules and returns them ready to store. Errors name
    /// the file and the field (`runbooks[0].phases[1].steps[2].planned_at`); [`read`] adds the line and column.
    pub fn into_workspace(self, file: &str) -> Result<Workspace> {
        self.check().map_err(|p| Error::Invalid { file: file.into(), path: p.path(), message: p.message })
    }

    fn check(self) -> Result<Workspace, Problem> {
        // `checks` are read by the check engine (`runsheet_checks::ChecksFile`), which importers use to save the
        // file as a check suite; the workspace part ignores them.
        let mut environments = Vec::new();
        let mut schedules = Vec::new();
        for (name, mut doc) in self.environments {
            let at = vec![Seg::Key("environments".into()), Seg::Key(name.clone())];
            let (windows, freezes) = (std::mem::take(&mut doc.windows), std::mem::take(&mut doc.freezes));
            if !windows.is_empty() || !freezes.is_empty() {
                schedules.push(schedule(&name, windows, freezes, &at)?);
            }
            let mut env = doc.into_environment(&name);
            env.validate().map_err(|e| match e {
                runsheet_core::Error::Invalid { field, message } => {
                    let mut segs = at.clone();
                    // `variables[1].key` is the second entry of the `vars` mapping.
                    let var = field.strip_prefix("variables[").and_then(|r| r.split(']').next()?.parse::<usize>().ok());
                    match var.and_then(|i| env.variables.get(i)) {
                        Some(v) => segs.extend([Seg::Key("vars".into()), Seg::Key(v.key.clone())]),
                        None if field == "name" => {}
                        None => segs.extend(Seg::parse(&field)),
                    }
                    Problem::new(segs, message)
                }
                other => Problem::new(at.clone(), other.to_string()),
            })?;
            environments.push(env);
        }
        let mut runbooks: Vec<Runbook> = Vec::new();
        for (i, doc) in self.runbooks.into_iter().enumerate() {
            let mut rb = doc.into_runbook();
            let at = vec![Seg::Key("runbooks".into()), Seg::Index(i)];
            rb.validate().map_err(|e| match e {
                runsheet_core::Error::Invalid { field, message } => {
                    Problem::new(at.iter().cloned().chain(Seg::parse(&field)).collect(), message)
                }
                other => Problem::new(at.clone(), other.to_string()),
            })?;
            if let Some(first) = runbooks.iter().position(|r| r.title == rb.title) {
                return Err(Problem::new(
                    at.into_iter().chain([Seg::Key("title".into())]).collect(),
                    format!("`{}` is also the title of runbooks[{first}]; titles must be unique in a file", rb.title),
                ));
            }
            runbooks.push(rb);
        }
        let mut scorecards: Vec<ScorecardSpec> = Vec::new();
        for (i, doc) in self.scorecards.into_iter().enumerate() {
            let spec = doc.into_spec(i)?;
            if let Some(first) = scorecards.iter().position(|s| s.name == spec.name) {
                return Err(Problem::new(
                    vec![Seg::Key("scorecards".into()), Seg::Index(i), Seg::Key("name".into())],
                    format!("`{}` is also the name of scorecards[{first}]; names must be unique in a file", spec.name),
                ));
            }
            scorecards.push(spec);
        }
        Ok(Workspace { environments, runbooks, schedules, scorecards })
    }
}

/// Reads an environment's windows and freezes, naming the bad field (`environments.production.windows[0].tz`).
fn schedule(name: &str, windows: Vec<WindowDoc>, freezes: Vec<FreezeDoc>, at: &[Seg]) -> Result<Schedule, Problem> {
    use runsheet_core::window::parse_duration_min;
    use runsheet_core::Day;
    let problem = |list: &str, i: usize, field: &str, e: runsheet_core::Error| {
        let message = match e {
            runsheet_core::Error::Invalid { message, .. } => message,
            other => other.to_string(),
        };
        let segs = at.iter().cloned().chain([Seg::Key(list.into()), Seg::Index(i), Seg::Key(field.into())]).collect();
        Problem::new(segs, message)
    };
    let mut out = Schedule { environment: name.to_string(), windows: Vec::new(), freezes: Vec::new() };
    for (i, w) in windows.into_iter().enumerate() {
        let days = w.days.iter().map(|d| Day::parse(d)).collect::<runsheet_core::Result<Vec<_>>>();
        let days = days.map_err(|e| problem("windows", i, "days", e))?;
        let duration_min = parse_duration_min(&w.duration).map_err(|e| problem("windows", i, "duration", e))?;
        let mut window = ChangeWindow { id: 0, days, start: w.start, duration_min, tz: w.tz };
        window.validate("").map_err(|e| {
            let field = match &e {
                runsheet_core::Error::Invalid { field, .. } => field.trim_start_matches('.').to_string(),
                _ => String::new(),
            };
            problem("windows", i, if field == "duration_min" { "duration" } else { &field }, e)
        })?;
        out.windows.push(window);
    }
    for (i, f) in freezes.into_iter().enumerate() {
        let instant = |field: &str, text: &str| {
            chrono::DateTime::parse_from_rfc3339(text.trim()).map(|t| t.with_timezone(&chrono::Utc)).map_err(|_| {
                let e = runsheet_core::Error::invalid(
                    field,
                    format!("`{text}` is not an RFC 3339 instant, e.g. 2026-12-20T00:00:00Z"),
                );
                problem("freezes", i, field, e)
            })
        };
        let mut freeze = Freeze { id: 0, from: instant("from", &f.from)?, to: instant("to", &f.to)?, reason: f.reason };
        freeze.validate("").map_err(|e| {
            let field = match &e {
                runsheet_core::Error::Invalid { field, .. } => field.trim_start_matches('.').to_string(),
                _ => String::new(),
            };
            problem("freezes", i, &field, e)
        })?;
        out.freezes.push(freeze);
    }
    Ok(out)
}

/// A rule broken after parsing, by where it is.
pub(crate) struct Problem {
    segs: Vec<Seg>,
    message: String,
}

impl Problem {
    pub(crate) fn new(segs: Vec<Seg>, message: impl Into<String>) -> Self {
        Problem { segs, message: message.into() }
    }

    fn path(&self) -> String {
        let mut path = String::new();
        for seg in &self.segs {
            match seg {
                Seg::Key(k) if path.is_empty() => path.push_str(k),
                Seg::Key(k) => {
                    path.push('.');
                    path.push_str(k);
                }
                Seg::Index(i) => path.push_str(&format!("[{i}]")),
            }
        }
        path
    }
}

/// Reads a tier from an environment's name when the file does not give one.
pub fn infer_tier(name: &str) -> Tier {
    let lower = name.to_lowercase();
    if lower.contains("preprod") || lower.contains("pre-prod") || lower.contains("pre_prod") {
        return Tier::Staging;
    }
    let words: Vec<&str> = lower.split(|c: char| !c.is_ascii_alphanumeric()).collect();
    let has = |list: &[&str]| words.iter().any(|w| list.contains(w));
    if has(&["staging", "stage", "stg", "uat", "qa", "preproduction"]) {
        Tier::Staging
    } else if has(&["production", "prod", "prd", "live"]) {
        Tier::Production
    } else if has(&["dev", "development", "local", "test", "testing", "sandbox"]) {
        Tier::Dev
    } else {
        Tier::Other
    }
}

impl From<&Environment> for EnvironmentDoc {
    fn from(e: &Environment) -> Self {
        EnvironmentDoc {
            tier: Some(match e.tier {
                Tier::Dev => TierDoc::Dev,
                Tier::Staging => TierDoc::Staging,
                Tier::Production => TierDoc::Production,
                Tier::Other => TierDoc::Other,
            }),
            colour: e.colour.map(|c| match c {
                EnvironmentColour::Blue => ColourDoc::Blue,
                EnvironmentColour::Green => ColourDoc::Green,
            }),
            description: e.description.clone(),
            vars: e.variables.iter().map(|v| (v.key.clone(), v.value.clone())).collect(),
            windows: Vec::new(),
            freezes: Vec::new(),
        }
    }
}

impl EnvironmentDoc {
    /// The environment this describes, under `name`, id `0`.
    pub fn into_environment(self, name: &str) -> Environment {
        Environment {
            id: 0,
            name: name.to_string(),
            tier: match self.tier {
                Some(TierDoc::Dev) => Tier::Dev,
                Some(TierDoc::Staging) => Tier::Staging,
                Some(TierDoc::Production) => Tier::Production,
                Some(TierDoc::Other) => Tier::Other,
                None => infer_tier(name),
            },
            colour: self.colour.map(|c| match c {
                ColourDoc::Blue => EnvironmentColour::Blue,
                ColourDoc::Green => EnvironmentColour::Green,
            }),
            description: self.description,
            variables: self.vars.into_iter().map(|(key, value)| Variable { key, value }).collect(),
        }
    }
}

impl From<&Runbook> for RunbookDoc {
    fn from(rb: &Runbook) -> Self {
        RunbookDoc {
            title: rb.title.clone(),
            kind: match rb.kind {
                RunbookKind::Runbook => RunbookKindDoc::Runbook,
                RunbookKind::Checklist => RunbookKindDoc::Checklist,
            },
            description: rb.description.clone(),
            phases: rb
                .phases
                .iter()
                .map(|p| PhaseDoc {
                    title: p.title.clone(),
                    notes: p.notes.clone(),
                    steps: p.steps.iter().map(StepDoc::from).collect(),
                })
                .collect(),
            rollback: rb.rollback.clone(),
            template: rb.template.clone(),
        }
    }
}

impl From<&Step> for StepDoc {
    fn from(s: &Step) -> Self {
        StepDoc {
            title: s.title.clone(),
            kind: match s.kind {
                StepKind::Task => StepKindDoc::Task,
                StepKind::Check => StepKindDoc::Check,
                StepKind::Gate => StepKindDoc::Gate,
                StepKind::Rollout => StepKindDoc::Rollout,
                StepKind::Wait => StepKindDoc::Wait,
            },
            owner_role: s.owner_role.clone(),
            planned_at: s.planned_at.clone(),
            planned_offset_min: s.planned_offset_min,
            duration_min: s.duration_min,
            instructions: s.instructions.clone(),
            commands: s
                .commands
                .iter()
                .map(|c| CommandDoc {
                    label: c.label.clone(),
                    command: c.command.clone(),
                    language: c.language.clone(),
                })
                .collect(),
            gate: s.gate.clone(),
            rollout: s.rollout.clone(),
            point_of_no_return: s.point_of_no_return,
            check: s.check.clone(),
        }
    }
}

impl RunbookDoc {
    /// The runbook this describes, unsaved (ids `None`, revision `0`).
    pub fn into_runbook(self) -> Runbook {
        let kind = match self.kind {
            RunbookKindDoc::Runbook => RunbookKind::Runbook,
            RunbookKindDoc::Checklist => RunbookKind::Checklist,
        };
        let phases = self
            .phases
            .into_iter()
            .map(|p| Phase {
                id: None,
                title: p.title,
                notes: p.notes,
                steps: p.steps.into_iter().map(StepDoc::into_step).collect(),
            })
            .collect();
        let mut rb = Runbook::new(kind, self.title, phases);
        rb.description = self.description;
        rb.rollback = self.rollback;
        rb.template = self.template;
        rb
    }
}

impl StepDoc {
    fn into_step(self) -> Step {
        Step {
            id: None,
            title: self.title,
            kind: match self.kind {
                StepKindDoc::Task => StepKind::Task,
                StepKindDoc::Check => StepKind::Check,
                StepKindDoc::Gate => StepKind::Gate,
                StepKindDoc::Rollout => StepKind::Rollout,
                StepKindDoc::Wait => StepKind::Wait,
            },
            owner_role: self.owner_role,
            planned_offset_min: self.planned_offset_min,
            planned_at: self.planned_at,
            duration_min: self.duration_min,
            instructions: self.instructions,
            commands: self
                .commands
                .into_iter()
                .map(|c| StepCommand { label: c.label, command: c.command, language: c.language })
                .collect(),
            gate: self.gate,
            rollout: self.rollout,
            point_of_no_return: self.point_of_no_return,
            check: self.check,
        }
    }
}

/// The JSON Schema of [`Document`], as committed in `docs/schema/runsheet.schema.json`.
pub fn json_schema() -> String {
    let schema = schemars::schema_for!(Document);
    let mut text = serde_json::to_string_pretty(&schema).unwrap_or_default();
    text.push('\n');
    text
}
