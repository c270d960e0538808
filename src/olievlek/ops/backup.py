"""`olievlek backup DIR` and `olievlek restore DIR`: the database and the uploaded files.

A backup is a folder: ``database.sqlite3`` (SQLite's online backup API: a consistent copy
while the server keeps writing) or ``database.dump`` (``pg_dump -Fc``: one snapshot
transaction), ``media/`` (a copy of MEDIA_ROOT) and ``manifest.json`` (olievlek version, time,
database engine, SHA-256 of every file). Restore checks every checksum first and then fills an
empty database and an empty MEDIA_ROOT; it never overwrites data.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

MANIFEST = "manifest.json"
FORMAT = 1


class BackupError(Exception):
    """A backup or restore that cannot go ahead; the message says why and what to do."""


def _engine(db: dict) -> str:
    engine = db["ENGINE"]
    if engine.endswith("sqlite3"):
        return "sqlite"
    if engine.endswith("postgresql"):
        return "postgresql"
    raise BackupError(f"backups support SQLite and PostgreSQL, not {engine}")


def _pg_env(db: dict) -> dict[str, str]:
    """libpq's own variables, so the password never appears on a command line."""
    env = dict(os.environ)
    for key, var in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER"),
                     ("PASSWORD", "PGPASSWORD"), ("NAME", "PGDATABASE")):
        if db.get(key):
            env[var] = str(db[key])
    return env


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def backup(target: Path, db: dict, media_root: Path) -> dict:
    """Write a backup of ``db`` (a Django DATABASES entry) and ``media_root`` to ``target``,
    a folder that must not exist or be empty. Returns the manifest."""
    from olievlek import __version__

    target = Path(target)
    if target.exists() and any(target.iterdir()):
        raise BackupError(f"{target} is not empty: give a new folder for each backup")
    engine = _engine(db)
    target.mkdir(parents=True, exist_ok=True, mode=0o700)
    created = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    if engine == "sqlite":
        database_file = "database.sqlite3"
        if not Path(db["NAME"]).is_file():
            raise BackupError(f"no database at {db['NAME']}")
        source = sqlite3.connect(db["NAME"], timeout=30)
        copy = sqlite3.connect(target / database_file)
        try:
            source.backup(copy)  # one consistent snapshot, writers may go on meanwhile
        finally:
            copy.close()
            source.close()
    else:
        database_file = "database.dump"
        _run(["pg_dump", "--format=custom", "--no-owner", "--no-privileges",
              f"--file={target / database_file}"], _pg_env(db), "pg_dump")
    media = Path(media_root)
    if media.is_dir():
        shutil.copytree(media, target / "media", symlinks=False)
    else:
        (target / "media").mkdir()
    files = {
        path.relative_to(target).as_posix(): _sha256(path)
        for path in sorted(target.rglob("*"))
        if path.is_file() and path.name != MANIFEST
    }
    manifest = {
        "format": FORMAT,
        "olievlek": __version__,
        "created": created,
        "database": engine,
        "database_file": database_file,
        "files": files,
    }
    (target / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    for path in target.rglob("*"):  # a backup holds personal data
        os.chmod(path, 0o700 if path.is_dir() else 0o600)
    return manifest


def verify(source: Path) -> dict:
    """The manifest of the backup in ``source`` after checking every file's checksum."""
    source = Path(source)
    try:
        manifest = json.loads((source / MANIFEST).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise BackupError(f"{source} has no {MANIFEST}: not an olievlek backup") from None
    if manifest.get("format") != FORMAT:
        raise BackupError(f"{source}: backup format {manifest.get('format')} is not {FORMAT}")
    bad = [name for name, digest in manifest["files"].items()
           if not (source / name).is_file() or _sha256(source / name) != digest]
    if bad:
        raise BackupError(f"{source}: missing or changed since the backup: {', '.join(bad)}")
    return manifest


def restore(source: Path, db: dict, media_root: Path) -> dict:
    """Fill the empty database ``db`` and the empty ``media_root`` from a backup."""
    source = Path(source)
    manifest = verify(source)
    engine = _engine(db)
    if manifest["database"] != engine:
        raise BackupError(
            f"{source} holds a {manifest['database']} backup; the configured database is "
            f"{engine} (set DATABASE_URL)"
        )
    media = Path(media_root)
    if media.is_dir() and any(media.iterdir()):
        raise BackupError(f"MEDIA_ROOT {media} is not empty: restore needs an empty one")
    dump = source / manifest["database_file"]
    if engine == "sqlite":
        target = Path(db["NAME"])
        if target.exists() and _sqlite_tables(target):
            raise BackupError(
                f"the database {target} is not empty: restore needs a new, empty database "
                "(move the old file away, or set DATABASE_URL to a new one)"
            )
        target.parent.mkdir(parents=True, exist_ok=True)
        src = sqlite3.connect(f"file:{dump}?mode=ro", uri=True)
        dst = sqlite3.connect(target)
        try:
            src.backup(dst)
            dst.execute("PRAGMA journal_mode=WAL")
        finally:
            dst.close()
            src.close()
    else:
        env = _pg_env(db)
        tables = _run(["psql", "-XAtc",
                       "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"],
                      env, "psql").strip()
        if tables != "0":
            raise BackupError(
                f"the database {db['NAME']} is not empty ({tables} tables): restore needs a "
                "new, empty database (createdb, then set DATABASE_URL to it)"
            )
        _run(["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error",
              f"--dbname={db['NAME']}", str(dump)], env, "pg_restore")
    if (source / "media").is_dir():
        shutil.copytree(source / "media", media, dirs_exist_ok=True)
    return manifest


def _sqlite_tables(path: Path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
    finally:
        conn.close()


def _run(cmd: list[str], env: dict, tool: str) -> str:
    try:
        done = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
    except FileNotFoundError:
        raise BackupError(
            f"{tool} is not installed: PostgreSQL backups need the PostgreSQL client tools "
            "(apt-get install postgresql-client)"
        ) from None
    if done.returncode != 0:
        raise BackupError(f"{tool} failed: {done.stderr.strip()}")
    return done.stdout
