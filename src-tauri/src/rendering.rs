//! How WebKitGTK draws the window on a machine without a GPU.
//!
//! WebKitGTK composites a page's layers with OpenGL. A machine with no GPU device (a virtual machine, a remote
//! desktop, Xvfb) still has OpenGL, drawn on the CPU by Mesa's llvmpipe, and there compositing made the run view
//! 2 to 3 times slower than painting the page straight into the window (release builds): scrolling a 2,000-step run
//! 57 ms a frame against 20, a tick 49–89 ms at p95 against 24–31, a full repaint 45 ms against 13, and 87 MiB more
//! memory (docs/performance.md, "The window without compositing"). So where there is no GPU, the app turns
//! compositing off, as WebKit's own `WEBKIT_DISABLE_COMPOSITING_MODE` does. With a GPU, WebKit's default is kept: it
//! was not measured here.

use std::path::Path;

/// WebKit's switch, read by the app's process and inherited by the web processes it starts.
const DISABLE_COMPOSITING: &str = "WEBKIT_DISABLE_COMPOSITING_MODE";
/// Set to `1` to keep WebKit's compositing without a GPU.
const KEEP_COMPOSITING: &str = "RUNSHEET_WEBKIT_COMPOSITING";

/// Turns WebKit's compositing off when the machine has no GPU device, unless the user has set WebKit's variable or
/// `RUNSHEET_WEBKIT_COMPOSITING=1`. Returns whether it did, for the log. Call before any thread starts and before
/// GTK: it sets a process environment variable.
pub(crate) fn choose() -> bool {
    let off = turn_off(
        std::env::var_os(DISABLE_COMPOSITING).is_some(),
        std::env::var_os(KEEP_COMPOSITING).as_deref(),
        Path::new("/dev/dri"),
    );
    if off {
        std::env::set_var(DISABLE_COMPOSITING, "1");
    }
    off
}

/// Whether to turn compositing off: not when the user set WebKit's variable (either way) or asked to keep it with
/// `1`, and otherwise when `dri` shows no GPU.
fn turn_off(webkit_set: bool, keep: Option<&std::ffi::OsStr>, dri: &Path) -> bool {
    let chosen = webkit_set || keep.is_some_and(|v| v == "1");
    !chosen && !has_gpu(dri)
}

/// Whether `dri` (the kernel's DRM directory) holds a render node or a card: a GPU the app could composite on.
fn has_gpu(dri: &Path) -> bool {
    std::fs::read_dir(dri).is_ok_and(|entries| {
        entries
            .flatten()
            .any(|e| e.file_name().to_str().is_some_and(|n| n.starts_with("renderD") || n.starts_with("card")))
    })
}

#[cfg(test)]
mod tests {
    use super::{has_gpu, turn_off};
    use std::ffi::OsStr;

    #[test]
    fn a_gpu_is_a_render_node_or_a_card_in_the_dri_directory() {
        let dir = tempfile::tempdir().unwrap();
        assert!(!has_gpu(&dir.path().join("missing")), "no DRI directory: no GPU");
        assert!(!has_gpu(dir.path()), "an empty DRI directory: no GPU");
        std::fs::write(dir.path().join("by-path"), "").unwrap();
        assert!(!has_gpu(dir.path()), "other entries are not devices");
        std::fs::write(dir.path().join("renderD128"), "").unwrap();
        assert!(has_gpu(dir.path()));
        let cards = tempfile::tempdir().unwrap();
        std::fs::write(cards.path().join("card0"), "").unwrap();
        assert!(has_gpu(cards.path()));
    }

    #[test]
    fn without_a_gpu_compositing_goes_off_unless_the_user_chose() {
        let no_gpu = tempfile::tempdir().unwrap();
        let gpu = tempfile::tempdir().unwrap();
        std::fs::write(gpu.path().join("renderD128"), "").unwrap();
        assert!(turn_off(false, None, no_gpu.path()), "no GPU, no choice: off");
        assert!(!turn_off(false, None, gpu.path()), "a GPU: WebKit's default");
        assert!(!turn_off(true, None, no_gpu.path()), "WEBKIT_DISABLE_COMPOSITING_MODE set: the user's");
        assert!(!turn_off(false, Some(OsStr::new("1")), no_gpu.path()), "RUNSHEET_WEBKIT_COMPOSITING=1 keeps it");
        assert!(turn_off(false, Some(OsStr::new("0")), no_gpu.path()), "only 1 keeps it");
    }
}
