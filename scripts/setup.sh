#!/usr/bin/env bash
# Install what bkcase needs and is missing: Debian packages (as root, via apt-get) and the .venv.
#   scripts/setup.sh run    what serving the demo needs
#   scripts/setup.sh test   that, plus PostgreSQL, Chromium and poppler for the test suite
set -euo pipefail
cd "$(dirname "$0")/.."
purpose=${1:-run}
PYTHON=${PYTHON:-python3}

packages=(gettext fonts-dejavu-core libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0)
if [ "$purpose" = test ] || [ "$purpose" = bench ]; then
  # libatomic1 and libstdc++6: the browser driver's own runtime (a minimal Debian lacks libatomic1)
  packages+=(postgresql chromium poppler-utils libatomic1 libstdc++6)
fi
if [ "$purpose" = bench ]; then
  packages+=(wrk)
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ]; then
    echo "Installing Debian packages: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "Missing Debian packages: ${missing[*]}" >&2
    echo "Install them with: sudo apt-get install ${missing[*]}" >&2
    exit 1
  fi
fi

requirements=requirements.txt
[ "$purpose" = run ] || requirements=requirements-dev.txt
stamp=.venv/.installed-$(cat requirements.txt "$requirements" | sha256sum | cut -c1-16)
if [ ! -f "$stamp" ]; then
  [ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
  [ -x .venv/bin/uv ] || .venv/bin/pip install -q uv
  # --system-certs: trust what the machine trusts (a school's TLS-inspecting proxy is often trusted
  # only through the system store, which pip and apt already use)
  .venv/bin/uv pip install -q --system-certs --python .venv/bin/python -r "$requirements"
  rm -f .venv/.installed-* && touch "$stamp"
  # a dev install also satisfies the runtime set
  [ "$requirements" = requirements-dev.txt ] && touch ".venv/.installed-$(cat requirements.txt requirements.txt | sha256sum | cut -c1-16)"
fi
.venv/bin/python manage.py compilemessages --ignore=.venv --ignore=node_modules -v0
