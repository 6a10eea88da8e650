# Sourced by the scripts that build for the tests (test.sh, bindings.sh, e2e.sh, package.sh --debug), so that they
# build alike and each reuses what the others built.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-/var/tmp/runsheet-target}"

# Clippy lints our crates as they are compiled for the tests. `cargo clippy` is `cargo check` with clippy-driver as
# the compiler of the workspace's own crates and its arguments in CLIPPY_ARGS; compiling the tests the same way gives
# the same lints (`-D warnings`, every target) without a second, check-only build of every dependency.
# Set through cargo's config variable, not RUSTC_WORKSPACE_WRAPPER: the build scripts of proc-macro2, libc and
# anyhow rerun when that variable changes, so a build without it in the same target directory would recompile every
# dependency. Cargo gives the wrapper to the workspace's crates only.
if ! clippy_driver=$(command -v clippy-driver); then
  echo "clippy-driver not found: rustup component add clippy" >&2
  exit 1
fi
export CARGO_BUILD_RUSTC_WORKSPACE_WRAPPER="$clippy_driver"
export CLIPPY_ARGS="-D__CLIPPY_HACKERY__warnings__CLIPPY_HACKERY__"
