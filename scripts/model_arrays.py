"""Write the plain companions (``NAME.arrays.npz``) of the shipped models from their skops files.

    python scripts/model_arrays.py          # after retraining a shipped model without ``save``

Each companion holds what inference needs as NumPy arrays and JSON values, with the SHA-256 of the
skops file it was made from (``textkit.model_files.read_arrays`` ignores it once that file changes).
``save`` writes them already; this rewrites them for the skops files as they are, without touching those.
"""

from __future__ import annotations

from textkit.classify import ThemeModel
from textkit.clause_model import ClauseModel
from textkit.model_files import read_payload, shipped_model, write_arrays
from textkit.slogan_model import SloganModel


def main() -> None:
    linear = {
        "themes.skops": lambda p: ThemeModel.load(p).linear_payload(),
        "measure_clauses.skops": lambda p: ClauseModel.load(p).linear_payload(),
        "slogans.skops": lambda p: SloganModel._from_skops(p).linear_payload(),
        "indicators.skops": read_payload,  # plain values and arrays only: its own companion
    }
    for name, payload_of in linear.items():
        path = shipped_model(name)
        payload = payload_of(path)
        if payload is None:
            print(f"{name}: no plain companion (a model the NumPy scorers cannot reproduce)")
            continue
        out = write_arrays(path, payload)
        print(f"{name} -> {out.name} ({out.stat().st_size / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
