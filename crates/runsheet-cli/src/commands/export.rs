//! `runsheet export --all`, and writing any output to stdout or, atomically, to a file.

use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use anyhow::Context;
use runsheet_formats::yaml::{self, Document};
use runsheet_store::Store;

use crate::args::ExportArgs;

pub(crate) async fn run(store: &Store, args: ExportArgs, out: &mut dyn Write) -> anyhow::Result<()> {
    let environments = store.list_environments().await?;
    let mut summaries = store.list_runbooks().await?;
    // Oldest first, so that a file kept in git changes only where the workspace did.
    summaries.sort_by_key(|s| s.id);
    let mut runbooks = Vec::with_capacity(summaries.len());
    for s in summaries {
        runbooks.push(store.get_runbook(s.id).await?);
    }
    let mut schedules = Vec::new();
    for env in &environments {
        let ew = store.environment_windows(env.id).await?;
        if !ew.windows.is_empty() || !ew.freezes.is_empty() {
            schedules.push(yaml::Schedule { environment: env.name.clone(), windows: ew.windows, freezes: ew.freezes });
        }
    }
    let mut scorecards = Vec::new();
    for card in store.list_scorecards().await? {
        let runbook = card.runbook_id.and_then(|id| runbooks.iter().find(|r| r.id == id)).map(|r| r.title.clone());
        let rules = store.scorecard_rules(card.id).await?;
        scorecards.push(yaml::ScorecardDoc::from_rules(&card.name, card.environment, runbook, card.threshold, &rules));
    }
    let doc = Document::from_workspace(&environments, &runbooks).with_schedules(&schedules).with_scorecards(scorecards);
    let text = yaml::to_yaml(&doc)?;
    let mut sink = Sink::open(args.out.as_deref(), out)?;
    sink.writer().write_all(text.as_bytes())?;
    sink.finish()
}

/// Where output goes: stdout, or a file that appears whole or not at all (written beside it, then renamed).
pub(super) enum Sink<'a> {
    Stdout(BufWriter<&'a mut dyn Write>),
    File { file: BufWriter<tempfile::NamedTempFile>, path: PathBuf },
}

impl<'a> Sink<'a> {
    pub(super) fn open(path: Option<&Path>, out: &'a mut dyn Write) -> anyhow::Result<Self> {
        let Some(path) = path else {
            return Ok(Sink::Stdout(BufWriter::with_capacity(1 << 16, out)));
        };
        let dir = match path.parent() {
            Some(dir) if !dir.as_os_str().is_empty() => dir,
            _ => Path::new("."),
        };
        let file = tempfile::NamedTempFile::new_in(dir).with_context(|| format!("cannot write {}", path.display()))?;
        Ok(Sink::File { file: BufWriter::with_capacity(1 << 16, file), path: path.to_path_buf() })
    }

    pub(super) fn writer(&mut self) -> &mut dyn Write {
        match self {
            Sink::Stdout(w) => w,
            Sink::File { file, .. } => file,
        }
    }

    pub(super) fn finish(self) -> anyhow::Result<()> {
        match self {
            Sink::Stdout(mut w) => Ok(w.flush()?),
            Sink::File { file, path } => {
                let file = file
                    .into_inner()
                    .map_err(|e| e.into_error())
                    .with_context(|| format!("cannot write {}", path.display()))?;
                file.as_file().sync_all().with_context(|| format!("cannot write {}", path.display()))?;
                // A temporary file is private (0600); the output gets the permissions of the file it replaces, or
                // the usual 0644.
                let permissions = std::fs::metadata(&path).map(|m| m.permissions()).ok();
                let written = file.persist(&path).with_context(|| format!("cannot write {}", path.display()))?;
                #[cfg(unix)]
                {
                    use std::os::unix::fs::PermissionsExt;
                    let permissions = permissions.unwrap_or_else(|| std::fs::Permissions::from_mode(0o644));
                    written.set_permissions(permissions).with_context(|| format!("cannot write {}", path.display()))?;
                }
                #[cfg(not(unix))]
                let _ = (permissions, written);
                Ok(())
            }
        }
    }
}
