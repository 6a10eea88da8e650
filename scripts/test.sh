#!/usr/bin/env bash
# Runs every test: formatting, lints, the no-Tauri rule, binding freshness, Rust unit and integration tests
# (real SQLite files, the sqlite3 tool, SIGKILL durability), the UI's type check, ESLint and unit tests, and the
# end-to-end tests of the real app under Xvfb over WebDriver. Installs what is missing first.
set -euo pipefail
cd "$(dirname "$0")/.."
# Each step says how long the one before it took, so a slow step shows in the log of a run that passes.
step() {
  [ -z "${STEP_NAME:-}" ] || printf '    (%s: %d s)\n' "$STEP_NAME" $((SECONDS - STEP_AT))
  STEP_NAME="$*" STEP_AT=$SECONDS
  printf '\n\033[1m==> %s\033[0m\n' "$*"
}

step "setup: the packages and tools the tests need"
./scripts/setup.sh --test
export PATH="$HOME/.cargo/bin:$PATH"
# The target directory, and clippy as the compiler of our crates (scripts/cargo-env.sh says why).
source scripts/cargo-env.sh
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"

step "UI: type check, lint, unit tests, build"
(cd ui && npm run --silent typecheck && npm run --silent lint && npm test --silent && npm run --silent build)

step "cargo fmt --check"
cargo fmt --all --check

step "core crates do not depend on tauri"
for manifest in crates/*/Cargo.toml; do
  crate=$(basename "$(dirname "$manifest")")
  if cargo tree -p "$crate" -e normal --prefix none | grep -qE '^tauri( |-)'; then
    echo "$crate depends on tauri; only src-tauri may" >&2
    exit 1
  fi
done

step "every workspace crate has its debug profile (Cargo.toml)"
# Dependencies build optimised in debug builds and our crates do not; a crate missing its override would build
# optimised, which is slower to compile (Cargo.toml says why the profile is set this way).
for manifest in crates/*/Cargo.toml src-tauri/Cargo.toml tests/Cargo.toml; do
  name=$(sed -n 's/^name = "\(.*\)"$/\1/p' "$manifest" | head -1)
  grep -q "^\[profile.dev.package.$name\]" Cargo.toml || { echo "Cargo.toml: no [profile.dev.package.$name]" >&2; exit 1; }
done

# Every cargo call below selects the whole workspace with its tests' dependencies (`cargo test`, or `--examples`), so
# cargo resolves one set of dependency features and builds each dependency once. Selecting single packages (`-p`)
# would resolve other features and compile much of it again.
step "build every target, linted by clippy (-D warnings)"
# --timings: where a build's time went, kept with the run's artifacts (open it in a browser).
cargo test --workspace --all-targets --features runsheet-e2e/e2e --no-run --quiet --timings
mkdir -p artifacts && cp "$CARGO_TARGET_DIR/cargo-timings/cargo-timing.html" artifacts/
# The app and the CLI, linked from what the tests built (`--examples` keeps the tests' dependency features).
cargo build --workspace --bins --examples --quiet

step "TypeScript bindings are up to date"
./scripts/bindings.sh --check

step "Rust tests"
cargo test --workspace --quiet

step "store conformance: the same store tests on a team workspace (a real PostgreSQL started by the tests)"
RUNSHEET_TEST_STORE=postgres cargo test --workspace --test store --quiet

step "end-to-end: the real app under Xvfb over WebDriver"
./scripts/e2e.sh --quiet

step "package: the .deb installed with apt, its app launched from /usr/bin"
# The debug build, bundled as the release is: the package's install and launch are tested without two fat-LTO
# release links (scripts/package.sh builds the release .deb that ships).
./scripts/package.sh --debug
deb=$(ls "$CARGO_TARGET_DIR"/debug/bundle/deb/runsheet_*.deb)
# Removed afterwards only if this step installed it: a Runsheet the user had installed stays (as this build).
dpkg -s runsheet >/dev/null 2>&1 && had_runsheet=1 || had_runsheet=0
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$(realpath "$deb")" >/dev/null
[ "$had_runsheet" = 1 ] || trap 'apt-get remove -y -qq runsheet >/dev/null' EXIT
RUNSHEET_INSTALLED_APP=/usr/bin/runsheet-app RUNSHEET_INSTALLED_CLI=/usr/bin/runsheet \
  ./scripts/e2e.sh --quiet --ignored installed_package

step "done"
printf '\nAll tests passed in %d s.\n' "$SECONDS"
