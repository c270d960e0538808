"""`olievlek portal reindex` and `olievlek portal invite`."""

from __future__ import annotations

from olievlek.cli import CommandError, network_named, setup_django


def register(sub) -> None:
    p = sub.add_parser(
        "portal",
        help="the public portal: rebuild its search index, send a person their profile link",
        description="The public portal (/portaal/). `reindex` rebuilds the search index of "
        "every network (or one, with --network) from what is public now; `invite SLUG PERSON` "
        "e-mails a person their personal link to make, change or remove their public profile.",
    )
    verbs = p.add_subparsers(dest="verb", metavar="VERB", required=True)
    r = verbs.add_parser("reindex", help="rebuild the search index",
                         description="Rebuild the portal's search index from the public "
                         "profiles, published groups and public products.")
    r.add_argument("--network", metavar="SLUG", help="only this network")
    r.set_defaults(func=cmd_reindex)
    i = verbs.add_parser("invite", help="e-mail a person their profile link",
                         description="E-mail a person their personal link to the portal "
                         "profile page (an older link stops working). Only the person can "
                         "publish a profile.")
    i.add_argument("slug", help="the network's slug")
    i.add_argument("person", help="the person's id in the package")
    i.add_argument("--actor", default="cli", help="who asked for it, for the audit log")
    i.set_defaults(func=cmd_invite)


def cmd_reindex(args) -> int:
    from olievlek.progress import bar

    if args.network:
        networks = [network_named(args.network)]
    else:
        setup_django(migrate=True)
        networks = None
    from olievlek.portal.search import reindex

    count = reindex(networks, progress=bar())
    print(f"{count} entries indexed")
    return 0


def cmd_invite(args) -> int:
    network = network_named(args.slug)
    from olievlek.portal.actions import PortalError, invite

    person = network.people.filter(key=args.person).first()
    if person is None:
        raise CommandError(f"no person '{args.person}' in network '{args.slug}'")
    try:
        invite(person, actor=args.actor)
    except PortalError as exc:
        raise CommandError(str(exc)) from exc
    print(f"link sent to person {person.key}")
    return 0
