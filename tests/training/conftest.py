"""Fixtures for the tests of the training scripts in ``scripts/training/extraction``."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

import pytest

EXTRACTION = Path(__file__).resolve().parents[2] / "scripts" / "training" / "extraction"


@pytest.fixture(scope="module")
def extraction_script():
    """Import a script of ``scripts/training/extraction`` by its module name (the folder on the path
    while the module's tests run)."""
    sys.path.insert(0, str(EXTRACTION))
    try:
        yield importlib.import_module
    finally:
        sys.path.remove(str(EXTRACTION))
