"""``python -m textkit.cli``: the same as ``python -m textkit``."""

from textkit.cli import main

main()
