#!/usr/bin/env bash
# The whole test suite, in three steps; called by `packaging/dev.sh test` inside the venv.
set -euo pipefail
cd "$(dirname "$0")/.."

# Layers whose tests must pass with Qt unimportable (docs/architecture.md §2); the rest need a display.
# tests/browser drives headless Chromium (no X needed) against the hub and the media core.
# tests/janus runs real Janus in network namespaces it makes (root; it skips and says why without).
# tests/nat builds NAT routers, firewalls and a TURN relay in namespaces (root, iptables, coturn;
# marker `networks`: -m networks runs them alone).
pure=(tests/model tests/directory tests/rtc tests/hub tests/sim tests/media tests/audio tests/browser
      tests/data tests/recording tests/reports  # data, recordings, minutes
      tests/janus tests/nat
      tests/store  # both backends: an SQLite file and a throwaway PostgreSQL (tests/postgres.py)
      tests/test_import_cycles.py)  # reads console/ with ast: no module imports one that imports it back

echo "== 1/3 lint, types and import contracts (docs/architecture.md §2)"
ruff check console tests
ruff format --check console tests
mypy   # pyproject's [tool.mypy]: strict for the layers below the services, normal elsewhere
lint-imports

echo "== 2/3 pure layers and services, with PySide6 made unimportable"
# Four pytest-xdist workers on a two-core machine: most of a test's time is spent waiting for
# processes, handshakes and media, not computing (this part: 3:02 with four, 4:42 with two,
# 5:39 serial). Each test has its own XDG folders, ports, Janus /24 and test networks.
python -m pytest -q -p no:pytest-qt -p tests.no_qt -n "${OPSCONSOLE_TEST_WORKERS:-4}" "${pure[@]}"

echo "== 3/3 views, command line and benchmarks' smoke tests, Qt on a virtual X display"
export QT_QPA_PLATFORM=${QT_QPA_PLATFORM:-xcb}
ignore=()
for d in "${pure[@]}"; do ignore+=(--ignore "$d"); done
# tests/worker_display.py: each pytest-xdist worker starts its own Xvfb, so windows, focus and
# screenshots of one test never meet another's. Four workers, as above (6:14 with four, 8:25
# with two, 14-15 min serial); OPSCONSOLE_TEST_WORKERS=0 runs it serially.
exec xvfb-run -a -s "-screen 0 1920x1080x24 +extension GLX" python -m pytest -p tests.worker_display \
    -n "${OPSCONSOLE_TEST_WORKERS:-4}" "${ignore[@]}" "$@"
