//! The insight part of the demo workspace: a year of finished runs for the Metrics page, a staging rehearsal with
//! its live production run, and a production readiness scorecard with one rule expired and one not applicable.
//!
//! Added by [`Store::create_demo_insight`] after [`Store::create_demo`] (it uses the demo's environments, the
//! blue-green runbook and the templates). The year of history is sample data written in one transaction, its
//! runs carrying their historical times, and recorded as one `demo.history_added` audit event that lists them;
//! the scorecard goes through the ordinary store functions, each change audited.

use crate::db::Conn;
use chrono::{DateTime, Duration, Utc};
use runsheet_core::demo::{gate_check_results, DEMO_ACTOR, GREEN_HEALTH};
use runsheet_core::scorecard::{EvidenceSpec, Level, Rule, ScorecardStatus};
use runsheet_core::AuditAction;
use runsheet_core::{CheckKind, CheckResult, CheckStatus, Error as DomainError, Runbook, StepKind};
use serde_json::json;
use tracing::instrument;

use crate::audit_log::{append, NewEvent};
use crate::db;
use crate::scorecards::NewScorecard;
use crate::{runbooks, time, Result, Store};

/// What [`Store::create_demo_insight`] added.
#[derive(Debug, Clone)]
pub struct DemoInsight {
    /// The runs of the year of history, oldest first.
    pub history: Vec<i64>,
    /// The staging rehearsal of the blue-green runbook.
    pub rehearsal_run: i64,
    /// Its live run on production-blue, a day later.
    pub live_run: i64,
    /// The production readiness scorecard.
    pub scorecard: ScorecardStatus,
}

/// The check whose only result is two days old: its rule shows as expired.
pub const BACKUP_RESTORE: &str = "backup-restore-drill";

/// A small deterministic generator, so that every demo has the same history.
struct Dice(u64);

impl Dice {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }

    /// 0 ≤ n < `below`.
    fn below(&mut self, below: u64) -> u64 {
        self.next() % below
    }
}

/// One run of the history.
struct HistoryRun<'a> {
    runbook: &'a Runbook,
    release: String,
    environment: (i64, &'a str),
    state: &'static str,
    started_at: DateTime<Utc>,
    ended_at: DateTime<Utc>,
    change_at: Option<DateTime<Utc>>,
    rehearsal: bool,
    hotfix: bool,
    end_reason: Option<&'static str>,
    /// Varies the pace of each step (its share of the run's time is its planned duration times a factor).
    seed: u64,
    /// A step skipped, by position.
    skipped: Option<usize>,
}

impl Store {
    /// Adds a year (52 weeks up to `now`) of finished production runs of the standard and hotfix templates (fewer
    /// failures and shorter lead times as the year goes on), a staging rehearsal of the blue-green runbook with its
    /// live run on production-blue, and a readiness scorecard for production-green with one rule expired (its
    /// check's only result is two days old) and one not applicable. Needs [`Store::create_demo`] first; needs no
    /// keyring.
    #[instrument(skip(self), err)]
    pub async fn create_demo_insight(&self, now: DateTime<Utc>) -> Result<DemoInsight> {
        let environments = self.list_environments().await?;
        let env = |name: &'static str| -> Result<(i64, &'static str)> {
            environments
                .iter()
                .find(|e| e.name == name)
                .map(|e| (e.id, name))
                .ok_or_else(|| DomainError::NotFound(format!("environment {name} (add the demo first)")).into())
        };
        let (green, blue, staging) = (env("production-green")?, env("production-blue")?, env("staging")?);
        self.seed_templates().await?;
        let template = |id: &'static str| async move {
            self.template_runbook(id)
                .await?
                .ok_or_else(|| crate::Error::from(DomainError::NotFound(format!("template runbook `{id}`"))))
        };
        let (standard_id, hotfix_id) = (template("standard").await?, template("emergency-hotfix").await?);
        let blue_green_id: i64 =
            db::query_scalar("SELECT id FROM runbooks WHERE title = $1 AND archived = FALSE ORDER BY id DESC LIMIT 1")
                .bind(runsheet_core::demo::blue_green_runbook().title)
                .fetch_optional(self.pool())
                .await?
                .ok_or_else(|| DomainError::NotFound("the demo's blue-green runbook (add the demo first)".into()))?;

        let mut tx = self.write().await?;
        let standard = runbooks::load(&mut tx, standard_id).await?;
        let hotfix = runbooks::load(&mut tx, hotfix_id).await?;
        let blue_green = runbooks::load(&mut tx, blue_green_id).await?;

        let mut dice = Dice(20_261_203);
        let mut runs = Vec::new();
        let start = now - Duration::weeks(52);
        let mut version = (2u32, 0u32, 0u32);
        for week in 0..52i64 {
            // Early in the year one deployment in four fails; by the end one in twelve.
            let fail_one_in = 4 + (week as u64) / 6;
            // Lead time from change to production shrinks from about five days to about one.
            let lead_h = 120 - week * 2;
            for slot in 0..(1 + dice.below(3)) {
                let day = start + Duration::days(week * 7 + 1 + (slot as i64) * 2) + Duration::hours(9);
                let started_at = day + Duration::minutes(dice.below(240) as i64);
                let ended_at = started_at + Duration::minutes(35 + dice.below(50) as i64);
                let environment = if dice.below(2) == 0 { green } else { blue };
                version.2 += 1;
                let failed = dice.below(fail_one_in) == 0;
                runs.push(HistoryRun {
                    runbook: &standard,
                    release: format!("v{}.{}.{}", version.0, version.1, version.2),
                    environment,
                    state: if failed { "rolled_back" } else { "completed" },
                    started_at,
                    ended_at,
                    change_at: Some(started_at - Duration::hours(lead_h + dice.below(24) as i64)),
                    rehearsal: false,
                    hotfix: false,
                    end_reason: failed.then_some("error rate above 2 % after the migration; rolled back"),
                    seed: dice.next(),
                    skipped: None,
                });
                if failed {
                    // The fix follows as a hotfix, the same day or the next.
                    let started_at = ended_at + Duration::hours(3 + dice.below(20) as i64);
                    version.2 += 1;
                    runs.push(HistoryRun {
                        runbook: &hotfix,
                        release: format!("v{}.{}.{}", version.0, version.1, version.2),
                        environment,
                        state: "completed",
                        started_at,
                        ended_at: started_at + Duration::minutes(25 + dice.below(20) as i64),
                        change_at: Some(started_at - Duration::hours(2 + dice.below(4) as i64)),
                        rehearsal: false,
                        hotfix: true,
                        end_reason: None,
                        seed: dice.next(),
                        skipped: None,
                    });
                }
            }
            if week % 13 == 12 {
                version = (version.0, version.1 + 1, 0);
            }
        }
        runs.retain(|r| r.ended_at < now - Duration::days(4));
        let mut history = Vec::new();
        for run in &runs {
            history.push(insert_history_run(&mut tx, run).await?);
        }

        // The rehearsal on staging three days ago, and the live run on production-blue the day after.
        let rehearsal_start = now - Duration::days(3) - Duration::hours(10);
        let rehearsal = HistoryRun {
            runbook: &blue_green,
            release: "v1.1.5".into(),
            environment: staging,
            state: "completed",
            started_at: rehearsal_start,
            ended_at: rehearsal_start + Duration::minutes(150),
            change_at: Some(rehearsal_start - Duration::days(2)),
            rehearsal: true,
            hotfix: false,
            end_reason: None,
            seed: 7,
            // The status page notice was not needed on staging.
            skipped: Some(3),
        };
        let rehearsal_run = insert_history_run(&mut tx, &rehearsal).await?;
        let live_start = rehearsal_start + Duration::days(1);
        let live = HistoryRun {
            environment: blue,
            started_at: live_start,
            ended_at: live_start + Duration::minutes(185),
            rehearsal: false,
            seed: 11,
            skipped: None,
            ..rehearsal
        };
        let live_run = insert_history_run(&mut tx, &live).await?;
        append(
            &mut tx,
            NewEvent {
                actor: DEMO_ACTOR,
                action: AuditAction::DemoHistoryAdded,
                subject: "workspace".into(),
                run_id: None,
                payload: json!({
                    "runs": history, "rehearsal_run": rehearsal_run, "live_run": live_run,
                    "from": time::text(start), "to": time::text(now),
                }),
            },
        )
        .await?;
        tx.commit().await?;

        // What the cutover gate saw on the rehearsal and the live run, for replaying it with another threshold.
        for (run_id, error_rate, response_ms) in [(rehearsal_run, 0.4, 38), (live_run, 0.8, 61)] {
            let run = self.get_run(run_id).await?;
            let gate_end = run
                .snapshot
                .steps()
                .find(|(_, s)| s.kind == StepKind::Gate && s.gate.is_some())
                .and_then(|(_, s)| s.id)
                .and_then(|id| run.step(id))
                .and_then(|s| s.ended_at);
            if let Some(at) = gate_end {
                let mut results =
                    gate_check_results(&run.environment, at - Duration::minutes(4), error_rate, response_ms);
                for r in &mut results {
                    r.session = format!("demo-history-{run_id}");
                }
                self.record_check_results(DEMO_ACTOR, None, &mut results).await?;
            }
        }

        let scorecard = self.create_demo_scorecard(green, now).await?;
        Ok(DemoInsight { history, rehearsal_run, live_run, scorecard })
    }

    async fn create_demo_scorecard(&self, green: (i64, &str), now: DateTime<Utc>) -> Result<ScorecardStatus> {
        // The backup drill last ran two days ago; its rule wants a result from the last 24 hours.
        let mut drill = vec![CheckResult {
            id: 0,
            session: "demo-backup-drill".into(),
            name: BACKUP_RESTORE.into(),
            kind: CheckKind::Command,
            environment: green.1.into(),
            status: CheckStatus::Pass,
            message: "restored 48 GB in 22 min".into(),
            duration_ms: 1_320_000,
            latency_ms: None,
            attempts: 1,
            started_at: now - Duration::days(2),
            observed: json!({"exit_code": 0}),
            conditions: Vec::new(),
            run_id: None,
            step_id: None,
        }];
        self.record_check_results(DEMO_ACTOR, None, &mut drill).await?;
        let rule = |id: &str, title: &str, category: &str, level: Level, evidence: EvidenceSpec| Rule {
            id: id.into(),
            title: title.into(),
            category: category.into(),
            level,
            weight: level.default_weight(),
            evidence,
        };
        let attested = |role: &str| EvidenceSpec::Attestation { role: role.into(), valid_days: 90 };
        let rules = vec![
            rule(
                "R1",
                "Green API is healthy",
                "Infrastructure",
                Level::Critical,
                EvidenceSpec::Check { check: GREEN_HEALTH.into(), max_age_min: 24 * 60 },
            ),
            rule(
                "R2",
                "Backups restore within the recovery time objective",
                "Data",
                Level::High,
                EvidenceSpec::Check { check: BACKUP_RESTORE.into(), max_age_min: 24 * 60 },
            ),
            rule("R3", "Penetration test findings closed", "Security", Level::Critical, attested("Security Lead")),
            rule("R4", "PCI DSS scope reviewed", "Compliance", Level::High, attested("")),
            rule("R5", "Dashboards and alerts cover the new endpoints", "Monitoring", Level::Medium, attested("")),
            rule("R6", "Load test at twice the peak", "Performance", Level::High, attested("")),
            rule("R7", "Payment provider sandbox sign-off", "Integration", Level::Medium, attested("")),
        ];
        let new = NewScorecard {
            name: "Production readiness".into(),
            environment_id: Some(green.0),
            runbook_id: None,
            threshold: None,
            source: "demo".into(),
            rules,
            // As if imported from the team's checklist with these items ticked.
            checked: vec!["R5".into(), "R7".into()],
            checked_valid_days: 90,
        };
        let card = self.create_scorecard(DEMO_ACTOR, new).await?;
        self.mark_rule_na(DEMO_ACTOR, card.id, "R4", "No card data is stored since payments were tokenised").await
    }
}

/// Inserts one finished run with its historical times, every step settled in turn.
async fn insert_history_run(tx: &mut Conn, run: &HistoryRun<'_>) -> Result<i64> {
    let id: i64 = db::query_scalar(
        "INSERT INTO runs (runbook_id, release, environment_id, environment, state, snapshot, created_by, created_at,
            started_at, ended_at, end_reason, template, rehearsal, hotfix, change_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) RETURNING id",
    )
    .bind(run.runbook.id)
    .bind(&run.release)
    .bind(run.environment.0)
    .bind(run.environment.1)
    .bind(run.state)
    .bind(serde_json::to_string(run.runbook)?)
    .bind(DEMO_ACTOR)
    .bind(time::text(run.started_at - Duration::minutes(30)))
    .bind(time::text(run.started_at))
    .bind(time::text(run.ended_at))
    .bind(run.end_reason)
    .bind(&run.runbook.template)
    .bind(run.rehearsal)
    .bind(run.hotfix)
    .bind(run.change_at.map(time::text))
    .fetch_one(&mut *tx)
    .await?;
    let steps: Vec<(i64, String, u32)> = run
        .runbook
        .steps()
        .filter_map(|(_, s)| Some((s.id?, s.title.clone(), s.duration_min.unwrap_or(5).max(1))))
        .collect();
    // Each step's share of the run: its planned minutes times a factor from 0.6 to 1.4 that the seed picks.
    let weights: Vec<f64> = steps
        .iter()
        .enumerate()
        .map(|(i, (_, _, planned))| {
            let factor = 0.6 + ((run.seed.wrapping_mul(31).wrapping_add(i as u64 * 17)) % 9) as f64 / 10.0;
            f64::from(*planned) * factor
        })
        .collect();
    let sum: f64 = weights.iter().sum::<f64>().max(1.0);
    let span = (run.ended_at - run.started_at).num_seconds().max(1) as f64;
    // A rolled-back run stopped half-way: the rest of its steps were never done.
    let done = if run.state == "rolled_back" { steps.len() / 2 } else { steps.len() };
    let mut from = run.started_at;
    for (position, (step_id, title, _)) in steps.iter().enumerate() {
        let (state, started, ended) = if position >= done {
            ("pending", None, None)
        } else if run.skipped == Some(position) {
            let at = from + Duration::seconds(20);
            from = at;
            ("skipped", None, Some(time::text(at)))
        } else {
            let end = from + Duration::seconds((span * weights[position] / sum) as i64);
            let started = time::text(from);
            from = end;
            ("done", Some(started), Some(time::text(end)))
        };
        db::query(
            "INSERT INTO run_steps (run_id, step_id, position, title, state, actor, started_at, ended_at, reason)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(id)
        .bind(step_id)
        .bind(position as i64)
        .bind(title)
        .bind(state)
        .bind(ended.as_ref().map(|_| DEMO_ACTOR))
        .bind(started)
        .bind(ended)
        .bind((state == "skipped").then_some("not needed on staging"))
        .execute(&mut *tx)
        .await?;
    }
    Ok(id)
}
