"""`olievlek demo`: the study's twelve networks and the Twente network, synthetic, served on
http://127.0.0.1:8000."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from olievlek.cli import CommandError, setup_django

# The demo is the one place with a built-in secret and built-in passwords.
DEMO_SECRET_KEY = "olievlek-demo-only-do-not-use-in-production"
DEMO_ENVIRONMENT = {
    "DEBUG": "0",
    "ALLOWED_HOSTS": "127.0.0.1,localhost",
    "SECURE_SSL_REDIRECT": "0",
    "SESSION_COOKIE_SECURE": "0",
    "CSRF_COOKIE_SECURE": "0",
    "SECURE_HSTS_SECONDS": "0",
}


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "demo",
        help="load the synthetic demo (the twelve study networks and Twente) and serve the web app",
        description="Create and migrate the database (./var/ unless DATABASE_URL says "
        "otherwise), load the thirteen synthetic demo networks: the study's twelve and the Twente "
        "network with its governance (running it twice changes "
        "nothing), print the demo logins and serve the web app with `olievlek serve` (DEBUG "
        "off, as in production; e-mail goes to files in var/mail/). With --package, only write "
        "the demo as network packages.",
    )
    p.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")),
                   help="port to serve on (default: $PORT or 8000); personal links use it "
                   "(SITE_URL, unless set)")
    p.add_argument("--package", metavar="DIR",
                   help="write one package per network to DIR/<slug>/ and stop (no database)")
    p.add_argument("--no-serve", action="store_true", help="load the demo but do not serve")
    p.set_defaults(func=cmd_demo)


def cmd_demo(args: argparse.Namespace) -> int:
    if args.package:
        from olievlek.demo import write_packages

        paths = write_packages(Path(args.package))
        print(f"Wrote {len(paths)} demo packages to {args.package}")
        return 0
    if not args.no_serve and not 0 < args.port < 65536:
        raise CommandError(f"--port {args.port} is not a port number")
    # Personal links (printed, emailed) must point where this server answers; an explicit
    # SITE_URL (e.g. behind a proxy) still wins.
    os.environ.setdefault("SITE_URL", f"http://127.0.0.1:{args.port}")
    os.environ.setdefault("SECRET_KEY", DEMO_SECRET_KEY)
    os.environ.setdefault("OLIEVLEK_DEMO", "1")
    # The demo runs as production does (DEBUG off, `olievlek serve`), over plain HTTP on
    # this machine only: no HTTPS redirect, no secure-only cookies.
    for name, value in DEMO_ENVIRONMENT.items():
        os.environ.setdefault(name, value)
    setup_django(migrate=True)
    from olievlek.demoload import DEMO_PASSWORD, ensure_demo_users, load_demo
    from olievlek.progress import bar

    result = load_demo(progress=bar())
    print(f"Demo networks loaded: {len(result['loaded'])}, already up to date: {len(result['unchanged'])}")
    print(f"Demo logins (password '{DEMO_PASSWORD}' for each; the data is synthetic):")
    for username, label in ensure_demo_users():
        print(f"  {username:<16} {label}")
    if args.no_serve:
        return 0
    from olievlek.ops.commands import serve

    serve(bind=f"127.0.0.1:{args.port}", migrate=False)
    return 0  # pragma: no cover - serve() replaces this process
