"""Fixtures for the pay guidance: the salaries CSV where it is, and the script that turns it into the table."""

from __future__ import annotations

import importlib.util
import os
from types import ModuleType

import pytest

from tests.conftest import ROOT, SHARED

SALARIES = SHARED / "data" / "aijobs-salaries" / "salaries_2025-01-19.csv"
# Locally the data may be absent and the tests that read it skip; in CI it must be there.
SALARIES_MISSING = not SALARIES.is_file() and os.environ.get("CI") != "true"
needs_salaries = pytest.mark.skipif(SALARIES_MISSING, reason=f"salaries CSV not found at {SALARIES}")


@pytest.fixture(scope="session")
def script() -> ModuleType:
    """scripts/market_pay.py, imported from its file (scripts/ is not a package)."""
    spec = importlib.util.spec_from_file_location("market_pay_script", ROOT / "scripts" / "market_pay.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
