//! Runbooks and environments as a YAML file: [`to_yaml`] writes a [`Document`], [`parse`] reads one naming file,
//! line, column and field on any error, and [`Document::into_workspace`] checks it with the domain's rules.
//!
//! Ids, revisions and timestamps belong to a workspace and are never written. Writing a workspace, reading it back
//! and writing again gives the same bytes.

mod document;
mod import;
mod locate;

use runsheet_core::{
    Environment, EnvironmentColour, Phase, Runbook, RunbookKind, Step, StepCommand, StepKind, Tier, Variable,
};

pub use document::{
    ColourDoc, CommandDoc, Document, EnvironmentDoc, PhaseDoc, RunbookDoc, RunbookKindDoc, StepDoc, StepKindDoc,
    TierDoc, Version,
};
pub use import::{import, ImportAction, ImportItem, ImportSummary};

use crate::{Error, Result};
use locate::{locate, Seg};

/// What a file holds, checked and ready to store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Workspace {
    /// Environments in file order, ids `0`.
    pub environments: Vec<Environment>,
    /// Runbooks in file order, ids and revisions `0`.
    pub runbooks: Vec<Runbook>,
}

/// Writes a document as YAML.
pub fn to_yaml(doc: &Document) -> Result<String> {
    serde_norway::to_string(doc).map_err(|e| Error::Write(e.to_string()))
}

/// Reads a document; `file` names the file in error messages (`runbooks.yaml:12:7: runbooks[0].phases[1]...`).
pub fn parse(text: &str, file: &str) -> Result<Document> {
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
        }
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
        for (name, doc) in self.environments {
            let mut env = doc.into_environment(&name);
            let at = vec![Seg::Key("environments".into()), Seg::Key(name.clone())];
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
        Ok(Workspace { environments, runbooks })
    }
}

/// A rule broken after parsing, by where it is.
struct Problem {
    segs: Vec<Seg>,
    message: String,
}

impl Problem {
    fn new(segs: Vec<Seg>, message: impl Into<String>) -> Self {
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
