"""`olievlek wave create|invite|remind|close|reopen|links|revoke|reissue|import` and
`olievlek api-token`."""

from __future__ import annotations

import argparse
import datetime as dt
import sys

from olievlek.cli import CommandError, network_named, setup_django


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date (YYYY-MM-DD)") from None


def register(sub) -> None:
    p = sub.add_parser(
        "wave",
        help="questionnaire waves: create, invite, remind, close, reopen, links, revoke, reissue, import",
        description="Run a questionnaire wave: create it, send invitations and reminders, "
        "close (or reopen) it, print the personal links, or import responses from another survey tool.",
    )
    waves = p.add_subparsers(dest="wave_command", metavar="ACTION")
    p.set_defaults(func=lambda args: (p.print_help(), 0)[1])

    c = waves.add_parser("create", help="create a wave; everybody in the network is on its roster",
                         description="Create a wave. Its roster (who is invited and can be named) is "
                         "everybody in the network; choose units and roles on the web page instead.")
    c.add_argument("network", metavar="NETWORK", help="the network's slug")
    c.add_argument("--label", required=True, metavar="LABEL", help="the wave's label, e.g. 2026")
    c.add_argument("--opens", metavar="DATE", type=_date, help="first day (YYYY-MM-DD)")
    c.add_argument("--closes", metavar="DATE", type=_date, help="last day; links expire after it")
    c.set_defaults(func=cmd_create)

    for name, func, text in (
        ("invite", cmd_invite, "give everyone on the roster a link and email those not emailed yet"),
        ("remind", cmd_remind, "email everyone who has not submitted yet"),
        ("close", cmd_close, "close the wave; every link expires"),
        ("reopen", cmd_reopen, "undo closing until the closing date; the links work again"),
        ("links", cmd_links, ("print one `person-id<TAB>link` line per roster person, making the "
                              "links that are missing without emailing anyone (before or after invite)")),
    ):
        s = waves.add_parser(name, help=text, description=text[0].upper() + text[1:] + ".")
        s.add_argument("network", metavar="NETWORK", help="the network's slug")
        s.add_argument("label", metavar="LABEL", help="the wave's label")
        s.set_defaults(func=func)

    for name, func, text in (
        ("revoke", cmd_revoke, "revoke one person's link (their answers so far stay)"),
        ("reissue", cmd_reissue, "revoke one person's link and give them a new one, emailed "
                                 "when they have an address; prints `person-id<TAB>link`"),
    ):
        s = waves.add_parser(name, help=text, description=text[0].upper() + text[1:] + ".")
        s.add_argument("network", metavar="NETWORK", help="the network's slug")
        s.add_argument("label", metavar="LABEL", help="the wave's label")
        s.add_argument("person", metavar="PERSON", help="the person's id in the network package")
        s.set_defaults(func=func)

    i = waves.add_parser(
        "import", help="import responses from another survey tool (CSV or XLSX)",
        description="Import responses from another survey tool: a CSV (people.csv, ties.csv or "
        "responses.csv columns) or an XLSX / folder / .zip with people, ties and responses "
        "sheets, in the network package's columns (docs/formats.md). All or nothing: every "
        "problem is reported as file, row, column and reason, and nothing is written.",
    )
    i.add_argument("network", metavar="NETWORK", help="the network's slug")
    i.add_argument("wave", metavar="WAVE", help="the wave's label (created when new)")
    i.add_argument("file", metavar="FILE", help="CSV, XLSX, folder or .zip")
    i.set_defaults(func=cmd_import)

    t = sub.add_parser("api-token", help="make a personal API token for a staff user",
                       description="Print a new API token for USER (shown once; only its hash is "
                       "stored). Use it as `Authorization: Bearer TOKEN` on /api/v1/.")
    t.add_argument("user", metavar="USER", help="username")
    t.set_defaults(func=cmd_api_token)


def _wave(args):
    setup_django(migrate=True)
    from olievlek.surveys.models import Wave

    wave = Wave.objects.select_related("network").filter(network__slug=args.network, label=args.label).first()
    if wave is None:
        raise CommandError(f"no wave '{args.label}' in network '{args.network}'")
    return wave


def _run(func, *args, **kwargs):
    """Run a workflow; its errors become CommandErrors, in English like the rest of the CLI
    (invitation emails still go out in the wave's language)."""
    from django.utils import translation

    from olievlek.surveys.actions import SurveyError

    try:
        with translation.override("en"):
            return func(*args, **kwargs)
    except SurveyError as exc:
        detail = "; ".join(f"{k}: {v}" for k, v in exc.errors.items())
        raise CommandError(f"{exc.message} {detail}".strip()) from None


def cmd_create(args) -> int:
    network = network_named(args.network)
    from olievlek.surveys import actions

    wave = _run(actions.create_wave, network, args.label, opens=args.opens, closes=args.closes,
                actor="cli wave create")
    print(f"Created wave {wave.label} of {network.slug}: {wave.roster.count()} people on the roster.")
    return 0


def cmd_invite(args) -> int:
    wave = _wave(args)  # sets Django up: import models and actions only after it
    from olievlek.surveys import actions

    res = _run(actions.invite, wave, actor="cli wave invite")
    print(f"{res.created} new links; {res.sent} invitations emailed.")
    if res.without_email:
        print(f"No email address for {len(res.without_email)}: {', '.join(res.without_email)} "
              f"(see `olievlek wave links`).", file=sys.stderr)
    return 0


def cmd_remind(args) -> int:
    wave = _wave(args)  # sets Django up: import models and actions only after it
    from olievlek.surveys import actions

    n = _run(actions.remind, wave, actor="cli wave remind")
    print(f"{n} reminders emailed.")
    return 0


def cmd_close(args) -> int:
    wave = _wave(args)  # sets Django up: import models and actions only after it
    from olievlek.surveys import actions

    actions.close_wave(wave, actor="cli wave close")
    print(f"Closed wave {wave.label} of {wave.network.slug}; its links no longer work.")
    return 0


def cmd_reopen(args) -> int:
    wave = _wave(args)  # sets Django up: import models and actions only after it
    from olievlek.surveys import actions

    _run(actions.reopen_wave, wave, actor="cli wave reopen")
    print(f"Reopened wave {wave.label} of {wave.network.slug}; its links work again.")
    return 0


def cmd_links(args) -> int:
    wave = _wave(args)  # sets Django up: import models and actions only after it
    from olievlek.surveys import actions
    from olievlek.surveys.models import Invitation

    if wave.is_over():
        raise CommandError("the wave is closed: its links no longer work")
    # For coordinators who send the links themselves: make the missing ones, email nobody.
    made = _run(actions.invite, wave, actor="cli wave links", send=False)
    if made.created:
        print(f"{made.created} new links made (not emailed).", file=sys.stderr)
    invitations = (
        Invitation.objects.filter(wave=wave, revoked_at__isnull=True).select_related("person").order_by("person__key")
    )
    for inv in invitations:
        print(f"{inv.person.key}\t{inv.link}")
    return 0


def _wave_person(args):
    wave = _wave(args)
    person = wave.network.people.filter(key=args.person).first()
    if person is None:
        raise CommandError(f"no person '{args.person}' in network '{args.network}'")
    return wave, person


def cmd_revoke(args) -> int:
    from olievlek.surveys import actions

    wave, person = _wave_person(args)
    n = _run(actions.revoke, wave, person, actor="cli wave revoke")
    print(f"Revoked the link of {person.key}." if n else f"{person.key} had no active link.")
    return 0


def cmd_reissue(args) -> int:
    from olievlek.surveys import actions

    wave, person = _wave_person(args)
    invitation = _run(actions.reissue, wave, person, actor="cli wave reissue")
    print(f"{person.key}\t{invitation.link}")
    return 0


def cmd_import(args) -> int:
    from olievlek.package import PackageError

    network = network_named(args.network)
    from olievlek.surveys.importing import import_responses

    try:
        counts = import_responses(network, args.wave, args.file, actor="cli wave import")
    except PackageError as exc:
        print(exc, file=sys.stderr)
        print("Nothing was imported.", file=sys.stderr)
        return 1
    print(f"Imported into {network.slug} wave {args.wave}: {counts['people']} people updated, "
          f"{counts['ties']} ties, {counts['responses']} responses.")
    return 0


def cmd_api_token(args) -> int:
    import hashlib
    import secrets

    setup_django(migrate=True)
    from django.contrib.auth import get_user_model

    from olievlek.accounts import audit
    from olievlek.surveys.models import ApiToken

    user = get_user_model().objects.filter(username=args.user).first()
    if user is None:
        raise CommandError(f"no user '{args.user}'")
    token = secrets.token_urlsafe(32)
    ApiToken.objects.create(user=user, digest=hashlib.sha256(token.encode()).hexdigest())
    audit.log("cli api-token", "api-token", object_type="user", object_key=user.get_username())
    print(token)
    return 0
