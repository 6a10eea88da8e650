//! The `runsheet` command-line tool: a thin layer over `runsheet-store`, for terminals and pipelines.
//!
//! Exit codes: 0 success; 1 `audit verify` found the trail broken, or a policy refused (a closed gate, a sign-off
//! rule, a tampered, replayed or expired sign-off file); 2 bad arguments, an unreadable or foreign
//! database, or any other error, always as one line on stderr that names the cause.
#![deny(missing_docs)]

mod args;
mod commands;
mod output;

use std::ffi::OsString;
use std::io::Write;

use clap::Parser;

pub use args::Cli;

/// Exit code: the audit trail does not verify.
pub const EXIT_BROKEN: u8 = 1;
/// Exit code: bad arguments, an unusable database, or another error.
pub const EXIT_ERROR: u8 = 2;

/// Runs the CLI with these arguments (the first is the program name), writing to `out` and `err`.
pub fn main_with(args: impl IntoIterator<Item = OsString>, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { EXIT_ERROR } else { 0 };
            let text = e.render().to_string();
            if e.use_stderr() {
                let _ = write!(err, "{text}");
            } else {
                let _ = write!(out, "{text}");
            }
            return code;
        }
    };
    init_tracing(cli.verbose);
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(rt) => rt,
        Err(e) => {
            let _ = writeln!(err, "runsheet: cannot start: {e}");
            return EXIT_ERROR;
        }
    };
    match runtime.block_on(commands::dispatch(cli, out)) {
        Ok(code) => code,
        Err(e) => {
            if !is_broken_pipe(&e) {
                let _ = writeln!(err, "runsheet: {e:#}");
            }
            if is_broken_pipe(&e) {
                0
            } else if is_refusal(&e) {
                EXIT_BROKEN
            } else {
                EXIT_ERROR
            }
        }
    }
}

/// A policy refused (a closed gate, separation of duties, a replayed or mismatched sign-off): exit 1, as a broken
/// audit trail does, so pipelines tell "refused" from "bad input".
fn is_refusal(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<runsheet_store::Error>().is_some_and(|s| s.kind() == runsheet_core::ErrorKind::Refused)
            || c.downcast_ref::<runsheet_core::Error>().is_some_and(|d| d.kind() == runsheet_core::ErrorKind::Refused)
            || c.downcast_ref::<runsheet_signoff::Error>().is_some_and(|s| {
                matches!(
                    s.kind(),
                    runsheet_signoff::ErrorKind::Signature
                        | runsheet_signoff::ErrorKind::Expired
                        | runsheet_signoff::ErrorKind::Mismatch
                )
            })
    })
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.downcast_ref::<std::io::Error>().is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
}

fn init_tracing(verbose: bool) {
    let default = if verbose { "runsheet_cli=debug,runsheet_store=debug" } else { "off" };
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(default));
    let _ = tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr).try_init();
}
