"""Restore drill: a backup taken while the server writes restores into an empty database
with the same data (SQLite and PostgreSQL: run the suite with DATABASE_URL for the latter)."""

from __future__ import annotations

import json
import os
import sqlite3
import threading
import time

import pytest
from django.db import connection

from olievlek.ops.backup import BackupError, backup, restore, verify


def rows_of(conn, tables: list[str]) -> dict[str, list[tuple]]:
    """Every row of every table, ordered, through a plain DB-API connection."""
    out = {}
    cur = conn.cursor()
    for table in tables:
        cur.execute(f'SELECT * FROM "{table}"')
        out[table] = sorted(cur.fetchall(), key=repr)
    return out


@pytest.fixture
def empty_database(tmp_path):
    """Settings of a new, empty database of the same engine as the test database."""
    source = connection.settings_dict
    if connection.vendor == "sqlite":
        yield {**source, "NAME": str(tmp_path / "restored.sqlite3")}
        return
    import psycopg

    name = f"olievlek_drill_{os.getpid()}"
    admin = {"host": source["HOST"] or None, "port": source["PORT"] or None,
             "user": source["USER"] or None, "password": source["PASSWORD"] or None,
             "dbname": "postgres", "autocommit": True}
    with psycopg.connect(**admin) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    yield {**source, "NAME": name}
    with psycopg.connect(**admin) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def connect(db: dict):
    if db["ENGINE"].endswith("sqlite3"):
        return sqlite3.connect(db["NAME"])
    import psycopg

    return psycopg.connect(host=db["HOST"] or None, port=db["PORT"] or None,
                           user=db["USER"] or None, password=db["PASSWORD"] or None,
                           dbname=db["NAME"])


@pytest.mark.django_db(transaction=True)
def test_backup_while_writing_restores_into_an_empty_database(network, tmp_path, empty_database):
    from olievlek.accounts import audit

    media = tmp_path / "media"
    (media / "imports" / "a").mkdir(parents=True)
    (media / "imports" / "a" / "upload.zip").write_bytes(b"PK\x03\x04 uploaded file")
    source_db = dict(connection.settings_dict)
    stop = threading.Event()
    written = []

    def writer():  # a busy server: one committed audit entry after another
        from django.db import connections

        i = 0
        while not stop.is_set():
            audit.log("drill", "write", detail=f"drill {i:06d}")
            written.append(i)
            i += 1
        connections.close_all()

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        while len(written) < 20:
            time.sleep(0.01)
        manifest = backup(tmp_path / "backup", source_db, media)
        during = len(written)
    finally:
        stop.set()
        thread.join()
    assert during > 20

    restored_media = tmp_path / "restored-media"
    restore(tmp_path / "backup", empty_database, restored_media)
    assert (restored_media / "imports" / "a" / "upload.zip").read_bytes() == (
        b"PK\x03\x04 uploaded file"
    )
    assert manifest["database"] == connection.vendor
    assert set(manifest["files"]) >= {"media/imports/a/upload.zip", manifest["database_file"]}

    tables = sorted(t for t in connection.introspection.table_names()
                    if t != "accounts_auditentry")
    with connect(source_db) as a, connect(empty_database) as b:
        # Everything but the audit log (written on during the backup) is equal ...
        assert rows_of(b, tables) == rows_of(a, tables)
        assert rows_of(b, ["networks_person"])["networks_person"]  # and not empty
        # ... and the audit log is a consistent snapshot: the first k entries, no gaps.
        cur = b.cursor()
        cur.execute("SELECT detail FROM accounts_auditentry WHERE actor = 'drill'")
        drill = sorted(int(r[0].split()[1]) for r in cur.fetchall())
    assert drill == list(range(len(drill))) and 20 <= len(drill) <= len(written)
    for conn in (a, b):
        conn.close()


@pytest.mark.django_db(transaction=True)
def test_restore_refuses_a_database_with_data_and_a_changed_backup(network, tmp_path):
    source_db = dict(connection.settings_dict)
    backup(tmp_path / "backup", source_db, tmp_path / "no-media")
    with pytest.raises(BackupError, match="not empty"):
        restore(tmp_path / "backup", source_db, tmp_path / "media")
    with pytest.raises(BackupError, match="not empty"):
        backup(tmp_path / "backup", source_db, tmp_path / "no-media")
    manifest = json.loads((tmp_path / "backup" / "manifest.json").read_text())
    dump = tmp_path / "backup" / manifest["database_file"]
    os.chmod(dump, 0o600)
    with open(dump, "ab") as f:
        f.write(b"tampered")
    with pytest.raises(BackupError, match="changed since the backup"):
        verify(tmp_path / "backup")


def test_backup_files_are_private(tmp_path):
    db = {"ENGINE": "django.db.backends.sqlite3", "NAME": str(tmp_path / "x.sqlite3")}
    sqlite3.connect(db["NAME"]).close()
    backup(tmp_path / "b", db, tmp_path / "none")
    assert oct((tmp_path / "b").stat().st_mode & 0o777) == "0o700"
    assert oct((tmp_path / "b" / "manifest.json").stat().st_mode & 0o777) == "0o600"


def test_backup_and_restore_commands(tmp_path):
    """`olievlek backup DIR` then `olievlek restore DIR` into a new, empty place."""
    import subprocess
    import sys

    from olievlek.package import write_package
    from tests.factories import small_package

    write_package(small_package(), tmp_path / "pkg")
    entry = [sys.executable, "-c", "import sys; from olievlek.cli import main; sys.exit(main())"]

    def olievlek(var: str, *args: str) -> subprocess.CompletedProcess:
        env = {"PATH": os.environ.get("PATH", ""), "HOME": str(tmp_path),
               "PYTHONPATH": os.pathsep.join(p for p in sys.path if p),
               "OLIEVLEK_VAR": str(tmp_path / var), "SECRET_KEY": "k" * 50}
        return subprocess.run([*entry, *args], env=env, cwd=tmp_path, capture_output=True,
                              text=True, timeout=180, check=False)

    assert olievlek("old", "import", "pkg").returncode == 0
    (tmp_path / "old" / "media").mkdir()
    (tmp_path / "old" / "media" / "upload.txt").write_text("uploaded")
    done = olievlek("old", "backup", "bak")
    assert done.returncode == 0, done.stderr
    assert "Backup written to bak: sqlite database, 2 files" in done.stdout
    done = olievlek("new", "restore", "bak")
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "new" / "media" / "upload.txt").read_text() == "uploaded"
    assert olievlek("new", "networks").stdout == "testnet\tTestnetwerk\n"
    done = olievlek("new", "restore", "bak")  # never over existing data
    assert done.returncode == 2 and "is not empty" in done.stderr
