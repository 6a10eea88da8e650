#!/usr/bin/env bash
# Builds the Debian package of the desktop app: the UI, then a release build of the app and the CLI, bundled by
# the Tauri bundler (@tauri-apps/cli from ui/'s devDependencies, the same version as the tauri crate). Needs no
# downloads beyond the Debian and npm registries. Prints the .deb's path and the package and binary sizes.
#
# Installs /usr/bin/runsheet-app (the app), /usr/bin/runsheet (the CLI), a desktop entry and icons:
#   apt-get install ./runsheet_0.1.0_amd64.deb
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
export PATH="$HOME/.cargo/bin:$PATH"
source scripts/cargo-env.sh
# An absolute path: the bundler reads it from src-tauri/, and the CLI's path goes into the package's file list.
CARGO_TARGET_DIR="$(mkdir -p "$CARGO_TARGET_DIR" && cd "$CARGO_TARGET_DIR" && pwd)"
step() { printf '\n\033[1m==> %s\033[0m\n' "$*" >&2; }
# --debug packages the debug build instead: the same bundle (desktop entry, icons, dependencies, file list) around
# the binaries the tests already built. scripts/test.sh uses it to test installing and launching the package without
# two fat-LTO release links (about 11 min each here); what ships is the release build.
profile=release
if [ "${1:-}" = "--debug" ]; then profile=debug; fi

step "UI build (the app embeds ui/dist)"
(cd ui && npm run --silent build)

rm -rf "$CARGO_TARGET_DIR/$profile/bundle/deb"
# The CLI goes into the same package; its path depends on the target directory, so it is given here.
files=$(printf '{"bundle":{"linux":{"deb":{"files":{"/usr/bin/runsheet":"%s"}}}}}' "$CARGO_TARGET_DIR/$profile/runsheet")
if [ "$profile" = debug ]; then
  # The app and the CLI as scripts/test.sh builds them for its tests (one feature set, so nothing is compiled again),
  # then only the bundler's part of `tauri build`.
  step "debug build of the app and the CLI"
  cargo build --workspace --bins --examples --locked -q
  step "the debug build bundled as a .deb"
  (cd src-tauri && ../ui/node_modules/.bin/tauri bundle --debug --ci --bundles deb --config "$files")
else
  step "release build of the CLI"
  cargo build --release --locked -q -p runsheet-cli
  step "release build of the app, bundled as a .deb"
  (cd src-tauri && ../ui/node_modules/.bin/tauri build --ci --bundles deb --config "$files" -- --locked -q)
fi

# Named as Debian names packages (package_version_arch.deb); the bundler names it after the product.
built=$(ls "$CARGO_TARGET_DIR/$profile"/bundle/deb/*.deb)
deb="$(dirname "$built")/$(dpkg-deb -f "$built" Package)_$(dpkg-deb -f "$built" Version)_$(dpkg-deb -f "$built" Architecture).deb"
mv "$built" "$deb"
size() { du -k --apparent-size "$1" | awk '{printf "%.1f MB", $1 * 1024 / 1e6}'; }
echo
echo "package: $deb ($(size "$deb"))"
echo "app:     $CARGO_TARGET_DIR/$profile/runsheet-app ($(size "$CARGO_TARGET_DIR/$profile/runsheet-app"))"
echo "cli:     $CARGO_TARGET_DIR/$profile/runsheet ($(size "$CARGO_TARGET_DIR/$profile/runsheet"))"
echo "install: apt-get install -y $deb"
