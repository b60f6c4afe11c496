#!/usr/bin/env bash
# Serve the demo: the background worker (recaps of many referrals) and the web server together.
# Ctrl+C stops both.
set -euo pipefail
cd "$(dirname "$0")/.."
PORT=${PORT:-8000}
PY=.venv/bin/python

$PY manage.py evaluations_daily --queue -v0  # the evaluations' daily round waits in the worker's queue
$PY manage.py db_worker --interval 1 --no-reload -v0 &
worker=$!
trap 'kill "$worker" 2>/dev/null; wait "$worker" 2>/dev/null || true' EXIT INT TERM

echo "bkcase is serving at http://127.0.0.1:$PORT/  (Ctrl+C stops it; the background worker runs beside it)"
$PY manage.py runserver "127.0.0.1:$PORT" --noreload --nostatic
