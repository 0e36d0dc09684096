"""The progress store: migrations recorded, concurrent writers lose nothing, a killed writer leaves it intact."""

from __future__ import annotations

import multiprocessing
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time

import pytest

from quizprep.errors import StoreError
from quizprep.study.migrations import MIGRATIONS
from quizprep.study.store import Attempt, ProgressStore


def test_migrations_are_recorded_once(tmp_path):
    path = tmp_path / "p.db"
    with ProgressStore(path) as store:
        assert store.schema_version() == len(MIGRATIONS)
    with ProgressStore(path) as store:  # reopening applies nothing twice
        rows = store.db.execute("SELECT version, name FROM schema_migrations ORDER BY version").fetchall()
    assert [r[0] for r in rows] == list(range(1, len(MIGRATIONS) + 1))
    assert rows[0][1] == MIGRATIONS[0].__name__


def test_store_lives_in_quizprep_home(isolated_home):
    with ProgressStore() as store:
        store.record_attempt(Attempt("q", "t", "numeric", "correct", "1"))
    assert (isolated_home / "progress.db").exists()


def _write_many(path: str, worker: int, count: int) -> None:
    with ProgressStore(path) as store:
        for i in range(count):
            store.record_attempt(Attempt(f"q-{worker}", "concurrency", "numeric", "correct", str(i)))


def test_concurrent_writers_lose_nothing(tmp_path):
    path = str(tmp_path / "shared.db")
    workers, per_worker = 4, 40
    context = multiprocessing.get_context("spawn")
    processes = [context.Process(target=_write_many, args=(path, w, per_worker)) for w in range(workers)]
    for process in processes:
        process.start()
    for process in processes:
        process.join(60)
        assert process.exitcode == 0
    with ProgressStore(path) as store:
        assert store.attempt_count() == workers * per_worker
        assert store.counts_by_topic()["concurrency"]["correct"] == workers * per_worker


def test_a_killed_writer_leaves_the_store_intact(tmp_path):
    path = tmp_path / "killed.db"
    with ProgressStore(path) as store:
        store.record_attempt(Attempt("before", "t", "numeric", "correct", "1"))
    script = textwrap.dedent(f"""
        from quizprep.study.store import ProgressStore, Attempt
        store = ProgressStore({str(path)!r})
        print("ready", flush=True)
        while True:
            store.record_attempt(Attempt("loop", "t", "numeric", "wrong", "x" * 5000))
    """)
    child = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    assert child.stdout.readline().strip() == "ready"
    time.sleep(0.3)
    os.kill(child.pid, signal.SIGKILL)
    child.wait()
    with ProgressStore(path) as store:
        assert store.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        count = store.attempt_count()
        assert count >= 2
        store.record_attempt(Attempt("after", "t", "numeric", "correct", "1"))
        assert store.attempt_count() == count + 1


def test_a_file_that_is_not_a_database_is_left_untouched(tmp_path):
    path = tmp_path / "progress.db"
    path.write_bytes(b"this is not sqlite" * 100)
    before = path.read_bytes()
    with pytest.raises(StoreError, match="cannot open the progress store"):
        ProgressStore(path)
    assert path.read_bytes() == before


def _damage_the_attempts_table(path):
    """Fill the root pages of the attempts table and its indexes with garbage, leaving the header (the store
    still opens); a query answered from an index alone must not get past the damage either."""
    with ProgressStore(path) as store:
        for i in range(50):
            store.record_attempt(Attempt(f"q{i}", "topic", "numeric", "correct", "1"))
    db = sqlite3.connect(path)
    page_size = db.execute("PRAGMA page_size").fetchone()[0]
    roots = [row[0] for row in db.execute("SELECT rootpage FROM sqlite_master WHERE tbl_name = 'attempts' "
                                          "AND rootpage > 0")]
    db.close()
    data = bytearray(path.read_bytes())
    for root in roots:
        start = (root - 1) * page_size
        data[start:start + page_size] = b"\xab" * page_size
    path.write_bytes(bytes(data))
    return bytes(data)


def test_a_store_damaged_inside_is_a_store_error_and_is_left_as_it_is(tmp_path):
    path = tmp_path / "progress.db"
    damaged = _damage_the_attempts_table(path)
    with ProgressStore(path) as store, pytest.raises(StoreError, match="malformed.*recover"):
        store.attempts()
    assert path.read_bytes() == damaged


@pytest.mark.parametrize("command", [["stats"], ["exercise"], ["reset", "--yes"]])
def test_commands_report_a_damaged_store_in_one_line(isolated_home, command):
    from typer.testing import CliRunner

    from quizprep.cli import app

    _damage_the_attempts_table(isolated_home / "progress.db")
    result = CliRunner().invoke(app, command)
    assert result.exit_code == 2 and "cannot use the progress store" in result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_a_store_from_a_newer_version_is_refused(tmp_path):
    path = tmp_path / "new.db"
    ProgressStore(path).close()
    db = sqlite3.connect(path)
    db.execute("INSERT INTO schema_migrations VALUES (999, 'future', '2030-01-01')")
    db.commit()
    db.close()
    with pytest.raises(StoreError, match="newer quizprep"):
        ProgressStore(path)
