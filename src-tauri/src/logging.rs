//! tracing to stderr and to a daily-rolled file in the log directory; `RUST_LOG` overrides the default filter.

use std::path::Path;

use tracing_appender::non_blocking::WorkerGuard;
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;
use tracing_subscriber::{fmt, EnvFilter};

/// Installs the subscriber. Keep the guard alive for the app's lifetime so the file writer flushes.
pub(crate) fn init(log_dir: &Path) -> Option<WorkerGuard> {
    let filter = EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| EnvFilter::new("info,runsheet_store=info,runsheet_app=info,tao=warn,wry=warn"));
    let (file_layer, guard) = match std::fs::create_dir_all(log_dir) {
        Ok(()) => {
            let appender = tracing_appender::rolling::Builder::new()
                .rotation(tracing_appender::rolling::Rotation::DAILY)
                .filename_prefix("runsheet")
                .filename_suffix("log")
                .max_log_files(14)
                .build(log_dir);
            match appender {
                Ok(appender) => {
                    let (writer, guard) = tracing_appender::non_blocking(appender);
                    (Some(fmt::layer().with_ansi(false).with_writer(writer)), Some(guard))
                }
                Err(e) => {
                    eprintln!("runsheet-app: no log file in {}: {e}", log_dir.display());
                    (None, None)
                }
            }
        }
        Err(e) => {
            eprintln!("runsheet-app: no log file in {}: {e}", log_dir.display());
            (None, None)
        }
    };
    let _ = tracing_subscriber::registry()
        .with(filter)
        .with(fmt::layer().with_writer(std::io::stderr))
        .with(file_layer)
        .try_init();
    guard
}
