# Sourced by ./run and ./test: find Python 3.11+, make .venv, install the project when pyproject.toml changed.
# shellcheck shell=bash

find_python() {
  for candidate in "${PYTHON:-}" python3.13 python3.12 python3.11 python3; do
    [ -n "$candidate" ] || continue
    if command -v "$candidate" >/dev/null 2>&1 &&
      "$candidate" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' 2>/dev/null; then
      echo "$candidate"
      return 0
    fi
  done
  echo "IP Harbour needs Python 3.11 or newer. Install it (Debian: apt-get install python3 python3-venv) and run again." >&2
  return 1
}

ensure_venv() {
  local extras="$1" python stamp wanted
  if [ ! -x .venv/bin/python ]; then
    python=$(find_python) || exit 1
    echo "Creating .venv with $python …"
    "$python" -m venv .venv || {
      echo "Could not create a virtual environment. On Debian: apt-get install python3-venv" >&2
      exit 1
    }
    .venv/bin/pip install --quiet --upgrade pip
  fi
  stamp=.venv/.installed
  wanted="$(sha256sum pyproject.toml | cut -c1-64) $extras"
  if [ "$(cat "$stamp" 2>/dev/null)" != "$wanted" ]; then
    echo "Installing IP Harbour and its dependencies ($extras) …"
    local target="."
    [ -n "$extras" ] && target=".[$extras]"
    .venv/bin/pip install --quiet -e "$target" || exit 1
    echo "$wanted" >"$stamp"
  fi
  export PATH="$PWD/.venv/bin:$PATH"
}

apt_install() {
  # Installs Debian packages when we may; otherwise says what to install and goes on.
  local missing=("$@")
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing ${missing[*]} from Debian's packages …"
    if ! { apt-get install -y -qq "${missing[@]}" >/dev/null 2>&1 ||
      { apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq "${missing[@]}" >/dev/null 2>&1; }; }; then
      echo "Could not install ${missing[*]}; install them with: apt-get install ${missing[*]}" >&2
      return 1
    fi
  else
    echo "Optional system packages missing: ${missing[*]} (install with: sudo apt-get install ${missing[*]})" >&2
    return 1
  fi
}

ensure_cjk_fonts() {
  # PDF reports and certificates: CJK fonts, and the Pango libraries WeasyPrint renders with.
  fc-list 2>/dev/null | grep -qi "noto.*cjk" || apt_install fonts-noto-cjk || true
  .venv/bin/python -c "import weasyprint" >/dev/null 2>&1 ||
    apt_install libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 || true
}
