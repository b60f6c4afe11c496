#!/usr/bin/env bash
# make fuzz: the fuzzing of tests/test_fuzzing.py (S21) with at least BKCASE_FUZZ_TOTAL generated inputs
# (10,000 unless set) shared among every state-changing endpoint of tests/endpoints.py, on a private
# PostgreSQL. Its last line: FUZZ inputs=N errors=M, M the inputs that broke an endpoint (a 500, a
# refusal that saved something, an acceptance that changed nothing and said nothing), each reported
# above as pytest's minimal failing example. Exits non-zero when M is not 0 or fewer inputs were sent.
set -uo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d /tmp/bkcase-fuzz.XXXXXX)
trap 'rm -rf "$work"' EXIT
export BKCASE_FUZZ_TOTAL=${BKCASE_FUZZ_TOTAL:-10000} BKCASE_FUZZ_COUNT="$work/inputs"
DJANGO_SETTINGS_MODULE=bkcase.settings.test scripts/with-postgres.sh .venv/bin/python -m pytest -q \
  -p no:cacheprovider --junitxml="$work/junit.xml" tests/test_fuzzing.py "$@"
status=$?
.venv/bin/python - "$work" "$status" <<'PY'
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

work, status = Path(sys.argv[1]), int(sys.argv[2])
count = work / "inputs"
inputs = sum(int(line) for line in count.read_text().split()) if count.exists() else 0
suites = ET.parse(work / "junit.xml").getroot().iter("testsuite") if (work / "junit.xml").exists() else []
errors = sum(int(s.get("failures", 0)) + int(s.get("errors", 0)) for s in suites)
if status not in (0, 1) and not errors:
    errors = 1  # pytest itself failed (collection, database): counted, not hidden
print(f"FUZZ inputs={inputs} errors={errors}")
total = int(__import__("os").environ["BKCASE_FUZZ_TOTAL"])
sys.exit(1 if errors or inputs < total else 0)
PY
