#!/usr/bin/env bash
# The console's translations (English source texts; Vietnamese translation).
#   packaging/i18n.sh update    lupdate: ui/i18n/opsconsole_{vi,en}.ts from console/**/*.py and ui/*.ui
#                               (new texts come in unfinished: translate them in opsconsole_vi.ts,
#                               with pyside6-linguist or any editor; tests/views/test_i18n.py fails
#                               while one is left)
#   packaging/i18n.sh release   lrelease: ui/i18n/*.ts -> ui/i18n/*.qm (not committed; set-up and
#                               build run it)
#   packaging/i18n.sh           both
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${VENV_BIN:-$PWD/.venv/bin}

sources() {   # every Python file of the console (not the site page's JavaScript) and every form
  find console -name '*.py' -not -path '*/__pycache__/*' | LC_ALL=C sort
  find ui -maxdepth 1 -name '*.ui' | LC_ALL=C sort
}

update() {
  mapfile -t files < <(sources)
  "$bin/pyside6-lupdate" -silent -locations none -no-obsolete "${files[@]}" \
      -ts ui/i18n/opsconsole_vi.ts ui/i18n/opsconsole_en.ts
}

release() {
  for ts in ui/i18n/*.ts; do "$bin/pyside6-lrelease" -silent "$ts" -qm "${ts%.ts}.qm"; done
}

case "${1:-all}" in
  update) update ;;
  release) release ;;
  all) update; release ;;
  *) echo "usage: packaging/i18n.sh [update|release]" >&2; exit 2 ;;
esac
