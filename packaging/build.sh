#!/usr/bin/env bash
# The installable bundle: a PyInstaller one-folder build in dist/opsconsole/ and a tarball
# dist/opsconsole-VERSION-linux-x86_64.tar.gz (the folder, the .desktop file and the icons).
#   packaging/build.sh            build (set-up first, as packaging/dev.sh does)
#   packaging/build.sh --check    build, then run the frozen program: --version, and `demo`
#                                 under Xvfb with a screenshot (dist/demo-frozen.png)
set -euo pipefail
cd "$(dirname "$0")/.."
packaging/dev.sh setup
venv=$PWD/.venv
log() { printf '\033[1;36m[build]\033[0m %s\n' "$*" >&2; }

"$venv/bin/python" -m pip install -q "pyinstaller>=6.10,<7"
version=$("$venv/bin/python" -c "import console; print(console.__version__)")
VENV_BIN="$venv/bin" packaging/i18n.sh release   # ui/i18n/*.qm, which the spec bundles with ui/
started=$(date +%s)
log "PyInstaller (a few minutes)"
"$venv/bin/pyinstaller" --noconfirm --clean --log-level WARN --distpath dist --workpath build/pyinstaller \
    packaging/opsconsole.spec
install -D -m 0644 packaging/opsconsole.desktop dist/opsconsole/share/applications/opsconsole.desktop
install -D -m 0644 resources/icons/opsconsole.svg dist/opsconsole/share/icons/hicolor/scalable/apps/opsconsole.svg
install -D -m 0644 resources/icons/opsconsole-256.png dist/opsconsole/share/icons/hicolor/256x256/apps/opsconsole.png
tarball=dist/opsconsole-$version-linux-x86_64.tar.gz
tar -C dist -czf "$tarball" opsconsole
log "built dist/opsconsole ($(du -sh dist/opsconsole | cut -f1)) and $tarball ($(du -sh "$tarball" | cut -f1)) in $(( $(date +%s) - started )) s"

if [ "${1:-}" = "--check" ]; then
  dist/opsconsole/opsconsole --version
  db=$(mktemp -d)/frozen.sqlite3
  xvfb-run -a -s "-screen 0 1920x1080x24 +extension GLX" dist/opsconsole/opsconsole --db "$db" demo --sites 4 \
      --screenshot dist/demo-frozen.png --quit-after 25
  log "frozen demo screenshot: dist/demo-frozen.png"
fi
