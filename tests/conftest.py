"""Shared fixtures: the real bank, fixture files, and where the repository is."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SHARED = REPO.parent / "shared"

# The checked bank's cache (repairlab/bank/cache.py) goes to a folder of the test run's own, not
# the user's cache; servers and kernels started by the tests inherit it.
os.environ.setdefault("REPAIRLAB_CACHE_DIR", tempfile.mkdtemp(prefix="repairlab-test-cache-"))


@pytest.fixture(scope="session")
def repo() -> Path:
    return REPO


@pytest.fixture(scope="session")
def fixtures() -> Path:
    return FIXTURES


@pytest.fixture(scope="session")
def bank():
    """The real, built-in vignette bank (loading it at all proves every file is valid)."""
    from repairlab.bank import load_bank

    return load_bank()


@pytest.fixture(scope="session")
def taxonomy():
    from repairlab.bank import load_taxonomy

    return load_taxonomy()
