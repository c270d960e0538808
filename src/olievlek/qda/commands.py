"""`olievlek coding`: exchange the qualitative coding with ATLAS.ti, MAXQDA... (REFI-QDA)."""

from __future__ import annotations

from pathlib import Path

from olievlek.cli import CommandError, network_named, setup_django


def register(sub) -> None:
    p = sub.add_parser(
        "coding",
        help="exchange sources, codebook and codings as a REFI-QDA project (.qdpx)",
        description="Exchange the qualitative coding (sources, the codebook, codings, coders, "
        "memos) with ATLAS.ti, MAXQDA, NVivo, QualCoder... through the REFI-QDA 1.0 standard. "
        "Coding data is personal data: every export is recorded in the audit log.",
    )
    verbs = p.add_subparsers(dest="verb", metavar="VERB", required=True)
    ex = verbs.add_parser(
        "export",
        help="write a REFI-QDA project (.qdpx)",
        description="Write the sources of one network (or all) with their codings and the "
        "codebook as a REFI-QDA project: project.qde plus sources/<guid>.txt (UTF-8, LF).",
    )
    which = ex.add_mutually_exclusive_group(required=True)
    which.add_argument("--network", metavar="SLUG", help="the network (the case) to export")
    which.add_argument("--all", action="store_true", help="every network")
    ex.add_argument("file", metavar="FILE.qdpx", help="the file to write")
    ex.set_defaults(func=cmd_export)
    im = verbs.add_parser(
        "import",
        help="read a REFI-QDA project (.qdpx), all or nothing",
        description="Read a REFI-QDA project from ATLAS.ti, MAXQDA, QualCoder... Each source goes "
        "to the network named by its case (or to --network). Offsets are moved onto the "
        "canonical text so every quote stays the same. Nothing is stored when anything is wrong.",
    )
    im.add_argument("file", metavar="FILE.qdpx", help="the project to read")
    im.add_argument("--network", metavar="SLUG", help="put every source in this network")
    im.set_defaults(func=cmd_import)
    cx = verbs.add_parser(
        "codebook-export",
        help="write the codebook as a REFI-QDA codebook (.qdc)",
        description="Write the codebook (retired codes included, merged ones left out) as a "
        "REFI-QDA codebook file, valid against Codebook.xsd.",
    )
    cx.add_argument("file", metavar="FILE.qdc", help="the file to write")
    cx.set_defaults(func=cmd_codebook_export)
    ci = verbs.add_parser(
        "codebook-import",
        help="add the codes of a REFI-QDA codebook (.qdc)",
        description="Add the codes of a .qdc file that are not here yet (matched by GUID); "
        "codes already here are left as they are. Nothing is stored when the file has a problem.",
    )
    ci.add_argument("file", metavar="FILE.qdc", help="the codebook to read")
    ci.set_defaults(func=cmd_codebook_import)


def cmd_export(args) -> int:
    path = Path(args.file)
    if path.suffix.lower() != ".qdpx":
        raise CommandError(f"{path}: the file name must end in .qdpx")
    if args.network:
        networks = [network_named(args.network)]
    else:
        setup_django(migrate=True)
        from olievlek.networks.models import Network

        networks = list(Network.objects.all())
    from .actions import export_project

    project = export_project(networks, path, actor="olievlek coding export")
    selections = sum(len(s.selections) for s in project.sources)
    print(f"{path}: {len(networks)} networks, {len(project.sources)} sources, {selections} codings")
    return 0


def cmd_import(args) -> int:
    path = Path(args.file)
    if not path.is_file():
        raise CommandError(f"{path}: no such file")
    network = network_named(args.network) if args.network else None
    if network is None:
        setup_django(migrate=True)
    from olievlek.coding.project import ProjectError

    from .actions import ProjectImportError, import_project

    try:
        project = import_project(
            path.read_bytes(), str(path), network=network, actor="olievlek coding import"
        )
    except (ProjectError, ProjectImportError) as e:
        raise CommandError(str(e)) from None
    selections = sum(len(s.selections) for s in project.sources)
    print(f"{path}: {len(project.sources)} sources, {selections} codings imported")
    return 0


def cmd_codebook_export(args) -> int:
    path = Path(args.file)
    if path.suffix.lower() != ".qdc":
        raise CommandError(f"{path}: the file name must end in .qdc")
    setup_django(migrate=True)
    from olievlek.coding.codebook import export_qdc, walk

    from .actions import codebook_tree

    tree = codebook_tree()
    path.write_bytes(export_qdc(tree))
    print(f"{path}: {sum(1 for _ in walk(tree))} codes")
    return 0


def cmd_codebook_import(args) -> int:
    path = Path(args.file)
    if not path.is_file():
        raise CommandError(f"{path}: no such file")
    setup_django(migrate=True)
    from olievlek.coding.codebook import CodebookError

    from .actions import import_codebook

    try:
        made = import_codebook(path.read_bytes(), str(path), actor="olievlek coding codebook-import")
    except CodebookError as e:
        raise CommandError(str(e)) from None
    print(f"{path}: {made} new codes")
    return 0
