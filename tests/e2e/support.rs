use std::future::Future;
use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::PathBuf;
use std::pin::Pin;
use std::process::Command;
use std::time::Duration;

use anyhow::{Context, Result};
use fantoccini::elements::Element;
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::json;
use tempfile::TempDir;

/// The directory holding the built binaries: next to this test's `deps/` folder.
fn bin_dir() -> PathBuf {
    let exe = std::env::current_exe().expect("test executable path");
    exe.parent().and_then(|deps| deps.parent()).expect("target/<profile>").to_path_buf()
}

/// The app binary under test: `RUNSHEET_APP_BIN`, else `runsheet-app` beside this test.
pub fn app_binary() -> PathBuf {
    std::env::var_os("RUNSHEET_APP_BIN").map(PathBuf::from).unwrap_or_else(|| bin_dir().join("runsheet-app"))
}

/// The CLI binary, for checking what the app wrote.
pub fn cli_binary() -> PathBuf {
    bin_dir().join("runsheet")
}

/// Where screenshots go: `RUNSHEET_ARTIFACTS`, else `target/e2e-artifacts`.
pub fn artifacts_dir() -> PathBuf {
    let dir =
        std::env::var_os("RUNSHEET_ARTIFACTS").map(PathBuf::from).unwrap_or_else(|| bin_dir().join("e2e-artifacts"));
    std::fs::create_dir_all(&dir).expect("artifacts dir");
    dir
}

/// One app window with its own data directory. [`App::run`] runs a flow in it and ends the session.
pub struct App {
    pub client: Client,
    pub data: TempDir,
}

impl App {
    /// Launches the app on a fresh workspace (which gets the demo on first start).
    pub async fn launch() -> Result<App> {
        let data = tempfile::tempdir()?;
        let driver = std::env::var("TAURI_DRIVER_URL").unwrap_or_else(|_| "http://127.0.0.1:4444".into());
        let app = app_binary();
        anyhow::ensure!(
            app.exists(),
            "no app binary at {} (build it with `cargo build -p runsheet-app`)",
            app.display()
        );
        let mut caps = serde_json::Map::new();
        caps.insert("tauri:options".into(), json!({ "application": app, "args": ["--data-dir", data.path()] }));
        let client = ClientBuilder::rustls()?
            .capabilities(caps)
            .connect(&driver)
            .await
            .with_context(|| format!("no WebDriver session at {driver}: is tauri-driver running?"))?;
        Ok(App { client, data })
    }

    /// Waits up to 15 s for an element with this `data-testid`.
    pub async fn testid(&self, id: &str) -> Result<Element> {
        self.css(&format!("[data-testid=\"{id}\"]")).await
    }

    /// Waits up to 15 s for an element matching a CSS selector.
    pub async fn css(&self, selector: &str) -> Result<Element> {
        self.client
            .wait()
            .at_most(Duration::from_secs(15))
            .every(Duration::from_millis(50))
            .for_element(Locator::Css(selector))
            .await
            .with_context(|| format!("no element matches `{selector}`"))
    }

    /// Types into the element with this `data-testid`, replacing what it held.
    pub async fn fill(&self, id: &str, text: &str) -> Result<()> {
        let el = self.testid(id).await?;
        el.clear().await?;
        el.send_keys(text).await?;
        Ok(())
    }

    /// Clicks the element with this `data-testid`, as a person would: scrolled into view and not covered.
    ///
    /// Retries for up to 5 s while something (a closing dialog, an animation, a sticky header) covers it, then
    /// fails naming what covers it.
    pub async fn click(&self, id: &str) -> Result<()> {
        let el = self.testid(id).await?;
        self.click_element(&el).await.with_context(|| format!("cannot click `{id}`"))
    }

    /// Clicks an element once it is scrolled into view and the topmost element at its centre is the element itself
    /// (or inside it). Retries for up to 5 s; the error then names whatever covers the target.
    pub async fn click_element(&self, el: &Element) -> Result<()> {
        let deadline = std::time::Instant::now() + Duration::from_secs(5);
        loop {
            let attempt = match self.reveal(el).await {
                Ok(None) => el.click().await.map_err(anyhow::Error::from),
                Ok(Some(covered)) => Err(anyhow::anyhow!("{covered}")),
                Err(e) => Err(e),
            };
            match attempt {
                Ok(()) => return Ok(()),
                Err(_) if std::time::Instant::now() < deadline => tokio::time::sleep(Duration::from_millis(100)).await,
                Err(e) => return Err(e),
            }
        }
    }

    /// Scrolls `el` to the middle of the window and says what, if anything, would take a click at its centre
    /// instead of it: `None` when the element itself would.
    async fn reveal(&self, el: &Element) -> Result<Option<String>> {
        let verdict = self.client.execute(REVEAL_JS, vec![serde_json::to_value(el)?]).await?;
        Ok(verdict.as_str().filter(|s| !s.is_empty()).map(str::to_owned))
    }

    /// Polls until `check` holds, for up to 15 s.
    pub async fn until<F, Fut>(&self, what: &str, mut check: F) -> Result<()>
    where
        F: FnMut() -> Fut,
        Fut: std::future::Future<Output = Result<bool>>,
    {
        let deadline = std::time::Instant::now() + Duration::from_secs(15);
        loop {
            if check().await.unwrap_or(false) {
                return Ok(());
            }
            anyhow::ensure!(std::time::Instant::now() < deadline, "timed out waiting for {what}");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Waits up to 15 s until the element with this `data-testid` shows text containing `needle`; returns it.
    pub async fn until_text(&self, id: &str, needle: &str) -> Result<String> {
        let el = self.testid(id).await?;
        let deadline = std::time::Instant::now() + Duration::from_secs(15);
        loop {
            // textContent, not the WebDriver "visible text": WebKitWebDriver returns "" for some visible
            // Mantine elements (seen with Alert).
            let text = el.prop("textContent").await.ok().flatten().unwrap_or_default();
            if text.contains(needle) {
                return Ok(text);
            }
            anyhow::ensure!(std::time::Instant::now() < deadline, "`{id}` shows \"{text}\", not \"{needle}\"");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Saves a screenshot of the window as `<name>.png` in the artifacts directory.
    pub async fn screenshot(&self, name: &str) -> Result<PathBuf> {
        let png = self.client.screenshot().await?;
        let path = artifacts_dir().join(format!("{name}.png"));
        std::fs::write(&path, png)?;
        Ok(path)
    }

    /// Runs the CLI against this app's workspace and returns stdout, failing on a non-zero exit.
    pub fn cli(&self, args: &[&str]) -> Result<String> {
        let out = Command::new(cli_binary()).arg("--data-dir").arg(self.data.path()).args(args).output()?;
        anyhow::ensure!(out.status.success(), "runsheet {args:?} failed: {}", String::from_utf8_lossy(&out.stderr));
        Ok(String::from_utf8(out.stdout)?)
    }

    /// Runs a test flow with a time limit, saves `<name>-failure.png` if it fails, and always ends the session
    /// (tauri-driver refuses new sessions while one is open). The flow's error comes first.
    ///
    /// A WebDriver command can hang, so every part has a deadline.
    pub async fn run<F>(self, name: &str, flow: F) -> Result<()>
    where
        F: for<'a> FnOnce(&'a App) -> Pin<Box<dyn Future<Output = Result<()>> + 'a>>,
    {
        let result = match tokio::time::timeout(Duration::from_secs(90), flow(&self)).await {
            Ok(result) => result,
            Err(_) => Err(anyhow::anyhow!("{name}: no progress for 90 s (a WebDriver command hung)")),
        };
        if result.is_err() {
            let file = format!("{name}-failure");
            if tokio::time::timeout(Duration::from_secs(10), self.screenshot(&file)).await.is_err() {
                eprintln!("{name}: the failure screenshot hung too");
            }
        }
        let closed = tokio::time::timeout(Duration::from_secs(20), self.client.close()).await;
        result?;
        closed.context("ending the WebDriver session hung")??;
        Ok(())
    }

    /// Runs the CLI against this app's workspace and returns its exit code (for commands expected to fail).
    #[allow(dead_code)] // used by approvals.rs, which is out of the suite for now
    pub fn command_status(&self, args: &[&str]) -> Result<i32> {
        let out = Command::new(cli_binary()).arg("--data-dir").arg(self.data.path()).args(args).output()?;
        Ok(out.status.code().unwrap_or(-1))
    }

    /// Presses keys as a person would, on whatever has focus (W3C actions, not typing into an element).
    pub async fn press(&self, keys: &str) -> Result<()> {
        use fantoccini::actions::{InputSource, KeyAction, KeyActions};
        let mut actions = KeyActions::new("keyboard".into());
        for key in keys.chars() {
            actions = actions.then(KeyAction::Down { value: key }).then(KeyAction::Up { value: key });
        }
        self.client.perform_actions(actions).await?;
        Ok(())
    }

    /// Answers the first-start profile form: the name every change is attributed to, and comma-separated roles.
    pub async fn set_profile(&self, name: &str, roles: &str) -> Result<()> {
        self.fill("profile-name", name).await?;
        self.fill("profile-roles", roles).await?;
        self.click("profile-save").await
    }

    /// Presses `key` while holding `modifier` (e.g. Control + a), on whatever has focus.
    pub async fn chord(&self, modifier: char, key: char) -> Result<()> {
        use fantoccini::actions::{InputSource, KeyAction, KeyActions};
        let actions = KeyActions::new("keyboard".into())
            .then(KeyAction::Down { value: modifier })
            .then(KeyAction::Down { value: key })
            .then(KeyAction::Up { value: key })
            .then(KeyAction::Up { value: modifier });
        self.client.perform_actions(actions).await?;
        Ok(())
    }
}

/// Scrolls the element into the middle of the window, then names the topmost element at its centre if that is not
/// the element, a descendant, or a label for it. Returns "" when a click would reach the element.
const REVEAL_JS: &str = r#"
const el = arguments[0];
el.scrollIntoView({ block: 'center', inline: 'center' });
const r = el.getBoundingClientRect();
if (r.width === 0 || r.height === 0) return 'the element has no size (hidden or collapsed)';
const x = r.left + r.width / 2, y = r.top + r.height / 2;
if (x < 0 || y < 0 || x > window.innerWidth || y > window.innerHeight) {
  return `the element's centre (${Math.round(x)}, ${Math.round(y)}) is outside the ${window.innerWidth}x${window.innerHeight} window`;
}
const hit = document.elementFromPoint(x, y);
if (hit && (hit === el || el.contains(hit) || (hit.control && hit.control === el))) return '';
const describe = (n) => {
  if (!n) return 'nothing';
  const id = n.getAttribute('data-testid');
  const cls = (n.getAttribute('class') || '').split(/\s+/).filter(Boolean).slice(0, 3).join('.');
  const text = (n.textContent || '').trim().slice(0, 40);
  return `<${n.tagName.toLowerCase()}${id ? ` data-testid="${id}"` : ''}${cls ? ` class="${cls}"` : ''}>${text ? ` "${text}"` : ''}`;
};
let owner = hit;
while (owner && !owner.getAttribute('data-testid') && owner.parentElement) owner = owner.parentElement;
return `covered by ${describe(hit)}${owner && owner !== hit ? ` inside ${describe(owner)}` : ''}`;
"#;

/// A test HTTP server on 127.0.0.1: `/health` answers 200 healthy, `/slow` after 20 s, anything else 503.
/// Returns its base URL.
pub fn http_server() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
    let base = format!("http://{}", listener.local_addr().expect("address"));
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            std::thread::spawn(move || {
                let Ok(clone) = stream.try_clone() else { return };
                let mut reader = BufReader::new(clone);
                let mut first = String::new();
                let _ = reader.read_line(&mut first);
                loop {
                    let mut line = String::new();
                    if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
                        break;
                    }
                }
                if first.contains(" /slow") {
                    std::thread::sleep(std::time::Duration::from_secs(20));
                }
                let (status, body) = if first.contains(" /health") {
                    (200, r#"{"status":"healthy"}"#)
                } else {
                    (503, r#"{"status":"down"}"#)
                };
                let _ = write!(
                    stream,
                    "HTTP/1.1 {status} X\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                    body.len()
                );
            });
        }
    });
    base
}
