"""Demo snapshots shared by the tests of this folder (generated once per session)."""

from __future__ import annotations

import datetime as dt

import pytest

from caregate.demo.generator import generate_snapshot
from caregate.evidence.snapshot import Snapshot

AS_OF = dt.datetime(2026, 11, 30, 8, 0, 0, tzinfo=dt.UTC)
SMALL_SCALE = 0.05


@pytest.fixture(scope="session")
def small_snapshot(tmp_path_factory) -> Snapshot:
    path = generate_snapshot(tmp_path_factory.mktemp("small"), scale=SMALL_SCALE, as_of=AS_OF)
    return Snapshot.open(path)


@pytest.fixture(scope="session")
def full_snapshot(tmp_path_factory) -> Snapshot:
    path = generate_snapshot(tmp_path_factory.mktemp("full"), scale=1.0, as_of=AS_OF)
    return Snapshot.open(path)


@pytest.fixture(scope="session")
def small_db(small_snapshot):
    """A DuckDB connection with one view per model of the small snapshot."""
    connection = small_snapshot.duckdb()
    yield connection
    connection.close()


@pytest.fixture(scope="session")
def full_db(full_snapshot):
    connection = full_snapshot.duckdb()
    yield connection
    connection.close()
