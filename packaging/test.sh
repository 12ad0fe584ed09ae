#!/usr/bin/env bash
# The whole test suite, in three steps; called by `packaging/dev.sh test` inside the venv.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== 1/3 import contracts (GUIDE.md §2 layers)"
lint-imports

echo "== 2/3 pure layers with PySide6 made unimportable"
python -m pytest -q -p no:pytest-qt -p tests.no_qt tests/model tests/directory tests/hub tests/sim tests/media

echo "== 3/3 everything, Qt on a virtual X display"
export QT_QPA_PLATFORM=${QT_QPA_PLATFORM:-xcb}
exec xvfb-run -a -s "-screen 0 1920x1080x24 +extension GLX" python -m pytest "$@"
