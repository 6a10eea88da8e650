//! Running a check step's saved checks from the run: the one path the app (`run_step_checks`) and the CLI
//! (`runsheet run checks`) share to find them, against the run's environment, so their results are attached to the
//! run and the step as evidence.

use runsheet_checks::secrets::SecretSource;
use runsheet_checks::Prepared;
use runsheet_core::{Error as DomainError, StepKind};

use crate::bake_driver::prepare_named_checks;
use crate::{Result, Store};

/// A check step's checks, ready to run.
pub struct StepChecks {
    /// The run's environment, which they run against.
    pub environment: String,
    /// The step's title, for messages.
    pub step_title: String,
    /// The check names.
    pub names: Vec<String>,
    /// The checks, with the environment's variables and keyring secrets filled in.
    pub prepared: Vec<Prepared>,
}

/// Prepares the saved checks of a check step of an open run against the run's environment. Refused, naming what
/// is wrong, for a run that ended, a run without an environment, a step that is not a check step with checks,
/// or a check no saved suite holds.
pub async fn prepare_step_checks(
    store: &Store,
    run_id: i64,
    step_id: i64,
    secrets: &dyn SecretSource,
) -> Result<StepChecks> {
    let run = store.get_run(run_id).await?;
    if !run.state.is_open() {
        let err = DomainError::InvalidTransition {
            action: "run the checks of".into(),
            subject: format!("run {run_id}"),
            state: run.state.to_string(),
        };
        return Err(err.into());
    }
    let step =
        run.snapshot.step(step_id).ok_or_else(|| DomainError::NotFound(format!("step {step_id} in run {run_id}")))?;
    let spec = match (&step.check, step.kind) {
        (Some(spec), StepKind::Check) => spec,
        _ => {
            return Err(DomainError::invalid(
                "step",
                format!("step “{}” is not a check step with saved checks to run", step.title),
            )
            .into())
        }
    };
    if run.environment.is_empty() {
        return Err(DomainError::invalid("environment", format!("run {run_id} has no environment to check")).into());
    }
    let (names, prepared) = prepare_named_checks(store, spec, &run.environment, secrets, "check").await?;
    Ok(StepChecks { environment: run.environment.clone(), step_title: step.title.clone(), names, prepared })
}
