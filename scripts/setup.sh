#!/usr/bin/env bash
# Installs what Runsheet needs on Debian/Ubuntu, skipping what is already there:
# Debian packages (WebKitGTK, GTK, Xvfb, WebDriver, sqlite3), the UI's npm packages, and with --test the test
# tools (tauri-driver). Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

want_test_tools=0
[ "${1:-}" = "--test" ] && want_test_tools=1

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

packages=(
  libwebkit2gtk-4.1-dev libgtk-3-dev libayatana-appindicator3-dev librsvg2-dev libssl-dev pkg-config libxdo-dev
  build-essential curl ca-certificates libdbus-1-dev
)
if [ "$want_test_tools" = 1 ] || [ -z "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
  # A window without a display needs Xvfb; the tests also need WebDriver, D-Bus and the sqlite3 tool.
  packages+=(xvfb xauth webkit2gtk-driver dbus-x11 sqlite3 imagemagick fonts-noto-color-emoji)
fi
if [ "$want_test_tools" = 1 ]; then
  # Real peers for the check engine's tests: a keyring (Secret Service), PostgreSQL, Prometheus, nginx; and
  # stock OpenSSH (ssh-keygen) for the sign-off interop tests; git for the change time read from release tags.
  packages+=(gnome-keyring libsecret-tools postgresql prometheus nginx-light openssh-client git)
fi
missing=()
for p in "${packages[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  say "installing Debian packages: ${missing[*]}"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if ! command -v cargo >/dev/null 2>&1 && [ ! -x "$HOME/.cargo/bin/cargo" ]; then
  say "installing Rust (rustup, stable)"
  curl -sSf https://sh.rustup.rs | sh -s -- -y --profile minimal --component clippy,rustfmt
fi
export PATH="$HOME/.cargo/bin:$PATH"

if ! command -v npm >/dev/null 2>&1; then
  say "installing Node.js and npm"
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends nodejs npm >/dev/null
fi

if [ ! -d ui/node_modules ] || [ ui/package-lock.json -nt ui/node_modules/.package-lock.json ]; then
  say "installing the UI's npm packages"
  (cd ui && npm ci --no-audit --no-fund --loglevel=error)
fi

if [ "$want_test_tools" = 1 ] && ! command -v tauri-driver >/dev/null 2>&1; then
  say "installing tauri-driver"
  cargo install tauri-driver --version 2.1.0 --locked --quiet
fi
