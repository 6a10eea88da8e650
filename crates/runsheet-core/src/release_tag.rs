//! The release's change time read from its git tag: the commit time of the commit that the tag named after the
//! release points to (`v1.4.2`, or `1.4.2` for a release called `v1.4.2`, and the other way round), in a local
//! repository. Runs the `git` tool; reads only.

use std::path::Path;
use std::process::Command;

use chrono::{DateTime, Utc};

use crate::{Error, Result};

/// The change time a run records: the one given, else the release tag's commit time in `repo` if one is
/// configured, else none. The CLI (`--change-time`, `--repo`, `RUNSHEET_REPO`) and the app's start dialog share it.
pub fn resolve_change_time(
    given: Option<DateTime<Utc>>,
    repo: Option<&Path>,
    release: &str,
) -> Result<Option<DateTime<Utc>>> {
    match (given, repo) {
        (Some(at), _) => Ok(Some(at)),
        (None, Some(repo)) => change_time_from_git(repo, release).map(Some),
        (None, None) => Ok(None),
    }
}

/// The commit time of the release's tag in the repository at `repo`.
pub fn change_time_from_git(repo: &Path, release: &str) -> Result<DateTime<Utc>> {
    let release = release.trim();
    if release.is_empty() || release.starts_with('-') || release.contains("..") {
        return Err(Error::invalid("release", format!("`{release}` cannot name a git tag")));
    }
    if !repo.is_dir() {
        return Err(Error::invalid("repository", format!("{} is not a directory", repo.display())));
    }
    let mut names = vec![release.to_string()];
    match release.strip_prefix('v') {
        Some(bare) if !bare.is_empty() => names.push(bare.to_string()),
        _ => names.push(format!("v{release}")),
    }
    for name in &names {
        let out = Command::new("git")
            .arg("-C")
            .arg(repo)
            .args(["log", "-1", "--format=%cI"])
            .arg(format!("refs/tags/{name}^{{commit}}"))
            .arg("--")
            .output()
            .map_err(|e| Error::invalid("repository", format!("cannot run git: {e}")))?;
        if out.status.success() {
            let text = String::from_utf8_lossy(&out.stdout);
            return DateTime::parse_from_rfc3339(text.trim())
                .map(|t| t.with_timezone(&Utc))
                .map_err(|e| Error::invalid("repository", format!("git gave `{}` for tag {name}: {e}", text.trim())));
        }
        let err = String::from_utf8_lossy(&out.stderr);
        if err.contains("not a git repository") {
            return Err(Error::invalid("repository", format!("{} is not a git repository", repo.display())));
        }
    }
    Err(Error::invalid(
        "repository",
        format!(
            "no tag {} in {}: tag the release, or give its change time",
            names.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(" or "),
            repo.display()
        ),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn git(dir: &Path, args: &[&str], date: &str) {
        let ok = Command::new("git")
            .arg("-C")
            .arg(dir)
            .args(args)
            .env("GIT_COMMITTER_DATE", date)
            .env("GIT_AUTHOR_DATE", date)
            .env("GIT_AUTHOR_NAME", "Ada")
            .env("GIT_AUTHOR_EMAIL", "ada@example.invalid")
            .env("GIT_COMMITTER_NAME", "Ada")
            .env("GIT_COMMITTER_EMAIL", "ada@example.invalid")
            .status()
            .expect("git is installed")
            .success();
        assert!(ok, "git {args:?}");
    }

    #[test]
    fn reads_the_tagged_commit_time_with_or_without_a_leading_v() {
        let dir = tempfile::tempdir().unwrap();
        let repo = dir.path();
        git(repo, &["init", "-q"], "2026-11-20T09:00:00+01:00");
        git(repo, &["commit", "-q", "--allow-empty", "-m", "one"], "2026-11-20T09:00:00+01:00");
        // An annotated tag made days later still gives the commit's time, not the tag's.
        git(repo, &["tag", "-a", "v1.4.2", "-m", "release"], "2026-11-25T12:00:00+00:00");
        git(repo, &["commit", "-q", "--allow-empty", "-m", "two"], "2026-11-26T10:30:00+00:00");
        git(repo, &["tag", "2.0.0"], "2026-11-27T00:00:00+00:00");

        let at = |r: &str| change_time_from_git(repo, r).map(|t| t.to_rfc3339());
        assert_eq!(at("v1.4.2").unwrap(), "2026-11-20T08:00:00+00:00");
        assert_eq!(at("1.4.2").unwrap(), "2026-11-20T08:00:00+00:00");
        assert_eq!(at("v2.0.0").unwrap(), "2026-11-26T10:30:00+00:00");
        let missing = at("v9.9.9").unwrap_err().to_string();
        assert!(missing.contains("no tag `v9.9.9` or `9.9.9`"), "{missing}");
        assert!(at("--upload-pack=x").is_err(), "a release is never passed as an option");
        let plain = tempfile::tempdir().unwrap();
        let not_git = change_time_from_git(plain.path(), "v1.4.2").unwrap_err().to_string();
        assert!(not_git.contains("is not a git repository"), "{not_git}");
    }
}
