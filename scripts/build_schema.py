"""Regenerate docs/schema.md and textkit/data/schema/*.schema.json from textkit/data/schema/fields.toml.

python scripts/build_schema.py          # write the files
python scripts/build_schema.py --check  # exit 1 when a committed file differs from what it would write
"""

from __future__ import annotations

import sys
from pathlib import Path

from textkit.schema import generated_files

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str]) -> int:
    stale = []
    for path, text in generated_files(ROOT).items():
        current = path.read_text(encoding="utf-8") if path.exists() else None
        if current == text:
            continue
        stale.append(path.relative_to(ROOT))
        if "--check" not in argv:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
    verb = "out of date" if "--check" in argv else "written"
    for p in stale:
        print(f"{p}: {verb}")
    return 1 if stale and "--check" in argv else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
