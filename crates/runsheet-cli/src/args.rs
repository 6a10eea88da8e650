use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Runsheet: runbooks, runs and a tamper-evident audit trail for release managers.
#[derive(Debug, Parser)]
#[command(name = "runsheet", version, about)]
pub struct Cli {
    /// The workspace directory (default: RUNSHEET_DATA_DIR, else the OS app-data directory).
    #[arg(long, global = true, value_name = "DIR")]
    pub(crate) data_dir: Option<PathBuf>,
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
        /// Gate step id.
        step: i64,
        /// go or no-go.
        decision: String,
        /// Why (required).
        #[arg(long)]
        reason: String,
    },
    /// Go/no-go criteria of a gate's board.
    #[command(subcommand)]
    Criteria(CriteriaCommand),
    /// Add the demo workspace: a blue-green go-live runbook, a checklist, environments and a run in progress.
    Demo,
    /// Tools for measuring and testing the store.
    #[command(subcommand, hide = true)]
    Debug(DebugCommand),
}

#[derive(Debug, Args)]
pub(crate) struct ImportArgs {
    /// The Markdown file (.md).
    pub(crate) file: PathBuf,
    /// Save it as a runbook and print the new runbook's id; without it nothing is saved and no workspace is opened.
    #[arg(long)]
    pub(crate) save: bool,
    #[command(flatten)]
    pub(crate) actor: Actor,
    #[command(flatten)]
    pub(crate) json: Json,
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
}

#[derive(Debug, Args)]
pub(crate) struct ReportArgs {
    /// Run id.
    pub(crate) id: i64,
    /// md or html (default: from --out's extension, else md).
    #[arg(long, value_enum)]
    pub(crate) format: Option<ReportFormat>,
    /// Write to this file instead of stdout.
    #[arg(long, value_name = "FILE")]
    pub(crate) out: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub(crate) enum ReportFormat {
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
        #[command(flatten)]
        actor: Actor,
        #[command(flatten)]
        json: Json,
    },
    /// Act on a step: start, done, skip, fail, block or reopen (the last four need --reason).
    Step {
        /// Run id.
        run: i64,
        /// Step id (shown by `run show`).
        step: i64,
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
        /// Step id.
        step: i64,
        /// The note.
        text: String,
        #[command(flatten)]
        actor: Actor,
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
    /// ... and this step of it.
    #[arg(long, value_name = "ID", requires = "run")]
    pub(crate) step: Option<i64>,
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
        /// Only this gate step.
        step: Option<i64>,
        #[command(flatten)]
        json: Json,
    },
}

#[derive(Debug, Subcommand)]
pub(crate) enum SignOffCommand {
    /// Sign a gate as the profile's person, with their key from the OS keyring (made on first use).
    Add {
        /// Run id.
        run: i64,
        /// Gate step id.
        step: i64,
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
        /// Gate step id.
        step: i64,
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
        actor: Actor,
    },
    /// Everyone in the directory with their roles and key fingerprints.
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

#[derive(Debug, Subcommand)]
pub(crate) enum CriteriaCommand {
    /// Mark criterion N (GO criteria first, then NO-GO) as met (it holds) or unmet.
    Set {
        /// Run id.
        run: i64,
        /// Gate step id.
        step: i64,
        /// Criterion number, from `gate status`.
        number: u32,
        /// met or unmet.
        state: String,
        /// An optional note.
        #[arg(long, default_value = "")]
        note: String,
    },
}
