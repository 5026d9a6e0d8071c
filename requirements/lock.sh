#!/usr/bin/env bash
# Refresh the lock files from pyproject.toml: every dependency pinned with its hashes, for any
# platform (--universal), Python 3.11 and newer. run.txt is constrained by test.txt so the two
# always agree on each version. Needs uv (`pip install uv`).
set -euo pipefail
cd "$(dirname "$0")"
uv pip compile ../pyproject.toml --extra test --extra ray --generate-hashes --universal \
  --python-version 3.11 -o test.txt
uv pip compile ../pyproject.toml -c test.txt --generate-hashes --universal \
  --python-version 3.11 -o run.txt
