//! Turning a checks file into checks ready to run against one environment: selecting checks, filling
//! `{{ vars }}` and `{{ secret:name }}`, and remembering the secrets used so results can be redacted.
//! Every problem is found here, before any check starts.

use indexmap::IndexMap;
use runsheet_conditions::{Conditions, Observation};
use runsheet_core::CheckKind;
use serde_json::Value;

use crate::config::{CheckProbe, CheckSpec, ChecksFile, EnvironmentSpec};
use crate::policy::Policy;
use crate::probe::ProbeSpec;
use crate::runner::default_conditions;
use crate::secrets::{Redactor, SecretSource};
use crate::template::Templater;
use crate::{Error, Result};

/// A check ready to run.
#[derive(Debug, Clone)]
pub struct Prepared {
    /// The check's name.
    pub name: String,
    /// Its kind.
    pub kind: CheckKind,
    /// The environment it runs against.
    pub environment: String,
    /// What to probe, templates filled.
    pub probe: PreparedProbe,
    /// Required conditions (the kind's defaults when the check gives none).
    pub conditions: Conditions,
    /// Warn conditions.
    pub warn: Conditions,
    /// Retries, waiting, watching.
    pub policy: Policy,
    /// Removes the secrets this check uses from its result.
    pub redactor: Redactor,
}

/// What a prepared check probes.
#[derive(Debug, Clone)]
pub enum PreparedProbe {
    /// One probe.
    One(Box<ProbeSpec>),
    /// The same probe against two environments; `value` says what must agree.
    Compare {
        /// `(environment, probe)` for each side.
        sides: Box<[(String, ProbeSpec); 2]>,
        /// `[RESULT]`, `[STATUS]`, `[BODY]` or `[BODY].path`.
        value: String,
    },
    /// A person confirms.
    Manual(String),
}

/// Which checks to prepare, and where.
pub struct Selection<'a> {
    /// The environment to run against.
    pub environment: &'a str,
    /// Only checks with these names (all when empty).
    pub only: &'a [String],
    /// Environments known outside the file (the workspace's), used when the file does not define one.
    pub workspace_environments: &'a IndexMap<String, EnvironmentSpec>,
}

/// Prepares the selected checks of a file. Unknown environments or check names, unknown variables and missing
/// secrets are errors naming them.
pub fn prepare(file: &ChecksFile, sel: &Selection<'_>, secrets: &dyn SecretSource) -> Result<Vec<Prepared>> {
    let lookup = |name: &str| file.environments.get(name).or_else(|| sel.workspace_environments.get(name));
    let env = lookup(sel.environment).ok_or_else(|| {
        let mut known: Vec<&str> = file.environments.keys().map(String::as_str).collect();
        for k in sel.workspace_environments.keys() {
            if !known.contains(&k.as_str()) {
                known.push(k);
            }
        }
        Error::Invalid(format!(
            "no environment named `{}` in the checks file or the workspace (known: {})",
            sel.environment,
            if known.is_empty() { "none".to_string() } else { known.join(", ") }
        ))
    })?;
    for name in sel.only {
        if !file.checks.iter().any(|c| &c.name == name) {
            let known: Vec<&str> = file.checks.iter().map(|c| c.name.as_str()).collect();
            return Err(Error::Invalid(format!("no check named `{name}` (checks: {})", known.join(", "))));
        }
    }
    let mut prepared = Vec::new();
    for check in file.checks.iter().filter(|c| sel.only.is_empty() || sel.only.contains(&c.name)) {
        let mut used_secrets = Vec::new();
        let probe = match &check.probe {
            CheckProbe::Probe(spec) => {
                let mut t = Templater::new(sel.environment, &env.vars, secrets);
                let spec = fill(&mut t, &check.name, spec)?;
                used_secrets.extend(t.used_secrets);
                if matches!(spec, ProbeSpec::Command(_)) && !env.allow_commands {
                    return Err(Error::Invalid(format!(
                        "check `{}` runs a command, and commands are not allowed in environment `{}` (set \
                         `allow_commands: true` on it)",
                        check.name, sel.environment
                    )));
                }
                PreparedProbe::One(Box::new(spec))
            }
            CheckProbe::Compare(c) => {
                let mut sides = Vec::new();
                for env_name in &c.environments {
                    let side_env = lookup(env_name).ok_or_else(|| {
                        Error::Invalid(format!("check `{}` compares `{env_name}`, which is not defined", check.name))
                    })?;
                    let mut t = Templater::new(env_name, &side_env.vars, secrets);
                    let spec = fill(&mut t, &check.name, &c.probe)?;
                    used_secrets.extend(t.used_secrets);
                    sides.push((env_name.clone(), spec));
                }
                let second = sides.pop();
                let first = sides.pop();
                let (Some(first), Some(second)) = (first, second) else {
                    return Err(Error::Invalid(format!("check `{}` compares fewer than two sides", check.name)));
                };
                PreparedProbe::Compare {
                    sides: Box::new([first, second]),
                    value: c.value.clone().unwrap_or("[RESULT]".into()),
                }
            }
            CheckProbe::Manual(m) => PreparedProbe::Manual(m.instructions.clone()),
        };
        prepared.push(prepared_check(check, sel.environment, probe, &used_secrets));
    }
    Ok(prepared)
}

fn prepared_check(check: &CheckSpec, environment: &str, probe: PreparedProbe, secrets: &[String]) -> Prepared {
    let kind = check.kind();
    let conditions = if check.conditions.is_empty() && !matches!(probe, PreparedProbe::Compare { .. }) {
        default_conditions(kind)
    } else {
        check.conditions.clone()
    };
    Prepared {
        name: check.name.clone(),
        kind,
        environment: environment.to_string(),
        probe,
        conditions,
        warn: check.warn.clone(),
        policy: check.policy.clone(),
        redactor: Redactor::new(secrets),
    }
}

fn fill(t: &mut Templater<'_>, check: &str, spec: &ProbeSpec) -> Result<ProbeSpec> {
    let mut value = serde_json::to_value(spec)
        .map_err(|e| Error::Invalid(format!("check `{check}`: cannot read its probe: {e}")))?;
    t.fill_value(check, &mut value)?;
    serde_json::from_value(value).map_err(|e| Error::Template {
        check: check.to_string(),
        message: format!("after filling variables the probe is invalid: {e}"),
    })
}

/// Reads `[RESULT]`, `[STATUS]`, `[BODY]` or `[BODY].a.b[0]` from an observation, for comparisons.
pub fn read_value(placeholder: &str, obs: &Observation) -> Option<Value> {
    let p = placeholder.trim();
    match p {
        "[RESULT]" => obs.result.clone(),
        "[STATUS]" => obs.status.map(Value::from),
        "[EXIT_CODE]" => obs.exit_code.map(Value::from),
        "[BODY]" => obs.body.clone().map(Value::from),
        _ => {
            let path = p.strip_prefix("[BODY].")?;
            let body: Value = serde_json::from_str(obs.body.as_deref()?).ok()?;
            let mut pointer = String::new();
            for part in path.split('.') {
                let (key, indexes) = match part.find('[') {
                    Some(i) => (&part[..i], &part[i..]),
                    None => (part, ""),
                };
                if !key.is_empty() {
                    pointer.push('/');
                    pointer.push_str(&key.replace('~', "~0").replace('/', "~1"));
                }
                for index in indexes.split('[').filter(|s| !s.is_empty()) {
                    pointer.push('/');
                    pointer.push_str(index.trim_end_matches(']'));
                }
            }
            body.pointer(&pointer).cloned()
        }
    }
}
