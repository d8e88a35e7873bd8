"""Shared fixtures: small databases the tests build themselves."""
from __future__ import annotations

from pathlib import Path

import pytest

from analytics.demo import generator


@pytest.fixture(scope="session")
def tiny_demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small synthetic database (about 300 groups), built once per test session."""
    path = tmp_path_factory.mktemp("demo") / "tiny.duckdb"
    original = generator.SCALES["demo"]
    generator.SCALES["demo"] = 300
    try:
        generator.build_demo(path, "demo", seed=7, progress=lambda _: None)
    finally:
        generator.SCALES["demo"] = original
    return path
