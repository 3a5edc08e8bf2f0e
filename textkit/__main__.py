"""``python -m textkit``: the command line (``textkit --help`` lists the commands)."""

from textkit.cli import main

if __name__ == "__main__":
    main()
