//! Running prepared checks: bounded concurrency, the policy of each check (retries, until-healthy, watch),
//! per-attempt deadlines, cancellation, live progress, and results with secrets redacted.

use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::Utc;
use runsheet_conditions::{Conditions, Observation};
use runsheet_core::{CheckKind, CheckProgress, CheckResult, CheckStatus, ConditionResult};
use serde_json::{json, Map, Value};
use tokio::sync::Semaphore;
use tokio_util::sync::CancellationToken;
use tracing::Instrument;

use crate::policy::Debounce;
use crate::prepare::{Prepared, PreparedProbe};
use crate::probe::{self, ProbeContext, Probed};

/// Default number of checks probing at once.
pub const DEFAULT_CONCURRENCY: usize = 16;

/// Extra time a probe gets beyond its own timeout before the runner abandons it.
const HARD_DEADLINE_MARGIN: Duration = Duration::from_millis(500);

/// Settings of one session (one `runsheet check`, one "Run checks" in the app).
#[derive(Debug, Clone)]
pub struct SessionOptions {
    /// Session id, recorded with every result.
    pub session: String,
    /// Checks probing at once (at least 1).
    pub concurrency: usize,
    /// Limits every probe honours.
    pub ctx: ProbeContext,
    /// The run the results are evidence for.
    pub run_id: Option<i64>,
    /// The run step the results are evidence for.
    pub step_id: Option<i64>,
}

impl SessionOptions {
    /// Options with a fresh session id and defaults.
    pub fn new() -> Self {
        SessionOptions {
            session: new_session_id(),
            concurrency: DEFAULT_CONCURRENCY,
            ctx: ProbeContext::default(),
            run_id: None,
            step_id: None,
        }
    }
}

impl Default for SessionOptions {
    fn default() -> Self {
        SessionOptions::new()
    }
}

/// A session id: the start time and a random suffix, sortable.
pub fn new_session_id() -> String {
    format!("{}-{:08x}", Utc::now().format("%Y%m%dT%H%M%S%.3fZ"), rand_u32())
}

fn rand_u32() -> u32 {
    use std::hash::{BuildHasher, Hasher};
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u128(std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default().as_nanos());
    h.finish() as u32
}

/// Receives live progress.
pub type ProgressSink = Arc<dyn Fn(CheckProgress) + Send + Sync>;

/// Runs every prepared check with bounded concurrency and returns their results in the given order. Cancelling
/// the token ends every check promptly; checks it interrupts end `inconclusive` with the message `cancelled`.
pub async fn run_checks(
    checks: Vec<Prepared>,
    opts: SessionOptions,
    progress: ProgressSink,
    cancel: CancellationToken,
) -> Vec<CheckResult> {
    run_all(checks, opts, progress, cancel, Keep::Copy).await.into_iter().flatten().collect()
}

/// Runs every prepared check as [`run_checks`] does, but hands each result only to its `Finished` event and keeps
/// nothing: for a caller that takes the results from the events (the store's session, which stores them and
/// returns them), which then needs no copy of each one.
pub async fn run_checks_streamed(
    checks: Vec<Prepared>,
    opts: SessionOptions,
    progress: ProgressSink,
    cancel: CancellationToken,
) {
    run_all(checks, opts, progress, cancel, Keep::Nothing).await;
}

/// Whether the runner keeps a copy of each result besides the one in its `Finished` event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Keep {
    Copy,
    Nothing,
}

async fn run_all(
    checks: Vec<Prepared>,
    opts: SessionOptions,
    progress: ProgressSink,
    cancel: CancellationToken,
    keep: Keep,
) -> Vec<Option<CheckResult>> {
    let span = tracing::info_span!("check_session", session = %opts.session, checks = checks.len());
    async move {
        let permits = Arc::new(Semaphore::new(opts.concurrency.max(1)));
        let opts = Arc::new(opts);
        let mut tasks = tokio::task::JoinSet::new();
        let count = checks.len();
        for (index, check) in checks.into_iter().enumerate() {
            let permits = permits.clone();
            let opts = opts.clone();
            let progress = progress.clone();
            let cancel = cancel.clone();
            tasks.spawn(async move {
                let started_at = Utc::now();
                let clock = Instant::now();
                let result = tokio::select! {
                    biased;
                    _ = cancel.cancelled() => None,
                    permit = permits.acquire_owned() => {
                        let _permit = permit;
                        progress(CheckProgress::Started { session: opts.session.clone(), name: check.name.clone() });
                        tokio::select! {
                            biased;
                            _ = cancel.cancelled() => None,
                            // Boxed: a check's probe is several kilobytes of state, which a task waiting for
                            // its turn need not hold (10,000 checks spawn 10,000 tasks at once).
                            r = Box::pin(run_one(&check, &opts, &progress)) => Some(r),
                        }
                    }
                };
                let result = result.unwrap_or_else(|| cancelled(&check, &opts, started_at, clock.elapsed()));
                let kept = (keep == Keep::Copy).then(|| result.clone());
                progress(CheckProgress::Finished { session: opts.session.clone(), result });
                (index, kept)
            });
        }
        let mut results: Vec<Option<CheckResult>> = vec![None; if keep == Keep::Copy { count } else { 0 }];
        while let Some(joined) = tasks.join_next().await {
            match joined {
                Ok((index, Some(result))) => results[index] = Some(result),
                Ok((_, None)) => {}
                Err(e) => tracing::error!(error = %e, "a check task ended abnormally"),
            }
        }
        progress(CheckProgress::Done { session: opts.session.clone(), cancelled: cancel.is_cancelled() });
        results
    }
    .instrument(span)
    .await
}

fn cancelled(
    check: &Prepared,
    opts: &SessionOptions,
    started_at: chrono::DateTime<Utc>,
    took: Duration,
) -> CheckResult {
    CheckResult {
        id: 0,
        session: opts.session.clone(),
        name: check.name.clone(),
        kind: check.kind,
        environment: check.environment.clone(),
        status: CheckStatus::Inconclusive,
        message: "cancelled before it finished".into(),
        duration_ms: millis(took),
        latency_ms: None,
        attempts: 0,
        started_at,
        observed: json!({}),
        conditions: Vec::new(),
        run_id: opts.run_id,
        step_id: opts.step_id,
    }
}

/// One attempt's outcome.
struct Attempt {
    status: CheckStatus,
    conditions: Vec<ConditionResult>,
    probed: Probed,
    message: String,
}

async fn run_one(check: &Prepared, opts: &SessionOptions, progress: &ProgressSink) -> CheckResult {
    let span = tracing::info_span!("check", name = %check.name, kind = check.kind.as_str(), env = %check.environment);
    async move {
        let started_at = Utc::now();
        let clock = Instant::now();
        let policy = &check.policy;
        if let Some(delay) = policy.initial_delay {
            tokio::time::sleep(delay).await;
        }
        let (attempt, attempts, summary) = if let Some(watch) = &policy.watch {
            let deadline = clock + policy.initial_delay.unwrap_or_default() + watch.window;
            let mut debounce = Debounce::new(watch.fail_after.unwrap_or(3), watch.recover_after.unwrap_or(2));
            let (mut n, mut failed, mut errors_in_row, mut passes_in_row) = (0u32, 0u32, 0u32, 0u32);
            let mut worst_latency: Option<f64> = None;
            let mut last;
            let mut stop_reason = None;
            loop {
                n += 1;
                last = attempt(check, &opts.ctx).await;
                if let Some(l) = last.probed.observation.response_time_ms {
                    worst_latency = Some(worst_latency.map_or(l, |w: f64| w.max(l)));
                }
                let passed = matches!(last.status, CheckStatus::Pass | CheckStatus::Warn);
                if passed {
                    passes_in_row += 1;
                } else {
                    failed += 1;
                    passes_in_row = 0;
                }
                errors_in_row = if last.probed.failure.is_some() { errors_in_row + 1 } else { 0 };
                if debounce.record(passed) {
                    let state = if debounce.red { "turned red" } else { "turned green again" };
                    tracing::info!(measurement = n, state, "watch state changed");
                }
                progress(CheckProgress::Retrying {
                    session: opts.session.clone(),
                    name: check.name.clone(),
                    attempt: n,
                    message: format!("measurement {n}: {}", last.message),
                });
                if let Some(limit) = watch.consecutive_error_limit {
                    if errors_in_row >= limit {
                        stop_reason = Some(format!("stopped after {errors_in_row} probe errors in a row"));
                        break;
                    }
                }
                if let Some(limit) = watch.consecutive_success_limit {
                    if passes_in_row >= limit {
                        stop_reason = Some(format!("ended early after {passes_in_row} passes in a row"));
                        break;
                    }
                }
                if Instant::now() + watch.every > deadline {
                    break;
                }
                tokio::time::sleep(watch.every).await;
            }
            let limit = watch.failure_limit.unwrap_or(0);
            let ratio = f64::from(failed) * 100.0 / f64::from(n.max(1));
            let worst = worst_latency.map(|w| format!(", worst latency {} ms", w.round())).unwrap_or_default();
            let mut summary = format!(
                "{n} measurements over {}: {failed} failed ({ratio:.1} %){worst}",
                humantime::format_duration(Duration::from_secs(clock.elapsed().as_secs()))
            );
            if let Some(reason) = &stop_reason {
                summary.push_str(&format!("; {reason}"));
            }
            let status = if failed > limit || stop_reason.as_deref().is_some_and(|r| r.contains("errors")) {
                CheckStatus::Fail
            } else if failed > 0 || last.status == CheckStatus::Warn {
                CheckStatus::Warn
            } else if last.status == CheckStatus::Inconclusive {
                CheckStatus::Inconclusive
            } else {
                CheckStatus::Pass
            };
            last.status = status;
            let mut evidence = Map::new();
            evidence.insert("measurements".into(), json!(n));
            evidence.insert("failed".into(), json!(failed));
            evidence.insert("failure_ratio".into(), json!(ratio / 100.0));
            evidence.insert("worst_latency_ms".into(), json!(worst_latency));
            evidence.insert("red".into(), json!(debounce.red));
            last.probed.evidence.insert("watch".into(), Value::Object(evidence));
            (last, n, Some(summary))
        } else {
            let max_attempts = policy.attempts.unwrap_or(1);
            let deadline = policy.until_healthy.map(|d| Instant::now() + d);
            let mut n = 0u32;
            loop {
                n += 1;
                let a = attempt(check, &opts.ctx).await;
                let passed = matches!(a.status, CheckStatus::Pass | CheckStatus::Warn);
                let more = match deadline {
                    Some(deadline) => Instant::now() + policy.interval() < deadline,
                    None => n < max_attempts,
                };
                if passed || !more {
                    break (a, n, None);
                }
                progress(CheckProgress::Retrying {
                    session: opts.session.clone(),
                    name: check.name.clone(),
                    attempt: n,
                    message: a.message.clone(),
                });
                tokio::time::sleep(policy.interval()).await;
            }
        };
        let message = match (&summary, attempt.status) {
            (Some(summary), _) => summary.clone(),
            (None, CheckStatus::Pass | CheckStatus::Warn) if attempts > 1 => {
                format!("passed after {attempts} attempts; {}", attempt.message)
            }
            (None, _) if attempts > 1 && policy.until_healthy.is_some() => format!(
                "not healthy within {} ({attempts} attempts): {}",
                humantime::format_duration(policy.until_healthy.unwrap_or_default()),
                attempt.message
            ),
            (None, _) if attempts > 1 => format!("{} (all {attempts} attempts)", attempt.message),
            (None, _) => attempt.message.clone(),
        };
        let result = build_result(check, opts, attempt, attempts, message, started_at, clock.elapsed());
        tracing::info!(status = result.status.as_str(), duration_ms = result.duration_ms, "check ended");
        result
    }
    .instrument(span)
    .await
}

/// Probes once (both sides for a comparison) and evaluates the conditions.
async fn attempt(check: &Prepared, ctx: &ProbeContext) -> Attempt {
    match &check.probe {
        PreparedProbe::One(spec) => {
            let probed = probe_with_deadline(spec, ctx).await;
            evaluate(check, probed)
        }
        PreparedProbe::Compare { sides, value } => {
            let (a, b) = tokio::join!(probe_with_deadline(&sides[0].1, ctx), probe_with_deadline(&sides[1].1, ctx));
            compare(check, value, [(&sides[0].0, a), (&sides[1].0, b)])
        }
        PreparedProbe::Manual(instructions) => Attempt {
            status: CheckStatus::Inconclusive,
            conditions: Vec::new(),
            probed: Probed::default(),
            message: format!("waiting for a person to confirm: {instructions}"),
        },
    }
}

/// Runs a probe, abandoning it if it overruns its own timeout by more than a margin.
async fn probe_with_deadline(spec: &probe::ProbeSpec, ctx: &ProbeContext) -> Probed {
    let timeout = spec.timeout().unwrap_or(ctx.default_timeout);
    match tokio::time::timeout(timeout + HARD_DEADLINE_MARGIN, probe::run(spec, ctx)).await {
        Ok(probed) => probed,
        Err(_) => Probed {
            failure: Some(format!("no result within {}", humantime::format_duration(timeout))),
            ..Probed::default()
        },
    }
}

fn evaluate(check: &Prepared, probed: Probed) -> Attempt {
    let (mut status, conditions) = runsheet_conditions::verdict(&check.conditions, &check.warn, &probed.observation);
    let message;
    if let Some(failure) = &probed.failure {
        // The probe could not observe. Conditions that still all held (e.g. `[CONNECTED] == false`) expected
        // that; otherwise missing data is the failure itself, not "no data".
        if status != CheckStatus::Pass && status != CheckStatus::Warn {
            status = CheckStatus::Fail;
        }
        message = if status == CheckStatus::Fail { failure.clone() } else { summarise(status, &conditions) };
    } else if let Some(reason) = probed.evidence.get("no_data").and_then(|r| r.as_str()) {
        // The probe ran but had nothing to give (no rows, an empty Prometheus result): never a pass.
        if status == CheckStatus::Pass || status == CheckStatus::Inconclusive {
            status = CheckStatus::Inconclusive;
            message = format!("no data: {reason}");
        } else {
            message = summarise(status, &conditions);
        }
    } else {
        message = summarise(status, &conditions);
    }
    Attempt { status, conditions, probed, message }
}

/// One line about the conditions for a person.
fn summarise(status: CheckStatus, conditions: &[ConditionResult]) -> String {
    let required = conditions.iter().filter(|c| !c.warn).count();
    match status {
        CheckStatus::Pass if required == 0 => "probe succeeded".into(),
        CheckStatus::Pass => format!("{required} condition{} held", if required == 1 { "" } else { "s" }),
        CheckStatus::Warn => conditions
            .iter()
            .find(|c| c.warn && c.holds == Some(true))
            .map(|c| format!("warning: `{}` ({})", c.condition, c.observed))
            .unwrap_or_else(|| "warning".into()),
        CheckStatus::Fail => conditions
            .iter()
            .find(|c| !c.warn && c.holds == Some(false))
            .map(|c| format!("`{}` did not hold: {}", c.condition, c.observed))
            .unwrap_or_else(|| "failed".into()),
        CheckStatus::Inconclusive => conditions
            .iter()
            .find(|c| !c.warn && c.holds.is_none())
            .map(|c| format!("no data for `{}`: {}", c.condition, c.observed))
            .unwrap_or_else(|| "no data".into()),
    }
}

fn compare(check: &Prepared, value: &str, sides: [(&String, Probed); 2]) -> Attempt {
    let mut evidence = Map::new();
    let mut values = Vec::new();
    for (env, probed) in &sides {
        let v = crate::prepare::read_value(value, &probed.observation);
        evidence.insert(
            (*env).clone(),
            json!({ "value": v, "failure": probed.failure, "evidence": Value::Object(probed.evidence.clone()) }),
        );
        values.push(v);
    }
    let [(env_a, a), (env_b, b)] = sides;
    let failure = match (&a.failure, &b.failure) {
        (Some(f), _) => Some(format!("{env_a}: {f}")),
        (None, Some(f)) => Some(format!("{env_b}: {f}")),
        _ => None,
    };
    let mut observation = a.observation.clone();
    observation.response_time_ms = match (a.observation.response_time_ms, b.observation.response_time_ms) {
        (Some(x), Some(y)) => Some(x.max(y)),
        (x, y) => x.or(y),
    };
    let base = Probed { observation, failure: None, evidence };
    if let Some(failure) = failure {
        return Attempt {
            status: CheckStatus::Fail,
            conditions: Vec::new(),
            probed: Probed { failure: Some(failure.clone()), ..base },
            message: failure,
        };
    }
    match (&values[0], &values[1]) {
        (Some(x), Some(y)) if x == y => {
            let mut probed = base;
            probed.observation.result = Some(x.clone());
            let mut attempt = evaluate(check, probed);
            if attempt.status == CheckStatus::Pass {
                attempt.message = format!("{env_a} and {env_b} agree: {value} is {x}");
            }
            attempt
        }
        (Some(x), Some(y)) => Attempt {
            status: CheckStatus::Fail,
            conditions: Vec::new(),
            probed: base,
            message: format!("{env_a} and {env_b} disagree: {value} is {x} on {env_a}, {y} on {env_b}"),
        },
        (x, _) => {
            let missing = if x.is_none() { env_a } else { env_b };
            Attempt {
                status: CheckStatus::Inconclusive,
                conditions: Vec::new(),
                probed: base,
                message: format!("no data: {value} has no value on {missing}"),
            }
        }
    }
}

fn build_result(
    check: &Prepared,
    opts: &SessionOptions,
    attempt: Attempt,
    attempts: u32,
    message: String,
    started_at: chrono::DateTime<Utc>,
    took: Duration,
) -> CheckResult {
    let obs = &attempt.probed.observation;
    let mut observed = observed_json(obs, &attempt.probed);
    let redactor = &check.redactor;
    redactor.value(&mut observed);
    let conditions = attempt
        .conditions
        .into_iter()
        .map(|mut c| {
            c.observed = redactor.text(&c.observed);
            c.condition = redactor.text(&c.condition);
            c
        })
        .collect();
    CheckResult {
        id: 0,
        session: opts.session.clone(),
        name: check.name.clone(),
        kind: check.kind,
        environment: check.environment.clone(),
        status: attempt.status,
        message: redactor.text(&message),
        duration_ms: millis(took),
        latency_ms: obs.response_time_ms.map(|l| l.max(0.0).round() as u64),
        attempts,
        started_at,
        observed,
        conditions,
        run_id: opts.run_id,
        step_id: opts.step_id,
    }
}

/// Largest body excerpt kept as evidence.
const BODY_EXCERPT: usize = 2048;

fn observed_json(obs: &Observation, probed: &Probed) -> Value {
    let mut map = Map::new();
    if let Some(s) = obs.status {
        map.insert("status".into(), json!(s));
    }
    if let Some(t) = obs.response_time_ms {
        map.insert("response_time_ms".into(), json!((t * 10.0).round() / 10.0));
    }
    if !obs.headers.is_empty() {
        let headers: Map<String, Value> = obs.headers.iter().map(|(k, v)| (k.clone(), json!(v))).collect();
        map.insert("headers".into(), Value::Object(headers));
    }
    if let Some(body) = &obs.body {
        let mut end = body.len().min(BODY_EXCERPT);
        while !body.is_char_boundary(end) {
            end -= 1;
        }
        map.insert("body".into(), json!(&body[..end]));
        if end < body.len() {
            map.insert("body_truncated_from".into(), json!(body.len()));
        }
    }
    if let Some(left) = obs.certificate_expiration {
        map.insert("certificate_expires_in_s".into(), json!(left.as_secs()));
    }
    if let Some(c) = obs.connected {
        map.insert("connected".into(), json!(c));
    }
    if let Some(r) = &obs.dns_rcode {
        map.insert("dns_rcode".into(), json!(r));
    }
    if let Some(ip) = &obs.ip {
        map.insert("ip".into(), json!(ip));
    }
    if let Some(r) = &obs.result {
        map.insert("result".into(), r.clone());
    }
    if let Some(c) = obs.exit_code {
        map.insert("exit_code".into(), json!(c));
    }
    if let Some(f) = &probed.failure {
        map.insert("failure".into(), json!(f));
    }
    for (k, v) in &probed.evidence {
        map.entry(k.clone()).or_insert_with(|| v.clone());
    }
    Value::Object(map)
}

fn millis(d: Duration) -> u64 {
    u64::try_from(d.as_millis()).unwrap_or(u64::MAX)
}

/// The default conditions of a kind when a check gives none.
pub(crate) fn default_conditions(kind: CheckKind) -> Conditions {
    let text: &[&str] = match kind {
        CheckKind::Http => &["[STATUS] < 400"],
        CheckKind::Tcp => &["[CONNECTED] == true"],
        CheckKind::Dns => &["[DNS_RCODE] == NOERROR"],
        CheckKind::Command => &["[EXIT_CODE] == 0"],
        _ => &[],
    };
    Conditions::parse_all(text).unwrap_or_default()
}
