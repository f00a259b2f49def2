"""Shared fixtures: the real bank, fixture files, and where the repository is."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SHARED = REPO.parent / "shared"


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
