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
# justext (under trafilatura) asks for lxml[html_clean]: in hash-checking mode pip wants that
# requirement pinned as written too, or it takes a newer lxml for it. The lxml entry is written a
# second time under the name with the extra, same version, same hashes.
python3 - test.txt run.txt <<'PY'
import re, sys
for path in sys.argv[1:]:
    text = open(path).read()
    block = re.search(r"^lxml==.*?(?=^\S)", text, re.S | re.M).group(0)
    if "lxml[html_clean]==" not in text:
        text = text.replace(block, block + block.replace("lxml==", "lxml[html_clean]==", 1), 1)
    open(path, "w").write(text)
PY
