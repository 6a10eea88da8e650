use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};
use runsheet_core::StepRef;

/// Runsheet: runbooks, runs and a tamper-evident audit trail for release managers.
#[derive(Debug, Parser)]
#[command(name = "runsheet", version, about)]
pub struct Cli {
    /// The workspace directory (default: RUNSHEET_DATA_DIR, else the OS app-data directory).
    #[arg(long, global = true, value_name = "DIR")]
    pub(crate) data_dir: Option<PathBuf>,
    /// A team workspace on a PostgreSQL server (`postgres://USER@HOST:PORT/DB`) instead of the local file; its
    /// password comes from the OS keyring (`runsheet workspace connect`).
    #[arg(long, global = true, value_name = "URL", env = "RUNSHEET_WORKSPACE", conflicts_with = "data_dir")]
    pub(crate) workspace: Option<String>,
    /// Log what happens to stderr (RUST_LOG overrides).
    #[arg(long, short, global = true)]
    pub(crate) verbose: bool,
    #[command(subcommand)]
    pub(crate) command: Command,
}

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Runbooks and checklists.
    #[command(subcommand)]
    Runbook(RunbookCommand),
    /// Runs: executions of a runbook for a release.
    #[command(subcommand)]
    Run(RunGroup),
    /// Environments.
    #[command(subcommand, name = "env")]
    Environment(EnvironmentCommand),
    /// Who you are: every change is attributed to this name.
    #[command(subcommand)]
    Profile(ProfileCommand),
    /// The audit trail.
    #[command(subcommand)]
    Audit(AuditCommand),
    /// Run declared checks (http, tcp, dns, tls, sql, metric, command, compare) against an environment.
    Check(CheckArgs),
    /// Secrets for `{{ secret:name }}` in checks, kept in the OS keyring (never in the workspace).
    #[command(subcommand)]
    Secret(SecretCommand),
    /// Notifications to a Slack-compatible webhook (its URL in the OS keyring as secret NOTIFY_WEBHOOK).
    #[command(subcommand)]
    Notify(NotifyCommand),
    /// Read a Markdown go-live plan: show the phases and steps it gives, or save it as a runbook with --save.
    Import(ImportArgs),
    /// Write the whole workspace (environments and runbooks) as one YAML file.
    Export(ExportArgs),
    /// Gates of a run: what each requires and where it stands.
    #[command(subcommand)]
    Gate(GateCommand),
    /// Signed sign-offs on gates: add, list, withdraw, export for an auditor, and remote sign-off by file.
    #[command(subcommand, name = "signoff")]
    SignOff(SignOffCommand),
    /// The people directory: who signs off, in which roles, with which public keys.
    #[command(subcommand)]
    People(PeopleCommand),
    /// Record GO or NO-GO on a gate's go/no-go board (exit 1 if refused).
    Decide {
        /// Run id.
        run: i64,
        /// Gate step: its number, e.g. 4.3 (see `run show`), or its id.
        step: StepRef,
        /// go or no-go.
        decision: String,
        /// Why (required).
        #[arg(long)]
        reason: String,
    },
    /// Go/no-go criteria of a gate's board.
    #[command(subcommand)]
    Criteria(CriteriaCommand),
    /// Rollouts: where traffic stands, bakes with live analysis, the rollback under way.
    #[command(subcommand)]
    Rollout(RolloutCommand),
    /// Readiness scorecards: import a checklist, show the score, attest rules (signed), mark rules not applicable.
    #[command(subcommand)]
    Scorecard(ScorecardCommand),
    /// Deployment metrics (DORA) from run history: frequency, lead time, fail rate, recovery time, rework rate.
    Metrics(MetricsArgs),
    /// Add the demo workspace: a blue-green go-live runbook, a checklist, environments and a run in progress.
    Demo {
        /// Also a year of run history for `runsheet metrics`, a staging rehearsal with its live run, and a
        /// production readiness scorecard (one rule expired, one not applicable).
        #[arg(long)]
        insight: bool,
    },
    /// Tools for measuring and testing the store.
    #[command(subcommand, hide = true)]
    Debug(DebugCommand),
    /// Team workspaces on a PostgreSQL server: keep a password, set one up, add members.
    #[command(subcommand)]
    Workspace(WorkspaceCommand),
    /// Stream the workspace's changes as they happen, one line per audit event (JSON lines with --json), until
    /// interrupted: for chat-ops bridges and dashboards.
    Watch {
        /// Start after this audit sequence number instead of now (to catch up on what was missed).
        #[arg(long, value_name = "SEQ")]
        since: Option<i64>,
        #[command(flatten)]
        json: Json,
    },
}

#[derive(Debug, Args)]
pub(crate) struct ImportArgs {
    /// The Markdown file (.md).
    pub(crate) file: PathBuf,
    /// Save it and print the new runbooks' ids, one per line, the go-live first (then its preparation and
    /// follow-up, when the plan has them); without it nothing is saved and no workspace is opened.
    #[arg(long)]
    pub(crate) save: bool,
    /// Change what a section becomes, by its heading's line: `--section 76=run`. Uses: run, preparation,
    /// follow_up, notes, rollback, skip. Repeatable; a section's nested sections follow it.
    #[arg(long = "section", value_name = "LINE=USE", value_parser = parse_section_choice)]
    pub(crate) sections: Vec<runsheet_core::SectionChoice>,
    /// The runbook's title (default: the plan's top heading).
    #[arg(long = "title", value_name = "TITLE")]
    pub(crate) title: Option<String>,
    #[command(flatten)]
    pub(crate) actor: Actor,
    #[command(flatten)]
    pub(crate) json: Json,
}

#[derive(Debug, Subcommand)]
pub(crate) enum ScorecardCommand {
    /// Import a Markdown readiness checklist: headings become categories, items rules, `[x]` items met (unsigned).
    Import {
        /// The Markdown file (.md).
        file: PathBuf,
        /// Its name (default: the file's title).
        #[arg(long = "name", id = "scorecard_name", value_name = "NAME")]
        name: Option<String>,
        /// The environment its linked checks run against.
        #[arg(long = "env", value_name = "NAME")]
        environment: Option<String>,
        /// The runbook it belongs to.
        #[arg(long, value_name = "ID")]
        runbook: Option<i64>,
        /// The score a ready verdict needs (default 85).
        #[arg(long, value_parser = clap::value_parser!(u8).range(0..=100))]
        threshold: Option<u8>,
        #[command(flatten)]
        actor: Actor,
        #[command(flatten)]
        json: Json,
    },
    /// List scorecards with their latest score.
    List(Json),
    /// A scorecard scored now: categories, rules, their state and evidence.
    Show {
        /// Scorecard id.
        id: i64,
        #[command(flatten)]
        json: Json,
    },
    /// A readiness report: the scorecard scored now with each rule's evidence, and its score history, as Markdown
    /// or one self-contained HTML file.
    Report {
        /// Scorecard id.
        id: i64,
        /// md (or markdown) or html (default: from --out's extension, else md).
        #[arg(long, value_enum)]
        format: Option<ReportFormat>,
        /// Write to this file instead of stdout.
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
    /// Attest a rule as met, signed with your key from the OS keyring (like a sign-off).
    Attest {
        /// Scorecard id.
        id: i64,
        /// Rule id, e.g. R3.
        rule: String,
        /// The role you attest in (you must hold it).
        #[arg(long)]
        role: String,
        /// A note: what you checked.
        #[arg(long)]
        note: Option<String>,
    },
    /// Mark a rule not applicable, with a reason: it leaves the score's denominator.
    Na {
        /// Scorecard id.
        id: i64,
        /// Rule id, e.g. R3.
        rule: String,
        /// Why (required).
        #[arg(long)]
        reason: String,
        #[command(flatten)]
        actor: Actor,
    },
}

#[derive(Debug, Args)]
pub(crate) struct MetricsArgs {
    /// One environment, whatever its tier (default: every production-tier environment).
    #[arg(long = "env", value_name = "NAME")]
    pub(crate) environment: Option<String>,
    /// From this date (2026-03-02, midnight at --utc-offset) or time (RFC 3339); default: the first deployment.
    #[arg(long, value_name = "DATE")]
    pub(crate) since: Option<String>,
    /// Up to this date or time, exclusive (default: now).
    #[arg(long, value_name = "DATE")]
    pub(crate) until: Option<String>,
    /// Where weeks and months begin, as +02:00 or -05:00 (default: this machine's current offset).
    #[arg(long, value_name = "OFFSET", allow_hyphen_values = true)]
    pub(crate) utc_offset: Option<String>,
    /// Print JSON: the five keys, each {value, unit, count, period}, with weekly and monthly series.
    #[arg(long, conflicts_with = "csv")]
    pub(crate) json: bool,
    /// Print the five keys as CSV.
    #[arg(long)]
    pub(crate) csv: bool,
}

#[derive(Debug, Args)]
pub(crate) struct Json {
    /// Print JSON instead of text.
    #[arg(long)]
    pub(crate) json: bool,
}

#[derive(Debug, Subcommand)]
pub(crate) enum RunbookCommand {
    /// List runbooks and checklists.
    List(Json),
    /// Show a runbook's phases and steps.
    Show {
        /// Runbook id.
        id: i64,
        #[command(flatten)]
        json: Json,
    },
    /// Write a runbook as YAML (see docs/runbook-format.md).
    Export {
        /// Runbook id.
        id: i64,
        /// Write to this file instead of stdout.
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
    /// Import runbooks and environments from a YAML file: matches by title or name are updated, the rest created.
    Import {
        /// The YAML file.
        file: PathBuf,
        #[command(flatten)]
        actor: Actor,
        #[command(flatten)]
        json: Json,
    },
}

/// `runsheet run …`: the run commands, and the report.
#[derive(Debug, Subcommand)]
pub(crate) enum RunGroup {
    #[command(flatten)]
    Run(RunCommand),
    /// Write a run's report: Markdown, or one self-contained HTML file to save, mail or print.
    Report(ReportArgs),
    /// Roll a run back at a level (1 feature flag, 2 traffic switch, 3 application rollback, 4 database restore),
    /// or escalate a rollback under way to a deeper level. Needs a reason and the release name typed to confirm.
    Rollback(RollbackArgs),
}

#[derive(Debug, Args)]
pub(crate) struct RollbackArgs {
    /// Run id.
    pub(crate) run: i64,
    /// The level to start at (or escalate to).
    #[arg(long)]
    pub(crate) level: u8,
    /// Why (required).
    #[arg(long)]
    pub(crate) reason: String,
    /// The release name, typed to confirm.
    #[arg(long, value_name = "RELEASE-NAME")]
    pub(crate) confirm: String,
    #[command(flatten)]
    pub(crate) actor: Actor,
    #[command(flatten)]
    pub(crate) json: Json,
}

#[derive(Debug, Subcommand)]
pub(crate) enum RolloutCommand {
    /// Where a run's rollout stands: current step, traffic share, bake remaining, analysis, proposed action and
    /// the rollback, if any.
    Status {
        /// Run id.
        run: i64,
        #[command(flatten)]
        json: Json,
    },
    /// Drive a rollout or wait step's bake to its verdict in the foreground: its analysis checks run every interval
    /// and are kept as evidence. Exit 0 passed, 1 failed or paused for a person, 2 error.
    Bake {
        /// Run id.
        run: i64,
        /// Step id (shown by `run show`).
        step: i64,
        /// The word the step asks to be typed before it starts (e.g. PROCEED), if it asks for one.
        #[arg(long)]
        confirm: Option<String>,
        /// Run the step's action (the webhook or command that shifts traffic) before the bake. A step whose action
        /// is allowed in the run's environment is refused without it, naming what the action would do.
        #[arg(long)]
        yes: bool,
        #[command(flatten)]
        actor: Actor,
        #[command(flatten)]
        json: Json,
    },
    /// Abort a bake under way or paused, with a reason (kept apart from a failed check).
    Abort {
        /// Run id.
        run: i64,
        /// Step id.
        step: i64,
        /// Why (required).
        #[arg(long)]
        reason: String,
        #[command(flatten)]
        actor: Actor,
    },
    /// Tick the next step of the rollback under way; the last one (its verification) ends the run rolled back.
    RollbackStep {
        /// Run id.
        run: i64,
        /// The rollback step's number (1-based).
        number: u32,
        #[command(flatten)]
        actor: Actor,
        #[command(flatten)]
        json: Json,
    },
}

#[derive(Debug, Args)]
pub(crate) struct ReportArgs {
    /// Run id.
    pub(crate) id: i64,
    /// md (or markdown) or html (default: from --out's extension, else md).
    #[arg(long, value_enum)]
    pub(crate) format: Option<ReportFormat>,
    /// Write to this file instead of stdout.
    #[arg(long, value_name = "FILE")]
    pub(crate) out: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub(crate) enum ReportFormat {
    #[value(alias = "markdown")]
    Md,
    Html,
}

#[derive(Debug, Args)]
pub(crate) struct ExportArgs {
    /// Everything: every environment and every runbook that is not archived.
    #[arg(long, required = true)]
    pub(crate) all: bool,
    /// Write to this file instead of stdout.
    #[arg(long, value_name = "FILE")]
    pub(crate) out: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub(crate) enum RunCommand {
    /// List runs, newest first.
    List {
        /// Only runs of this runbook.
        #[arg(long)]
        runbook: Option<i64>,
        #[command(flatten)]
        json: Json,
    },
    /// Show a run: every step's state, who, when, notes.
    Show {
        /// Run id.
        id: i64,
        #[command(flatten)]
        json: Json,
    },
    /// Start a run of a runbook for a release.
    Start {
        /// Runbook id.
        runbook: i64,
        /// Release name or version, e.g. v1.2.0.
        #[arg(long)]
        release: String,
        /// Target environment, by name.
        #[arg(long = "env")]
        environment: Option<String>,
        /// Start even though another run is in progress on the environment, for this reason (audited).
        #[arg(long, value_name = "REASON")]
        override_reason: Option<String>,
        /// A rehearsal (usually on staging): left out of the deployment metrics.
        #[arg(long)]
        rehearsal: bool,
        /// A hotfix: counted in the deployment rework rate (runs of the emergency-hotfix template always are).
        #[arg(long)]
        hotfix: bool,
        /// The release's change time (commit or merge), RFC 3339, for the change lead time (wins over --repo).
        #[arg(long, value_name = "TIME")]
        change_time: Option<String>,
        /// Read the change time from the release's git tag in this repository: the tagged commit's time (tag
        /// `v1.4.2` or `1.4.2`). Default: RUNSHEET_REPO, if set, when --change-time is not given.
        #[arg(long, value_name = "PATH", env = "RUNSHEET_REPO")]
        repo: Option<PathBuf>,
        #[command(flatten)]
        actor: Actor,
        #[command(flatten)]
        json: Json,
    },
    /// Run a check step's saved checks against the run's environment; the results are the step's evidence.
    Checks {
        /// Run id.
        run: i64,
        /// Step: its number, e.g. 4.3, or its id.
        step: StepRef,
        #[command(flatten)]
        actor: Actor,
        #[command(flatten)]
        json: Json,
    },
    /// Schedule a run: its planned start and the end of its window, in a time zone; or --clear it.
    Schedule {
        /// Run id.
        run: i64,
        /// Planned start: `2026-12-05 02:00` in --tz, or RFC 3339 with an offset.
        #[arg(long, required_unless_present = "clear")]
        start: Option<String>,
        /// The window's end, written as --start.
        #[arg(long, required_unless_present = "clear")]
        end: Option<String>,
        /// The IANA zone the times (and the plan's clock times) are in.
        #[arg(long, default_value = "UTC")]
        tz: String,
        /// Remove the run's schedule.
        #[arg(long, conflicts_with_all = ["start", "end"])]
        clear: bool,
        #[command(flatten)]
        actor: Actor,
    },
    /// Say "I'm on it" for a step, so nobody else starts, ticks or skips it meanwhile.
    Claim {
        /// Run id.
        run: i64,
        /// Step: its number, e.g. 4.3, or its id.
        step: StepRef,
        /// Take the step over from the person on it (recorded as `step.claim_taken`).
        #[arg(long)]
        take_over: bool,
        #[command(flatten)]
        actor: Actor,
    },
    /// Let go of your claim of a step.
    Unclaim {
        /// Run id.
        run: i64,
        /// Step: its number, e.g. 4.3, or its id.
        step: StepRef,
        #[command(flatten)]
        actor: Actor,
    },
    /// Hand the run to another person with a note (a long bake, a shift change).
    HandOver {
        /// Run id.
        run: i64,
        /// Who leads the run from now.
        #[arg(long)]
        to: String,
        /// What they need to know (required).
        #[arg(long)]
        note: String,
        #[command(flatten)]
        actor: Actor,
    },
    /// A run's on-call and escalation contacts per role, the roles nobody is on call for, and who to call now.
    Contacts {
        /// Run id.
        run: i64,
        /// First fill in the default on-call person of each uncovered role held by exactly one person.
        #[arg(long)]
        fill: bool,
        #[command(flatten)]
        actor: Actor,
        #[command(flatten)]
        json: Json,
    },
    /// Name a run's on-call person for a role (replacing the one named), or an escalation contact after the others;
    /// or --clear the role's contacts (only --person's, if given).
    Contact {
        /// Run id.
        run: i64,
        /// The role, as the runbook names it (any case).
        #[arg(long)]
        role: String,
        /// The person, by name or principal.
        #[arg(long, required_unless_present = "clear")]
        person: Option<String>,
        /// An escalation contact, called after the on-call person.
        #[arg(long, conflicts_with = "clear")]
        escalation: bool,
        /// Remove the role's contacts (only --person's, if given).
        #[arg(long)]
        clear: bool,
        #[command(flatten)]
        actor: Actor,
    },
    /// Hold a run with a reason: no step moves until it is released.
    Hold {
        /// Run id.
        run: i64,
        /// Why (required).
        #[arg(long)]
        reason: String,
        #[command(flatten)]
        actor: Actor,
    },
    /// Release a held run with a reason.
    Release {
        /// Run id.
        run: i64,
        /// Why (required).
        #[arg(long)]
        reason: String,
        #[command(flatten)]
        actor: Actor,
    },
    /// Act on a step: start, done, skip, fail, block or reopen (the last four need --reason).
    Step {
        /// Run id.
        run: i64,
        /// Step: its number, e.g. 4.3 (shown by `run show`), or its id.
        step: StepRef,
        /// What to do.
        action: StepVerb,
        /// Why (required for skip, fail, block, reopen).
        #[arg(long)]
        reason: Option<String>,
        #[command(flatten)]
        actor: Actor,
    },
    /// Add a note to a step.
    Note {
        /// Run id.
        run: i64,
        /// Step: its number, e.g. 4.3 (shown by `run show`), or its id.
        step: StepRef,
        /// The note.
        text: String,
        #[command(flatten)]
        actor: Actor,
    },
    /// Compare a live run with a rehearsal of the same runbook: durations step by step, slips, skips.
    Compare {
        /// The live run's id.
        run: i64,
        /// The rehearsal's run id (default: the newest rehearsal of the same runbook).
        #[arg(long, value_name = "RUN")]
        rehearsal: Option<i64>,
        /// A step slipped when it took this many minutes longer than rehearsed (or planned).
        #[arg(long, value_name = "MIN", default_value_t = 5)]
        threshold_min: u32,
        #[command(flatten)]
        json: Json,
    },
    /// Complete, abort or roll back a run (abort and rollback need --reason).
    Finish {
        /// Run id.
        run: i64,
        /// How the run ends.
        outcome: Outcome,
        /// Why (required for abort and rollback).
        #[arg(long)]
        reason: Option<String>,
        #[command(flatten)]
        actor: Actor,
    },
}

#[derive(Debug, Args)]
pub(crate) struct Actor {
    /// Act as this person instead of the profile's name.
    #[arg(long = "as", value_name = "NAME")]
    pub(crate) name: Option<String>,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub(crate) enum StepVerb {
    Start,
    Done,
    Skip,
    Fail,
    Block,
    Reopen,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub(crate) enum Outcome {
    Complete,
    Abort,
    Rollback,
}

#[derive(Debug, Subcommand)]
pub(crate) enum EnvironmentCommand {
    /// List environments and their variables.
    List(Json),
    /// Add a freeze: no production changes from --from to --to (times as 2026-12-24T18:00Z, RFC 3339, or
    /// `2026-12-24 18:00` in UTC).
    Freeze {
        /// Environment name.
        #[arg(value_name = "NAME")]
        environment: String,
        /// When it begins.
        #[arg(long)]
        from: String,
        /// When it ends.
        #[arg(long)]
        to: String,
        /// Why (required).
        #[arg(long)]
        reason: String,
        #[command(flatten)]
        actor: Actor,
    },
    /// Add a recurring change window, e.g. --days tue,thu --start 22:00 --duration 4h --tz Europe/Berlin.
    Window {
        /// Environment name.
        #[arg(value_name = "NAME")]
        environment: String,
        /// Days it opens on, comma-separated: mon,tue,wed,thu,fri,sat,sun.
        #[arg(long)]
        days: String,
        /// Local opening time, HH:MM.
        #[arg(long)]
        start: String,
        /// How long it stays open: 4h, 90m, 4h30m (it may run past midnight).
        #[arg(long)]
        duration: String,
        /// IANA time zone, e.g. Europe/Berlin.
        #[arg(long)]
        tz: String,
        #[command(flatten)]
        actor: Actor,
    },
    /// An environment's change windows and freezes, and whether changes may go in now (or when they next may).
    Windows {
        /// Environment name.
        #[arg(value_name = "NAME")]
        environment: String,
        #[command(flatten)]
        json: Json,
    },
    /// Remove a change window or a freeze by its id (shown by `env windows`).
    Unschedule {
        /// `window` or `freeze`.
        what: ScheduleItem,
        /// Its id.
        id: i64,
        #[command(flatten)]
        actor: Actor,
    },
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub(crate) enum ScheduleItem {
    Window,
    Freeze,
}

#[derive(Debug, Subcommand)]
pub(crate) enum ProfileCommand {
    /// Show the profile.
    Show(Json),
    /// Set your name and roles.
    Set {
        /// Your name, as it should appear in the audit trail.
        #[arg(long)]
        name: String,
        /// A role you hold (repeat for several).
        #[arg(long = "role")]
        roles: Vec<String>,
    },
}

#[derive(Debug, Subcommand)]
pub(crate) enum AuditCommand {
    /// Re-compute the whole hash chain: exit 0 when intact, 1 naming the first event that does not match.
    /// With --file, verify an exported JSON Lines file instead, without opening the workspace.
    Verify {
        /// An export written by `audit export` (exit 2 if it cannot be read, naming line and column).
        #[arg(long, value_name = "EXPORT.jsonl")]
        file: Option<PathBuf>,
        #[command(flatten)]
        json: Json,
    },
    /// Write the audit trail (or one run's events) as JSON Lines, with a header line, for offline verification.
    Export {
        /// Only this run's events.
        #[arg(long)]
        run: Option<i64>,
        /// Write to this file instead of stdout.
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
    /// Show audit events, newest first.
    Log {
        /// Only this run's events.
        #[arg(long)]
        run: Option<i64>,
        /// How many.
        #[arg(long, default_value_t = 50)]
        limit: u32,
        #[command(flatten)]
        json: Json,
    },
}

#[derive(Debug, Subcommand)]
pub(crate) enum DebugCommand {
    /// Tick the pending steps of a run one by one, printing `ack <step> <seq> <micros>` after each commit.
    Transitions {
        /// Run id.
        run: i64,
        /// Stop after this many transitions.
        #[arg(long)]
        count: Option<usize>,
    },
    /// Create a runbook of N steps (in phases of 100) and a run of it, printing the run id.
    Generate {
        /// Steps.
        #[arg(long, default_value_t = 2000)]
        steps: usize,
    },
}

#[derive(Debug, Args)]
pub(crate) struct CheckArgs {
    /// The checks file (YAML: `environments` and `checks`, or a Gatus configuration with `endpoints`).
    #[arg(long, value_name = "FILE")]
    pub(crate) config: PathBuf,
    /// The environment to run against: one of the file's, else one of the workspace's.
    #[arg(long = "env", value_name = "NAME")]
    pub(crate) environment: String,
    /// Run only this check (repeat for several).
    #[arg(long, value_name = "NAME")]
    pub(crate) only: Vec<String>,
    /// Checks probing at once.
    #[arg(long, default_value_t = 16, value_parser = clap::value_parser!(u16).range(1..=1024))]
    pub(crate) concurrency: u16,
    /// Print one JSON array of results.
    #[arg(long, conflicts_with = "junit")]
    pub(crate) json: bool,
    /// Also write the results as a JUnit XML report to this file.
    #[arg(long, value_name = "FILE")]
    pub(crate) junit: Option<PathBuf>,
    /// Keep the results as evidence for this run.
    #[arg(long, value_name = "ID")]
    pub(crate) run: Option<i64>,
    /// ... and this step of it: its number, e.g. 4.3, or its id.
    #[arg(long, value_name = "STEP", requires = "run")]
    pub(crate) step: Option<StepRef>,
    #[command(flatten)]
    pub(crate) actor: Actor,
}

#[derive(Debug, Subcommand)]
pub(crate) enum SecretCommand {
    /// Store or replace a secret; the value is read from standard input (never from the command line).
    Set {
        /// The name used in `{{ secret:name }}`.
        #[arg(value_name = "NAME")]
        secret: String,
        #[command(flatten)]
        actor: Actor,
    },
    /// Delete a secret from the keyring.
    Delete {
        /// The secret's name.
        #[arg(value_name = "NAME")]
        secret: String,
        #[command(flatten)]
        actor: Actor,
    },
    /// List the names of stored secrets (values are never shown).
    List(Json),
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    #[test]
    fn the_command_line_is_consistent() {
        super::Cli::command().debug_assert();
    }
}

#[derive(Debug, Subcommand)]
pub(crate) enum GateCommand {
    /// Every gate of a run (or one): open or not, and each requirement's state, value and who can clear it.
    Status {
        /// Run id.
        run: i64,
        /// Only this gate step: its number, e.g. 4.3, or its id.
        step: Option<StepRef>,
        #[command(flatten)]
        json: Json,
    },
    /// Renew a gate's approval window with a reason: a gate held past its `expires_after_min` can open again.
    Renew {
        /// Run id.
        run: i64,
        /// Gate step: its number, e.g. 4.3 (see `run show`), or its id.
        step: StepRef,
        /// Why the approvals still stand (required).
        #[arg(long)]
        reason: String,
    },
    /// What the gate would have decided on the runbook's recent runs with another condition on one of its checks,
    /// from stored evidence only (no server is called), e.g. `--check checkout --condition "[RESPONSE_TIME] < 250"`.
    Replay {
        /// Run id (any run of the runbook).
        run: i64,
        /// Gate step: its number, e.g. 4.3 (see `run show`), or its id.
        step: StepRef,
        /// The check whose condition changes.
        #[arg(long)]
        check: String,
        /// The condition to try; it replaces the recorded condition on the same left side.
        #[arg(long)]
        condition: String,
        /// How many of the newest runs that reached the gate (default 20, at most 500).
        #[arg(long)]
        last: Option<u32>,
        #[command(flatten)]
        json: Json,
    },
    /// Emergency override of a production gate's change window or freeze, as the profile's person, who must hold
    /// one of the gate's override roles (exit 1 if refused).
    OverrideWindow {
        /// Run id.
        run: i64,
        /// Gate step: its number, e.g. 4.3 (see `run show`), or its id.
        step: StepRef,
        /// Why (required; audited).
        #[arg(long)]
        reason: String,
    },
}

#[derive(Debug, Subcommand)]
pub(crate) enum SignOffCommand {
    /// Sign a gate as the profile's person, with their key from the OS keyring (made on first use).
    Add {
        /// Run id.
        run: i64,
        /// Gate step: its number, e.g. 4.3 (see `run show`), or its id.
        step: StepRef,
        /// The role signed in.
        #[arg(long)]
        role: String,
        /// approve, approve-with-conditions or reject.
        #[arg(long)]
        decision: String,
        /// A comment (conditions, or why rejected).
        #[arg(long, default_value = "")]
        comment: String,
    },
    /// A run's sign-offs with their signatures checked.
    List {
        /// Run id.
        run: i64,
        #[command(flatten)]
        json: Json,
    },
    /// Withdraw your own sign-off, or override a rejection if the gate allows your role to.
    Withdraw {
        /// Sign-off id (from `signoff list`).
        id: i64,
        /// Why (required).
        #[arg(long)]
        reason: String,
    },
    /// Write a run's sign-offs for an auditor: statements, .sig files, allowed_signers and VERIFY.txt.
    Export {
        /// Run id.
        run: i64,
        /// The directory to write into (created if missing).
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
    },
    /// Export a remote sign-off request for a gate and a role: the statement to sign.
    Request {
        /// Run id.
        run: i64,
        /// Gate step: its number, e.g. 4.3 (see `run show`), or its id.
        step: StepRef,
        /// The role asked to sign.
        #[arg(long)]
        role: String,
        /// How long the request stays valid, e.g. 24h, 3d (default 3d).
        #[arg(long, default_value = "3d")]
        valid_for: String,
        /// The request file to write.
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// Answer a sign-off request in this Runsheet: sign it as the profile's person and write the response file.
    Sign {
        /// The request file.
        file: PathBuf,
        /// approve, approve-with-conditions or reject (default approve).
        #[arg(long, default_value = "approve")]
        decision: String,
        /// A comment.
        #[arg(long, default_value = "")]
        comment: String,
        /// The response file to write.
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// Import a response file, or a request file with the .sig that `ssh-keygen -Y sign -n signoff@runsheet` made.
    Import {
        /// The response file, or the signed request file.
        file: PathBuf,
        /// The detached signature (request.json.sig) when FILE is the request itself.
        sig: Option<PathBuf>,
    },
}

#[derive(Debug, Subcommand)]
pub(crate) enum PeopleCommand {
    /// Add a person, e.g. a stakeholder who signs with their own SSH key.
    Add {
        /// Display name.
        #[arg(long = "name", id = "person_name")]
        name: String,
        /// E-mail-like id (the principal in allowed_signers).
        #[arg(long)]
        principal: String,
        /// A role held (repeat for several).
        #[arg(long = "role")]
        roles: Vec<String>,
        /// Their public key, `ssh-ed25519 AAAA…` (e.g. the line of ~/.ssh/id_ed25519.pub).
        #[arg(long)]
        key: Option<String>,
        #[command(flatten)]
        contact: ContactArgs,
        #[command(flatten)]
        actor: Actor,
    },
    /// Set how to reach a person (by name or principal); fields not given are kept, an empty value clears one.
    Contact {
        /// The person's name or principal.
        person: String,
        #[command(flatten)]
        contact: ContactArgs,
        #[command(flatten)]
        actor: Actor,
    },
    /// Everyone in the directory with their roles, contact details and key fingerprints.
    List(Json),
    /// Revoke a key: signatures recorded after this do not count.
    RevokeKey {
        /// The key's fingerprint, `SHA256:…`.
        fingerprint: String,
        /// Why (required).
        #[arg(long)]
        reason: String,
        #[command(flatten)]
        actor: Actor,
    },
}

#[derive(Debug, Args)]
pub(crate) struct ContactArgs {
    /// Phone number, e.g. `+44 20 7946 0958`.
    #[arg(long)]
    pub(crate) phone: Option<String>,
    /// Chat handle, e.g. `@grace`.
    #[arg(long)]
    pub(crate) chat: Option<String>,
    /// E-mail address.
    #[arg(long)]
    pub(crate) email: Option<String>,
}

#[derive(Debug, Subcommand)]
pub(crate) enum CriteriaCommand {
    /// Mark criterion N (GO criteria first, then NO-GO) as met (it holds) or unmet.
    Set {
        /// Run id.
        run: i64,
        /// Gate step: its number, e.g. 4.3 (see `run show`), or its id.
        step: StepRef,
        /// Criterion number, from `gate status`.
        number: u32,
        /// met or unmet.
        state: String,
        /// An optional note.
        #[arg(long, default_value = "")]
        note: String,
    },
}

#[derive(Debug, Subcommand)]
pub(crate) enum NotifyCommand {
    /// Send a test message to the webhook (exit 1 if it fails, saying why).
    Test,
    /// Deliver the notifications of audit events not yet claimed (the app does this while it runs; pipelines and
    /// cron jobs without the app call this).
    Deliver,
    /// Deliveries made, newest first, with their outcome.
    List {
        /// Only this run's.
        #[arg(long)]
        run: Option<i64>,
        #[command(flatten)]
        json: Json,
    },
}

/// `76=run`: a section's heading line and what it becomes.
fn parse_section_choice(text: &str) -> Result<runsheet_core::SectionChoice, String> {
    let (line, use_as) = text.split_once('=').ok_or_else(|| format!("`{text}` is not LINE=USE, e.g. 76=run"))?;
    let line: u32 = line.trim().parse().map_err(|_| format!("`{line}` is not a line number"))?;
    let use_as = runsheet_core::SectionUse::ALL.into_iter().find(|u| u.as_str() == use_as.trim()).ok_or_else(|| {
        let all: Vec<&str> = runsheet_core::SectionUse::ALL.iter().map(|u| u.as_str()).collect();
        format!("`{use_as}` is not one of {}", all.join(", "))
    })?;
    Ok(runsheet_core::SectionChoice { line, use_as })
}

#[derive(Debug, Subcommand)]
pub(crate) enum WorkspaceCommand {
    /// Check that a password opens a team workspace and keep it in the OS keyring (read from standard input; never
    /// from the command line, never in a file or the database).
    Connect {
        /// `postgres://USER@HOST:PORT/DB`.
        url: String,
    },
    /// Set up a team workspace on a PostgreSQL database, as its owner or a superuser: the schema, the member and
    /// admin roles and their privileges. Safe to run again (it also upgrades the schema).
    Init {
        /// `postgres://OWNER@HOST:PORT/DB`.
        url: String,
    },
    /// Members: a server login for each person.
    #[command(subcommand)]
    Member(MemberCommand),
    /// Copy this workspace (the local file: --data-dir) into a new, empty team workspace: runbooks, runs, check
    /// results, people, sign-offs and the audit chain verbatim, the chain verified before and after.
    Push {
        /// `postgres://OWNER@HOST:PORT/DB`, set up with `workspace init` and holding nothing yet.
        url: String,
        #[command(flatten)]
        json: Json,
    },
}

#[derive(Debug, Subcommand)]
pub(crate) enum MemberCommand {
    /// Create a member's login (its password read from standard input) and map it to a person, added if new.
    Add {
        /// `postgres://OWNER@HOST:PORT/DB`: the owner's, or an admin's with the right to create roles.
        url: String,
        /// The member's login on the server.
        #[arg(long)]
        login: String,
        /// The person's full name (an existing person's name or principal, or a new person).
        #[arg(long)]
        person: String,
        /// The new person's principal (e-mail-like id); default `<login>@<server>`.
        #[arg(long)]
        principal: Option<String>,
        /// A role the new person holds (repeat for several).
        #[arg(long = "role", value_name = "ROLE")]
        roles: Vec<String>,
        /// May add people, keys and members.
        #[arg(long)]
        admin: bool,
        #[command(flatten)]
        json: Json,
    },
}
