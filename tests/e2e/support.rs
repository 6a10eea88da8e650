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
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::json;
use tempfile::TempDir;

/// The longest a whole flow may take before it fails (see `App::run`).
const FLOW_LIMIT: Duration = Duration::from_secs(300);

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
    /// The WebDriver session's id, read at launch: asking `client` later queues behind any command that hangs.
    session: String,
}

/// Waits two frames, then keeps the page drawing them: a transparent pixel, in a corner, changes colour every frame
/// (see [`App::screenshot`]).
const REPAINT_START_JS: &str = r#"
const done = arguments[arguments.length - 1];
const pixel = document.createElement('div');
pixel.id = 'e2e-repaint';
pixel.style.cssText = 'position:fixed;left:0;bottom:0;width:1px;height:1px;pointer-events:none;z-index:2147483647';
document.body.appendChild(pixel);
let frames = 0;
const frame = () => {
  if (!pixel.isConnected) return;
  frames += 1;
  pixel.style.backgroundColor = frames % 2 ? 'rgba(0,0,0,0)' : 'rgba(255,255,255,0)';
  if (frames === 2) done(true);
  requestAnimationFrame(frame);
};
requestAnimationFrame(frame);
"#;

/// Stops [`REPAINT_START_JS`].
const REPAINT_STOP_JS: &str = "document.getElementById('e2e-repaint')?.remove();";

impl App {
    /// Launches the app on a fresh workspace (which gets the demo on first start).
    pub async fn launch() -> Result<App> {
        App::launch_with(&[]).await
    }

    /// Launches the app with its own data directory and these arguments too (`--workspace URL`, say).
    pub async fn launch_with(extra: &[&str]) -> Result<App> {
        let data = tempfile::tempdir()?;
        let app = app_binary();
        anyhow::ensure!(
            app.exists(),
            "no app binary at {} (build it with `cargo build -p runsheet-app`)",
            app.display()
        );
        let mut args = vec![json!("--data-dir"), json!(data.path())];
        args.extend(extra.iter().map(|a| json!(a)));
        let (client, session) = session(&app, serde_json::Value::Array(args)).await?;
        Ok(App { client, data, session })
    }

    /// Launches `binary` (an installed app) with no arguments, so that it opens the workspace in the user's data
    /// directory as it does when started from the desktop. `data` is then an empty directory the app never sees.
    pub async fn launch_installed(binary: &std::path::Path) -> Result<App> {
        let data = tempfile::tempdir()?;
        let (client, session) = session(binary, json!([])).await?;
        Ok(App { client, data, session })
    }

    /// Waits up to 15 s for an element with this `data-testid`.
    pub async fn testid(&self, id: &str) -> Result<Element> {
        self.css(&by_testid(id)).await
    }

    /// Waits up to 15 s for an element matching a CSS selector.
    ///
    /// Any error is tried again until then, not only a missing element: a search that meets the page reloading (as
    /// the workspace switcher reloads it) fails with WebKitWebDriver's "Callback was not called before the unload
    /// event", and the element is there a moment later (seen once in CI when the window got faster).
    pub async fn css(&self, selector: &str) -> Result<Element> {
        let deadline = std::time::Instant::now() + Duration::from_secs(15);
        loop {
            match self.client.find(Locator::Css(selector)).await {
                Ok(element) => return Ok(element),
                Err(e) if std::time::Instant::now() >= deadline => {
                    return Err(e).with_context(|| format!("no element matches `{selector}`"))
                }
                Err(_) => tokio::time::sleep(Duration::from_millis(50)).await,
            }
        }
    }

    /// Types into the element with this `data-testid`, replacing what it held.
    /// A controlled input can put its old value back while a re-render is under way (seen on a loaded machine:
    /// the playground's condition kept its text and the new one was appended), so the value is read back and the
    /// typing done again, up to three times.
    pub async fn fill(&self, id: &str, text: &str) -> Result<()> {
        let mut value = String::new();
        for _ in 0..3 {
            // Found again on each try: a view that reloads replaces the input.
            match self.type_into(id, text).await {
                Ok((_, true)) => return Ok(()),
                Ok((typed, false)) => value = typed,
                Err(e) => value = format!("(typing failed: {e})"),
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
        anyhow::bail!("`{id}` holds {value:?} after typing {text:?} three times")
    }

    /// One try of [`App::fill`]: the value the input holds after typing, and whether that is what was typed.
    async fn type_into(&self, id: &str, text: &str) -> Result<(String, bool)> {
        let el = self.testid(id).await?;
        el.clear().await?;
        el.send_keys(text).await?;
        let value = el.prop("value").await?.unwrap_or_default();
        // WebDriver types a newline into a textarea as Enter, which may not insert one: compare without
        // whitespace. Inputs that normalise what is typed (a datetime field) are taken as they are.
        let squash = |s: &str| s.split_whitespace().collect::<String>();
        let same = squash(&value) == squash(text) || el.prop("type").await?.as_deref() == Some("datetime-local");
        Ok((value, same))
    }

    /// Chooses `value` in the native `<select>` with this `data-testid`, as the keyboard would: the value is set and
    /// a `change` event fired, then read back. (Clicking an `<option>` may open WebKitGTK's popup menu, which then
    /// swallows the next click.)
    pub async fn select(&self, id: &str, value: &str) -> Result<()> {
        let chosen = self
            .again(|| async {
                let el = self.testid(id).await?;
                let args = vec![serde_json::to_value(&el)?, serde_json::Value::String(value.to_string())];
                Ok(self.client.execute(SELECT_JS, args).await?)
            })
            .await?;
        anyhow::ensure!(chosen.as_str() == Some(value), "`{id}` has no option {value:?} (it holds {chosen})");
        Ok(())
    }

    /// Clicks the element with this `data-testid`, as a person would: scrolled into view and not covered.
    /// See [`App::click_css`].
    pub async fn click(&self, id: &str) -> Result<()> {
        self.click_css(&by_testid(id)).await.with_context(|| format!("cannot click `{id}`"))
    }

    /// Clicks the first element matching a CSS selector, as a person would: scrolled into view and not covered.
    ///
    /// Retries for up to 5 s while something (a closing dialog, an animation, a sticky header) covers it, then
    /// fails naming what covers it.
    ///
    /// The element is looked up again on each try: a view that reloads (a change made elsewhere arriving) replaces
    /// it, and clicking the old one fails with "node … was not found". Tests therefore name what to click, and
    /// never hold on to an element to click it later.
    pub async fn click_css(&self, selector: &str) -> Result<()> {
        let deadline = std::time::Instant::now() + Duration::from_secs(5);
        loop {
            let el = self.css(selector).await?;
            match self.try_click(&el).await {
                Ok(()) => return Ok(()),
                Err(_) if std::time::Instant::now() < deadline => tokio::time::sleep(Duration::from_millis(100)).await,
                Err(e) => return Err(e).with_context(|| format!("cannot click `{selector}`")),
            }
        }
    }

    /// Clicks `id` to open something (a dialog, a panel) and waits until the element `shows` is there.
    ///
    /// Under load a click can land while the view is still settling and be lost: seen once in CI, where the gate
    /// panel's Replay button took the click and no dialog opened. If `shows` has not appeared 3 s after a click,
    /// and `id` can still be clicked, it is clicked again, up to three times; opening is idempotent.
    pub async fn click_to_open(&self, id: &str, shows: &str) -> Result<()> {
        for _ in 0..3 {
            if let Err(e) = self.click(id).await {
                // The first click may have opened it after all, covering the button.
                if self.present(shows).await {
                    return Ok(());
                }
                return Err(e);
            }
            let deadline = std::time::Instant::now() + Duration::from_secs(3);
            while std::time::Instant::now() < deadline {
                if self.present(shows).await {
                    return Ok(());
                }
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
        }
        anyhow::bail!("clicked `{id}` three times and `{shows}` never appeared")
    }

    /// Whether an element with this `data-testid` is in the page now (no waiting).
    async fn present(&self, id: &str) -> bool {
        self.client.find(Locator::Css(&by_testid(id))).await.is_ok()
    }

    /// Reads an attribute of the element with this `data-testid`, finding the element again if the view replaced
    /// it between the lookup and the read.
    pub async fn attr(&self, id: &str, name: &str) -> Result<Option<String>> {
        self.again(|| async { Ok(self.testid(id).await?.attr(name).await?) }).await
    }

    /// Runs `read` up to three times, 100 ms apart, while it fails: a lookup and a read are two WebDriver calls,
    /// and a view that re-renders between them leaves the read holding a node that no longer exists.
    async fn again<T, F, Fut>(&self, mut read: F) -> Result<T>
    where
        F: FnMut() -> Fut,
        Fut: std::future::Future<Output = Result<T>>,
    {
        let mut tries = 0;
        loop {
            match read().await {
                Ok(value) => return Ok(value),
                Err(_) if tries < 2 => tries += 1,
                Err(e) => return Err(e),
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Clicks a dialog's confirm button and waits until the button is gone (the dialog closed). Under load a click
    /// that lands while the modal is still settling can be lost (seen once: the rejection dialog stayed open with its
    /// comment typed). If the button is still there 2 s later, enabled, not loading and with no error shown in the
    /// dialog, it is clicked again; a dialog that shows an error is left open for the test to read.
    pub async fn confirm(&self, id: &str) -> Result<()> {
        for attempt in 0..3 {
            if let Err(e) = self.click(id).await {
                // The dialog closed after the last look (a slow answer to the click before): done.
                if attempt > 0 && !self.present(id).await {
                    return Ok(());
                }
                return Err(e);
            }
            let deadline = std::time::Instant::now() + Duration::from_secs(2);
            while std::time::Instant::now() < deadline {
                let Ok(button) = self.client.find(Locator::Css(&by_testid(id))).await else {
                    return Ok(());
                };
                // A button replaced while being read is looked at again on the next round.
                let (Ok(loading), Ok(disabled)) = (button.attr("data-loading").await, button.attr("disabled").await)
                else {
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    continue;
                };
                let waiting = loading.is_some() || disabled.is_some();
                let error = self.client.find(Locator::Css("[role=\"dialog\"] [role=\"alert\"]")).await.is_ok();
                if waiting || error {
                    return Ok(());
                }
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
        }
        anyhow::bail!("`{id}` was clicked three times and its dialog is still open")
    }

    /// One try: scrolls `el` into view and clicks it if it stays put and uncovered.
    async fn try_click(&self, el: &Element) -> Result<()> {
        match self.reveal(el).await {
            // Only once it stays put: a page still laying out (a header line that arrives later pushes the rows
            // down) would otherwise take the click on whatever moved under the pointer.
            Ok(Ok(at)) => self.click_if_still(el, at).await,
            Ok(Err(covered)) => Err(anyhow::anyhow!("{covered}")),
            Err(e) => Err(e),
        }
    }

    /// Clicks `el` if, 80 ms after it was seen at `at`, it is still there and still uncovered.
    async fn click_if_still(&self, el: &Element, at: (f64, f64)) -> Result<()> {
        tokio::time::sleep(Duration::from_millis(80)).await;
        match self.reveal(el).await? {
            Ok(again) if (at.0 - again.0).abs() < 1.0 && (at.1 - again.1).abs() < 1.0 => {
                el.click().await.map_err(anyhow::Error::from)
            }
            Ok(_) => Err(anyhow::anyhow!("the element is still moving")),
            Err(covered) => Err(anyhow::anyhow!("{covered}")),
        }
    }

    /// Scrolls `el` to the middle of the window and says where a click at its centre lands, or what, if anything,
    /// would take that click instead of it.
    async fn reveal(&self, el: &Element) -> Result<std::result::Result<(f64, f64), String>> {
        let verdict = self.client.execute(REVEAL_JS, vec![serde_json::to_value(el)?]).await?;
        Ok(match verdict {
            serde_json::Value::String(covered) => Err(covered),
            point => Ok((point["x"].as_f64().context("x")?, point["y"].as_f64().context("y")?)),
        })
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

    /// The text (`textContent`) of the element with this `data-testid`, found again if the view replaced it.
    pub async fn text(&self, id: &str) -> Result<String> {
        self.again(|| async { Ok(self.testid(id).await?.prop("textContent").await?.unwrap_or_default()) }).await
    }

    /// Waits up to 15 s until the element with this `data-testid` shows text containing `needle`; returns it.
    pub async fn until_text(&self, id: &str, needle: &str) -> Result<String> {
        self.testid(id).await?;
        let deadline = std::time::Instant::now() + Duration::from_secs(15);
        loop {
            // Found again each time: the view may have replaced it. textContent, not the WebDriver "visible text":
            // WebKitWebDriver returns "" for some visible Mantine elements (seen with Alert).
            let text = self.text(id).await.unwrap_or_default();
            if text.contains(needle) {
                return Ok(text);
            }
            anyhow::ensure!(std::time::Instant::now() < deadline, "`{id}` shows \"{text}\", not \"{needle}\"");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Waits up to 5 s until the element with this `data-testid` is fully shown: opaque, with no transition or
    /// animation running in it. A Mantine menu or modal fades and scales in; a screenshot taken during that shows it
    /// half drawn, or not at all.
    pub async fn until_still(&self, id: &str) -> Result<()> {
        const STILL_JS: &str = "const el = document.querySelector(arguments[0]); \
            return !!el && getComputedStyle(el).opacity === '1' && el.getAnimations({ subtree: true }).length === 0;";
        let deadline = std::time::Instant::now() + Duration::from_secs(5);
        while self.client.execute(STILL_JS, vec![json!(by_testid(id))]).await? != json!(true) {
            anyhow::ensure!(std::time::Instant::now() < deadline, "`{id}` was still moving or see-through after 5 s");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        Ok(())
    }

    /// Saves a screenshot of the window as `<name>.png` in the artifacts directory.
    ///
    /// Waits for two animation frames first: WebKitGTK's snapshot is of the last painted frame, and a screenshot
    /// taken right after typing showed the fields as they were before it.
    pub async fn screenshot(&self, name: &str) -> Result<PathBuf> {
        // Two frames first, so the page has drawn what the flow just did. Then, without compositing (no GPU here:
        // src-tauri/src/rendering.rs), WebKitWebDriver's screenshot waits for the page's next frame, and an idle
        // page draws none: so a transparent pixel keeps changing colour every frame until the screenshot is taken.
        self.client.execute_async(REPAINT_START_JS, vec![]).await?;
        let png = self.client.screenshot().await;
        let stopped = self.client.execute(REPAINT_STOP_JS, vec![]).await;
        let png = png?;
        stopped?;
        let path = artifacts_dir().join(format!("{name}.png"));
        std::fs::write(&path, png)?;
        Ok(path)
    }

    /// Imports a YAML workspace file (environments, runbooks, checks) into this app's workspace from the CLI.
    pub fn import_yaml(&self, yaml: &str) -> Result<()> {
        let file = self.data.path().join("plan.yaml");
        std::fs::write(&file, yaml)?;
        self.cli(&["runbook", "import", file.to_str().context("a UTF-8 path")?])?;
        Ok(())
    }

    /// Starts a run of the runbook titled `title` from the CLI and returns it as `run start --json` prints it.
    pub fn start_run(&self, title: &str, release: &str, environment: &str) -> Result<serde_json::Value> {
        let runbooks: serde_json::Value = serde_json::from_str(&self.cli(&["runbook", "list", "--json"])?)?;
        let runbook = runbooks
            .as_array()
            .and_then(|a| a.iter().find(|r| r["title"] == title))
            .with_context(|| format!("no runbook titled {title:?}"))?["id"]
            .to_string();
        let args = ["run", "start", &runbook, "--release", release, "--env", environment, "--json"];
        Ok(serde_json::from_str(&self.cli(&args)?)?)
    }

    /// Opens a run from the Runs page, as a person would.
    pub async fn open_run(&self, run_id: &str) -> Result<()> {
        self.click("nav-runs").await?;
        // A table row cannot take a WebDriver click; its first cell can.
        self.click_css(&format!("[data-testid=\"run-row-{run_id}\"] td")).await
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
        // A cap on the whole flow, so that a hung WebDriver command fails the test instead of stalling the suite.
        // It bounds the flow, not each step: the approvals flow alone runs a dozen CLI processes and takes over a
        // minute on a loaded 2-core machine, which the former 90 s cap (named "no progress") mistook for a hang.
        let result = match tokio::time::timeout(FLOW_LIMIT, flow(&self)).await {
            Ok(result) => result,
            Err(_) => Err(anyhow::anyhow!(
                "{name}: not finished after {} s (a WebDriver command may have hung; see the failure screenshot)",
                FLOW_LIMIT.as_secs()
            )),
        };
        if result.is_err() {
            let file = format!("{name}-failure");
            if tokio::time::timeout(Duration::from_secs(10), self.screenshot(&file)).await.is_err() {
                eprintln!("{name}: the failure screenshot hung too");
            }
        }
        let closed = match tokio::time::timeout(Duration::from_secs(20), self.client.close()).await {
            Ok(closed) => closed.context("ending the WebDriver session failed"),
            Err(_) => Err(anyhow::anyhow!("ending the WebDriver session hung")),
        };
        if let Err(e) = &closed {
            // The session would keep tauri-driver's one slot, and every later flow would fail on "Maximum number of
            // active sessions" (seen after a screenshot hung). fantoccini sends a client's commands one at a time,
            // so its request to end the session waits behind the hung command: send one of our own.
            let ended = end_session(&self.session).await;
            eprintln!(
                "{name}: {e:#}; ending the session with a request of its own: {}",
                if ended { "done" } else { "failed" }
            );
        }
        result?;
        closed
    }

    /// Runs the CLI against this app's workspace with `input` on its standard input (a secret), failing on a
    /// non-zero exit.
    pub fn cli_with_input(&self, args: &[&str], input: &str) -> Result<String> {
        let mut child = Command::new(cli_binary())
            .arg("--data-dir")
            .arg(self.data.path())
            .args(args)
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()?;
        child.stdin.take().context("stdin")?.write_all(input.as_bytes())?;
        let out = child.wait_with_output()?;
        anyhow::ensure!(out.status.success(), "runsheet {args:?} failed: {}", String::from_utf8_lossy(&out.stderr));
        Ok(String::from_utf8(out.stdout)?)
    }

    /// Runs the CLI against this app's workspace and returns its exit code (for commands expected to fail).
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
        self.click("profile-save").await?;
        // Saved once the form is gone: a CLI call right after must find the profile.
        self.until("the profile form to close", || async {
            Ok(self.client.find(Locator::Css("[data-testid=\"profile-name\"]")).await.is_err())
        })
        .await
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

/// The CSS selector for the element with this `data-testid`.
pub fn by_testid(id: &str) -> String {
    format!("[data-testid=\"{id}\"]")
}

/// How long the app has to open its window and its WebDriver session. A launch takes 1-5 s here.
const LAUNCH_TIMEOUT: Duration = Duration::from_secs(60);

fn driver_url() -> String {
    std::env::var("TAURI_DRIVER_URL").unwrap_or_else(|_| "http://127.0.0.1:4444".into())
}

/// Ends a WebDriver session with a request of its own (curl, outside fantoccini's queue); true if the driver said so.
async fn end_session(id: &str) -> bool {
    let url = format!("{}/session/{id}", driver_url());
    let ended = tokio::process::Command::new("curl")
        .args(["-sf", "--max-time", "15", "-X", "DELETE", &url])
        .stdout(std::process::Stdio::null())
        .status()
        .await;
    ended.is_ok_and(|s| s.success())
}

/// Opens a WebDriver session that starts `binary` with `args`. If the app dies before its window opens,
/// WebKitWebDriver waits for it forever (seen once: GTK failed to open the display, and a CI run hung): the launch
/// is tried a second time after [`LAUNCH_TIMEOUT`], and then fails, pointing at tauri-driver's log, which holds the
/// app's output.
async fn session(binary: &std::path::Path, args: serde_json::Value) -> Result<(Client, String)> {
    let driver = driver_url();
    let mut caps = serde_json::Map::new();
    caps.insert("tauri:options".into(), json!({ "application": binary, "args": args }));
    for _ in 0..2 {
        let mut builder = ClientBuilder::new(HttpConnector::new());
        builder.capabilities(caps.clone());
        if let Ok(client) = tokio::time::timeout(LAUNCH_TIMEOUT, builder.connect(&driver)).await {
            let client =
                client.with_context(|| format!("no WebDriver session at {driver}: is tauri-driver running?"))?;
            let id = client.session_id().await?.context("a WebDriver session with no id")?;
            return Ok((client, id));
        }
    }
    anyhow::bail!(
        "the app gave no WebDriver session within {LAUNCH_TIMEOUT:?}, twice: did it fail to start? Its output is in {}",
        artifacts_dir().join("tauri-driver.log").display()
    )
}

/// Scrolls the element into the middle of the window, then names the topmost element at its centre if that is not
/// the element, a descendant, or a label for it. Returns the centre `{x, y}` when a click there would reach the element.
const SELECT_JS: &str = r#"
const [el, value] = arguments;
const select = el.tagName === 'SELECT' ? el : el.querySelector('select');
if (![...select.options].some((o) => o.value === value)) return select.value;
Object.getOwnPropertyDescriptor(HTMLSelectElement.prototype, 'value').set.call(select, value);
select.dispatchEvent(new Event('change', { bubbles: true }));
return select.value;
"#;

const REVEAL_JS: &str = r#"
const el = arguments[0];
el.scrollIntoView({ block: 'center', inline: 'center' });
const r = el.getBoundingClientRect();
if (r.width === 0 || r.height === 0) return 'the element has no size (hidden or collapsed)';
const x = r.left + r.width / 2, y = r.top + r.height / 2;
if (x < 0 || y < 0 || x > window.innerWidth || y > window.innerHeight) {
  return `the element's centre (${Math.round(x)}, ${Math.round(y)}) is outside the ${window.innerWidth}x${window.innerHeight} window`;
}
// WebDriver "clicks" a disabled button without error and nothing happens: wait until it is enabled (a button
// greyed out while the previous action is busy, for instance).
const control = el.closest('button, input, select, textarea, fieldset');
if ((control && control.matches(':disabled')) || el.closest('[aria-disabled="true"]')) return 'the element is disabled';
// A dialog that is open or still closing takes a click outside it as "close me", whatever is under the pointer:
// wait until it is gone.
const dialog = [...document.querySelectorAll('[role="dialog"][aria-modal="true"]')].find((d) => !d.contains(el));
if (dialog) return `a dialog (${(dialog.textContent || '').trim().slice(0, 40)}…) is open or closing`;
const hit = document.elementFromPoint(x, y);
if (hit && (hit === el || el.contains(hit) || (hit.control && hit.control === el))) return { x, y };
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

/// A checks file of one check, `api-health`, that wants status 200 from `{base}{path}` on a production
/// environment: with [`http_server`], `/health` passes and any other path fails.
pub fn api_health_checks(base: &str, path: &str) -> String {
    format!(
        "version: 1\nenvironments:\n  production:\n    tier: production\nchecks:\n- name: api-health\n  http: {{ url: \"{base}{path}\" }}\n  conditions: [\"[STATUS] == 200\"]\n"
    )
}

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
