#!/usr/bin/env bash
# One entry point for a fresh clone: sets everything up, then runs what was asked.
#   packaging/dev.sh demo [ARGS]   the main job (today: the site directory)
#   packaging/dev.sh test [ARGS]   the whole test suite (import contracts, pure layers, Qt under Xvfb)
#   packaging/dev.sh setup         only the set-up
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
venv=$root/.venv

log() { printf '\033[1;36m[dev]\033[0m %s\n' "$*" >&2; }

# Debian packages the console needs at run time (Qt's xcb platform, OpenGL/EGL, fonts with
# Vietnamese glyphs, PulseAudio client for QtMultimedia), for tests (Xvfb; chromium, the real
# browser the site page is tested in), ffmpeg for the benchmarks' reference decoder, and Janus
# (media mode "sfu"; tests run it inside network namespaces they make with iproute2's `ip`).
# coturn is the TURN relay and iptables the NAT routers the network tests build (tests/networks.py).
# Installed only where missing.
system_packages=(
  python3-venv xvfb xauth ffmpeg chromium janus iproute2 postgresql coturn iptables
  libgl1 libegl1 libopengl0 libglx-mesa0 libgl1-mesa-dri
  libxkbcommon0 libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1
  libxcb-randr0 libxcb-render-util0 libxcb-shape0 libxcb-xinerama0 libxcb-xkb1 libxrender1
  libdbus-1-3 libfontconfig1 libfreetype6 fonts-dejavu-core libpulse0 libasound2
)

ensure_system_packages() {
  command -v dpkg-query >/dev/null || { log "not a Debian system: install the equivalents of: ${system_packages[*]}"; return 0; }
  local missing=()
  for p in "${system_packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  log "installing Debian packages: ${missing[*]}"
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

pick_python() {
  for py in python3.13 python3.12 python3.11 python3; do
    if "$py" -c 'import sys; sys.exit(sys.version_info < (3, 11))' >/dev/null 2>&1; then
      echo "$py"; return 0
    fi
  done
  log "Python 3.11 or newer is required"; exit 1
}

ensure_venv() {
  # Reinstall only when the project's dependency list changes.
  local want; want=$(sha256sum pyproject.toml | cut -d' ' -f1)
  if [ -x "$venv/bin/python" ] && [ "$(cat "$venv/.installed" 2>/dev/null)" = "$want" ]; then
    return 0
  fi
  local py; py=$(pick_python)
  log "creating $venv with $("$py" --version)"
  "$py" -m venv "$venv"
  "$venv/bin/python" -m pip install -q --upgrade pip
  log "installing opsconsole and its test tools (first run takes a few minutes)"
  "$venv/bin/python" -m pip install -q -e ".[test]"
  echo "$want" > "$venv/.installed"
}

# The compiled translations (ui/i18n/*.qm) are made here, not committed: whenever a .ts is newer.
ensure_translations() {
  local ts
  for ts in ui/i18n/*.ts; do
    [ -e "$ts" ] || continue
    if [ ! -e "${ts%.ts}.qm" ] || [ "$ts" -nt "${ts%.ts}.qm" ]; then
      VENV_BIN="$venv/bin" packaging/i18n.sh release; return 0
    fi
  done
}

setup() { ensure_system_packages; ensure_venv; ensure_translations; }

cmd=${1:-}
shift || true
case "$cmd" in
  setup) setup ;;
  demo)
    setup
    export PATH="$venv/bin:$PATH"
    exec opsconsole demo "$@" ;;
  test)
    setup
    export PATH="$venv/bin:$PATH"
    exec bash packaging/test.sh "$@" ;;
  *) echo "usage: packaging/dev.sh {demo|test|setup} [ARGS]" >&2; exit 2 ;;
esac
