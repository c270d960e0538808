"""`olievlek serve`, `olievlek worker`, `olievlek backup`, `olievlek restore`."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from olievlek.cli import CommandError, setup_django

ACCESS_LOG_FORMAT = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms id=%({x-request-id}o)s'


def register(sub) -> None:
    p = sub.add_parser(
        "serve",
        help="run the production web server (gunicorn with threads, static files included)",
        description="Migrate the database, collect the static files into STATIC_ROOT "
        "(var/static; compressed, with hashed names) and run gunicorn with threads. SQLite "
        "allows one process (--workers 1) with several threads; on PostgreSQL use as many "
        "processes as cores. Needs SECRET_KEY and ALLOWED_HOSTS; see docs/deploy.md.",
    )
    p.add_argument("--bind", default=os.environ.get("BIND", "127.0.0.1:8000"),
                   help="HOST:PORT to listen on (default: $BIND or 127.0.0.1:8000)")
    p.add_argument("--workers", type=int, default=os.environ.get("WEB_WORKERS", "1"),
                   help="processes (default: $WEB_WORKERS or 1; 1 on SQLite)")
    p.add_argument("--threads", type=int, default=os.environ.get("WEB_THREADS", "8"),
                   help="threads per process (default: $WEB_THREADS or 8)")
    p.add_argument("--no-migrate", action="store_true",
                   help="do not migrate the database at start (another process does it)")
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser(
        "worker",
        help="run the background worker for long jobs started from the web",
        description="Run queued background jobs (large imports started in the browser...) "
        "until stopped. Run one or more beside `olievlek serve`, on the same database.",
    )
    p.add_argument("--batch", action="store_true",
                   help="run the jobs waiting now, then stop (for cron or tests)")
    p.set_defaults(func=cmd_worker)

    p = sub.add_parser(
        "backup",
        help="write a consistent copy of the database and uploaded files to DIR",
        description="Copy the database (SQLite's online backup, or pg_dump for PostgreSQL) "
        "and the uploaded files (MEDIA_ROOT) to the new folder DIR, with manifest.json "
        "(version, time, SHA-256 of every file). Safe while the server runs.",
    )
    p.add_argument("dir", help="a new or empty folder")
    p.set_defaults(func=cmd_backup)

    p = sub.add_parser(
        "restore",
        help="fill an empty database and MEDIA_ROOT from a backup folder",
        description="Check every checksum in DIR/manifest.json, then restore the database "
        "and uploaded files into an empty database (DATABASE_URL) and an empty MEDIA_ROOT. "
        "Existing data is never overwritten. Stop the server first.",
    )
    p.add_argument("dir", help="a folder written by `olievlek backup`")
    p.set_defaults(func=cmd_restore)


def cmd_serve(args) -> int:
    if not os.environ.get("SECRET_KEY"):
        raise CommandError("set SECRET_KEY in the environment (see docs/deploy.md)")
    serve(bind=args.bind, workers=args.workers, threads=args.threads, migrate=not args.no_migrate)
    return 0  # pragma: no cover - serve() replaces this process


def serve(*, bind: str, workers: int = 1, threads: int = 8, migrate: bool = True) -> None:
    """Prepare the database and static files, then become gunicorn (never returns)."""
    if workers < 1 or threads < 1:
        raise CommandError("--workers and --threads must be at least 1")
    setup_django(migrate=migrate)
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connections

    if settings.DATABASES["default"]["ENGINE"].endswith("sqlite3") and workers > 1:
        raise CommandError(
            "SQLite takes one process: use --workers 1 and more --threads, or PostgreSQL"
        )
    # At every start, so that a new version's files are there before the first request;
    # unchanged files are skipped, so this takes a second or two.
    call_command("collectstatic", interactive=False, verbosity=0)
    print(f"Static files in {settings.STATIC_ROOT}", flush=True)
    print(mail_destination(), flush=True)
    print(f"Serving on http://{bind}/ ({workers} process(es) x {threads} threads; "
          "Ctrl-C to stop)", flush=True)
    connections.close_all()
    # gunicorn's threads live as long as the server: each keeps its database connection for
    # a minute instead of opening one per request (docs/performance.md).
    os.environ.setdefault("CONN_MAX_AGE", "60")
    argv = [
        sys.executable, "-m", "gunicorn", "olievlek.wsgi:application",
        "--bind", bind,
        "--workers", str(workers),
        "--threads", str(threads),
        "--worker-class", "gthread",
        "--error-logfile", "-",
        "--access-logfile", "-",
        "--access-logformat", ACCESS_LOG_FORMAT,
        "--forwarded-allow-ips", os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1"),
        # gunicorn's control socket lives at one path in $HOME: two servers on one machine
        # (a demo beside a test run) would take it from each other, and nothing here uses it.
        "--no-control-socket",
        # Load (and warm, see olievlek/warm.py) the application once, before the port opens:
        # no request waits for imports, and forked workers share the loaded modules.
        "--preload",
    ]
    sys.stderr.flush()
    os.execv(sys.executable, argv)


def mail_destination() -> str:
    """One line saying where e-mail (invitations with personal links) goes."""
    from django.conf import settings

    backend = settings.EMAIL_BACKEND
    if backend.endswith("PrivateFileBackend"):
        return (f"E-mail is not sent: each message is written to {settings.EMAIL_FILE_PATH}/ "
                "(readable by this user only). Set EMAIL_HOST to send it.")
    if backend.endswith("smtp.EmailBackend"):
        return f"E-mail is sent through {settings.EMAIL_HOST}:{settings.EMAIL_PORT}"
    return f"E-mail goes to {backend}"


def cmd_worker(args) -> int:
    setup_django(migrate=True)
    from django.conf import settings
    from django.core.management import call_command

    backend = str(settings.TASKS["default"]["BACKEND"])
    if backend.startswith("django_tasks_db."):
        options = {"batch": True} if args.batch else {}
        call_command("db_worker", **options)
    elif backend.startswith("django_tasks_rq."):
        options = {"burst": True} if args.batch else {}
        # RQ's own job class cannot run a django-tasks Task: use the backend's.
        call_command("rqworker", *settings.RQ_QUEUES, job_class="django_tasks_rq.Job",
                     with_scheduler=False, **options)
    else:
        raise CommandError(f"the task backend {backend} runs tasks without a worker")
    return 0


def _with_database(action, folder: str) -> dict:
    """Run backup or restore on the configured database and MEDIA_ROOT."""
    setup_django()
    from django.conf import settings

    from .backup import BackupError

    try:
        return action(Path(folder), settings.DATABASES["default"], settings.MEDIA_ROOT)
    except BackupError as exc:
        raise CommandError(str(exc)) from exc


def cmd_backup(args) -> int:
    from .backup import backup

    manifest = _with_database(backup, args.dir)
    print(f"Backup written to {args.dir}: {manifest['database']} database, "
          f"{len(manifest['files'])} files, {manifest['created']}")
    return 0


def cmd_restore(args) -> int:
    from .backup import restore

    manifest = _with_database(restore, args.dir)
    print(f"Restored the backup of {manifest['created']} (olievlek {manifest['olievlek']}); "
          "run `olievlek manage migrate` if this version is newer.")
    return 0
