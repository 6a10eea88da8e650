//! The types of a workspace file, version 1. The JSON Schema in `docs/schema/runsheet.schema.json` is generated
//! from them, so every doc comment here is also the schema's description.
//!
//! Fields that hold their default are left out when writing (an empty description, a `task` step, no commands), and
//! read back as that default, so writing what was read gives the same bytes.

use std::fmt;

use indexmap::IndexMap;
use schemars::JsonSchema;
use serde::de::{self, MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A Runsheet workspace file: environments, runbooks and (later) checks.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "Runsheet workspace file")]
pub struct Document {
    /// The format version. Only `1` exists.
    pub version: Version,
    /// Environments by unique name, e.g. `staging` or `production-green`.
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub environments: IndexMap<String, EnvironmentDoc>,
    /// Runbooks and checklists, in order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub runbooks: Vec<RunbookDoc>,
    /// Health checks. Reserved: this version reads an empty list or no key, and refuses checks it cannot store.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub checks: Option<serde_json::Value>,
    /// Readiness scorecards, in order (docs/insight.md).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub scorecards: Vec<super::scorecard::ScorecardDoc>,
}

/// The format version, always `1`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Version;

impl Serialize for Version {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_u32(1)
    }
}

impl<'de> Deserialize<'de> for Version {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        match u64::deserialize(d)? {
            1 => Ok(Version),
            other => Err(de::Error::custom(format!(
                "version {other} is not supported: this Runsheet reads version 1 (upgrade Runsheet to read newer files)"
            ))),
        }
    }
}

impl JsonSchema for Version {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Version".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({ "description": "The format version, always `1`.", "type": "integer", "const": 1 })
    }
}

/// An environment: where releases go.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EnvironmentDoc {
    /// How close to customers it is. When left out it is read from the name: `prod`, `production`, `live`, `prd`
    /// → production; `staging`, `stage`, `stg`, `preprod`, `uat`, `qa` → staging; `dev`, `development`, `local`,
    /// `test`, `sandbox` → dev; anything else → other. Export always writes it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tier: Option<TierDoc>,
    /// `blue` or `green`, for a side of a blue/green pair.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub colour: Option<ColourDoc>,
    /// Free description.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// Variables in order: name → value. Names use letters, digits, `_`, `-` and `.`. Numbers and booleans are
    /// read as their text. Secrets never go here.
    #[serde(default, skip_serializing_if = "IndexMap::is_empty", deserialize_with = "variables")]
    #[schemars(with = "IndexMap<String, ScalarDoc>")]
    pub vars: IndexMap<String, String>,
    /// Recurring change windows. When an environment has any, its production gates open only inside one (and
    /// outside every freeze); an emergency override is audited. Left out: changes may go in at any time. An import
    /// that leaves both `windows` and `freezes` out keeps the environment's current ones.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub windows: Vec<WindowDoc>,
    /// Freezes: no production changes from `from` until `to`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub freezes: Vec<FreezeDoc>,
}

/// A recurring change window, e.g. Tue and Thu 22:00–02:00 Europe/Berlin: `{days: [tue, thu], start: "22:00",
/// duration: 4h, tz: Europe/Berlin}`. Start and end are wall-clock times of the zone, so the window keeps its local
/// hours across DST changes; it may run past midnight.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct WindowDoc {
    /// Days it opens on: `mon`, `tue`, `wed`, `thu`, `fri`, `sat`, `sun`.
    pub days: Vec<String>,
    /// Local opening time, `HH:MM` (24-hour). Quote it: `"22:00"`.
    pub start: String,
    /// How long it stays open: `4h`, `90m`, `4h30m` (at most `7d`).
    pub duration: String,
    /// IANA time zone, e.g. `Europe/Berlin` or `UTC`.
    pub tz: String,
}

/// A freeze: no production changes from `from` until `to` (RFC 3339 instants, e.g. `2026-12-20T00:00:00Z`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FreezeDoc {
    /// When it begins.
    pub from: String,
    /// When it ends; changes may go in again from this instant.
    pub to: String,
    /// Why, e.g. `Year-end trading peak`.
    pub reason: String,
}

/// A variable's value: text, or a number or boolean read as text.
#[derive(JsonSchema)]
#[schemars(untagged)]
#[allow(dead_code)]
enum ScalarDoc {
    Text(String),
    Number(f64),
    Flag(bool),
}

/// How close to customers an environment is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum TierDoc {
    /// Development.
    Dev,
    /// Staging or pre-production.
    Staging,
    /// Production.
    Production,
    /// Anything else.
    Other,
}

/// The side of a blue/green pair.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ColourDoc {
    /// Blue.
    Blue,
    /// Green.
    Green,
}

/// A runbook (phases of steps) or a checklist (one phase of plain items).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RunbookDoc {
    /// Title, at most 200 characters. On import, a runbook with the same title is updated.
    pub title: String,
    /// `runbook` (the default) or `checklist` (exactly one phase).
    #[serde(default, skip_serializing_if = "RunbookKindDoc::is_default")]
    pub kind: RunbookKindDoc,
    /// Description in Markdown.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// Phases in order; at least one.
    pub phases: Vec<PhaseDoc>,
    /// How its runs roll back: `levels` (each `{level: 1–4, title, expected_min, steps: [..], checks: [..]}`, 1
    /// feature flag, 2 traffic switch, 3 application rollback, 4 database restore), `automatic: true` to roll back
    /// on its own once when a bake fails, and `automatic_level`. Left out: the standard four levels, never
    /// automatic (docs/rollouts.md).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<serde_json::Map<String, serde_json::Value>>")]
    pub rollback: Option<runsheet_core::RollbackPlan>,
    /// The id of the template it comes from (`standard`, `emergency-hotfix`, `blue-green`, `canary`); its runs keep
    /// it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub template: Option<String>,
}

/// Runbook or checklist.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum RunbookKindDoc {
    /// Phases of steps with owners, times and commands.
    #[default]
    Runbook,
    /// One phase of plain items.
    Checklist,
}

impl RunbookKindDoc {
    fn is_default(&self) -> bool {
        *self == RunbookKindDoc::Runbook
    }
}

/// A phase: an ordered group of steps.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PhaseDoc {
    /// Phase name, at most 200 characters.
    pub title: String,
    /// Notes in Markdown.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub notes: String,
    /// Steps in order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub steps: Vec<StepDoc>,
}

/// One step of a phase.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StepDoc {
    /// What to do, in a few words (at most 200 characters).
    pub title: String,
    /// `task` (the default), `check`, `gate`, `rollout` or `wait`.
    #[serde(default, skip_serializing_if = "StepKindDoc::is_default")]
    pub kind: StepKindDoc,
    /// The role that owns the step: `DBA`, `DevOps`, `Release manager`.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub owner_role: String,
    /// Planned start as a time of day, `HH:MM` (24 h). Give this or `planned_offset_min`, not both.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(regex(pattern = r"^([01][0-9]|2[0-3]):[0-5][0-9]$"))]
    pub planned_at: Option<String>,
    /// Planned start as minutes after the run starts (T+30).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub planned_offset_min: Option<i32>,
    /// Expected duration in minutes, at most a week (10080).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(max = 10080))]
    pub duration_min: Option<u32>,
    /// Instructions in Markdown.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub instructions: String,
    /// Commands to copy, in order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub commands: Vec<CommandDoc>,
    /// For a gate step: what must hold before it opens. `requirements` is a list of `{kind: checks, checks: [..],
    /// suite, max_age_min}`, `{kind: sign_off, roles: [..], min}`, `{kind: go_no_go, go: [..], no_go: [..],
    /// decided_by}` and `{kind: readiness, scorecard, min_score}` (docs/insight.md), each optionally
    /// `observe_only: true`; also `override_roles` and `separation_of_duties` (docs/approvals.md).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<serde_json::Map<String, serde_json::Value>>")]
    pub gate: Option<runsheet_core::GateSpec>,
    /// For a rollout or wait step: `traffic_percent` (0–100, rollout only), `action` (`webhook: {url, method,
    /// headers, body}` or `command: [program, args..]`, with `allowed_environments`; secrets as
    /// `{{ secret:name }}` only), `confirm` (a word to type first, e.g. `PROCEED`), `bake` (default `2m`),
    /// `interval` (default `60s`), `analysis: {checks: [..], suite}` and `failure_ratio_limit` (e.g. `0.05`)
    /// (docs/rollouts.md).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<serde_json::Map<String, serde_json::Value>>")]
    pub rollout: Option<runsheet_core::RolloutSpec>,
    /// The point of no return: once done, rolling back is no longer a traffic switch.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub point_of_no_return: bool,
    /// For a check step: `{checks: [..], suite}`, the saved checks it runs against the run's environment, by name
    /// or every check of a suite (docs/checks.md).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<serde_json::Map<String, serde_json::Value>>")]
    pub check: Option<runsheet_core::rollout::Analysis>,
}

/// What sort of step.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum StepKindDoc {
    /// Something a person does.
    #[default]
    Task,
    /// A verification.
    Check,
    /// A go/no-go point.
    Gate,
    /// A traffic shift.
    Rollout,
    /// A bake or observation period.
    Wait,
}

impl StepKindDoc {
    fn is_default(&self) -> bool {
        *self == StepKindDoc::Task
    }
}

/// A command the operator copies into a terminal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CommandDoc {
    /// Short description.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub label: String,
    /// The command text, copied verbatim; an empty command is dropped.
    pub command: String,
    /// Language of the command (`bash`, `sql`, …).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub language: String,
}

/// Reads `vars`: a mapping of names to scalars, names checked and unique, order kept.
fn variables<'de, D: Deserializer<'de>>(d: D) -> Result<IndexMap<String, String>, D::Error> {
    d.deserialize_map(VariablesVisitor)
}

struct VariablesVisitor;

impl<'de> Visitor<'de> for VariablesVisitor {
    type Value = IndexMap<String, String>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a mapping of variable names to values")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut vars = IndexMap::new();
        while let Some(key) = map.next_key::<String>()? {
            let valid =
                !key.is_empty() && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-' || c == '.');
            if !valid {
                return Err(de::Error::custom(format!("`{key}` is not a variable name (letters, digits, _ - .)")));
            }
            let value = map.next_value::<Scalar>()?.0;
            if vars.insert(key.clone(), value).is_some() {
                return Err(de::Error::custom(format!("variable `{key}` appears twice")));
            }
        }
        Ok(vars)
    }
}

/// A scalar read as text.
struct Scalar(String);

impl<'de> Deserialize<'de> for Scalar {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct ScalarVisitor;
        impl Visitor<'_> for ScalarVisitor {
            type Value = Scalar;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a text, number or boolean value")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Scalar, E> {
                Ok(Scalar(v.to_string()))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Scalar, E> {
                Ok(Scalar(v))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Scalar, E> {
                Ok(Scalar(v.to_string()))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Scalar, E> {
                Ok(Scalar(v.to_string()))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Scalar, E> {
                Ok(Scalar(v.to_string()))
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Scalar, E> {
                Ok(Scalar(v.to_string()))
            }
        }
        d.deserialize_any(ScalarVisitor)
    }
}
