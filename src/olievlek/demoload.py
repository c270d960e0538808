"""Loading the synthetic demo into the database.

It lives outside `olievlek.demo` because it uses Django; the generator imports none.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.db import transaction

from olievlek import derived
from olievlek.accounts.models import COORDINATOR, PARTICIPANT, RESEARCHER, Profile
from olievlek.networks.actions import export_package, import_package
from olievlek.networks.models import Network
from olievlek.package import same_content
from olievlek.progress import Progress, silent

DEMO_PASSWORD = "demo"

# When the study's questionnaire ran: spring 2024 (report 5.3) and April 2025 (chapter 6).
DEMO_WAVE_DATES = {
    "2024": (dt.date(2024, 3, 1), dt.date(2024, 5, 31)),
    "2025": (dt.date(2025, 4, 1), dt.date(2025, 4, 30)),
}


def load_demo(progress: Progress = silent) -> dict[str, list[str]]:
    """Import the thirteen demo networks (the study's twelve and the Twente network with its
    governance) and the demo accounts; a second run changes nothing.

    Returns which network slugs were loaded and which were already up to date.
    """
    from olievlek.demo import generate_all

    packages = generate_all()
    loaded, unchanged = [], []
    for i, pkg in enumerate(packages, start=1):
        assert pkg.network is not None  # the generator writes every network.csv
        slug = pkg.network["id"]
        network = Network.objects.filter(slug=slug).first()
        if network is not None and same_content(export_package(network), pkg):
            unchanged.append(slug)
        else:
            import_package(pkg, actor="demo")
            loaded.append(slug)
        progress(i, len(packages), "demo")
    date_demo_waves()
    load_demo_governance()
    load_demo_portal()
    ensure_demo_users()
    load_demo_coding()
    return {"loaded": loaded, "unchanged": unchanged}


@transaction.atomic
def load_demo_governance() -> int:
    """The Twente network's type history and decisions (not in the package format), through the
    governance workflows; a network that already has them is left alone. Returns how many
    records were added."""
    from olievlek.demo import twente
    from olievlek.governance.actions import change_group_type, record_decision
    from olievlek.governance.models import Decision, TypeChange
    from olievlek.governance.rules import voters

    network = Network.objects.filter(slug=twente.SLUG).first()
    if network is None:
        return 0
    added = 0
    units = {u.key: u for u in network.units.all()}
    if not TypeChange.objects.filter(unit__network=network).exists():
        for key, steps in twente.TYPE_HISTORY.items():
            for type_, day, note in steps:
                change_group_type(units[key], type_, date=dt.date.fromisoformat(day), note=note,
                                  actor="demo")
                added += 1
    if not Decision.objects.filter(network=network).exists():
        from olievlek.governance.actions import fees_of

        for body, day, text, against in twente.DECISIONS:
            date = dt.date.fromisoformat(day)
            votes = {org: against.get(org, "for") for org in voters(fees_of(network, date.year))}
            record_decision(units[body], date=date, text=text, votes=votes, actor="demo")
            added += 1
    return added


HOW_TO_JOIN = ("Neem contact op met de programmaleiding van het kennisnetwerk. Ook leraren, "
               "lerarenopleiders en onderzoekers van organisaties die geen lid zijn, kunnen meedoen.")


@transaction.atomic
def load_demo_portal() -> int:
    """The Twente network's public portal (it wants its people and products findable: "een
    vraagbaak"): switched on, its groups published, its products public, and a profile for
    every third person, as if they had opted in through their own link (the consent text is
    recorded as for anyone; every person in the demo is synthetic). Through the portal's
    workflows; a network whose portal exists is left alone. Returns how many records were
    added."""
    from olievlek.demo import twente
    from olievlek.governance.rules import group_type_of
    from olievlek.networks.models import Membership
    from olievlek.portal import actions as portal
    from olievlek.portal.models import EXPERTISE_CHOICES, PortalNetwork
    from olievlek.portfolio.models import BoundaryObject

    network = Network.objects.filter(slug=twente.SLUG).first()
    if network is None or PortalNetwork.objects.filter(network=network).exists():
        return 0
    portal.set_portal(network, enabled=True, province="Overijssel", actor="demo", description=(
        "Leraren, lerarenopleiders, onderzoekers en schoolleiders uit Twente vinden elkaar in "
        "professionele leergemeenschappen, expertgroepen en projectgroepen."))
    added = 1
    for unit in network.units.order_by("key"):
        if group_type_of(unit.kind) is None:
            continue  # the bodies (programmaleiding, beleidsgroep, stuurgroep) are not groups
        portal.publish_unit(unit, theme=unit.name, goal=twente.GOALS.get(unit.key, ""),
                            how_to_join=HOW_TO_JOIN, actor="demo")
        added += 1
    for obj in BoundaryObject.objects.filter(network=network, licence__startswith="CC-").order_by("key"):
        portal.publish_object(obj, educational_level="po", actor="demo")
        added += 1
    people = list(network.people.select_related("organisation").order_by("key"))
    roles = Membership.objects.filter(person__in=people).primary()
    kinds = [code for code, _label in EXPERTISE_CHOICES]
    for i, person in enumerate(people[::3]):
        portal.save_profile(
            person, name=person.name, role=roles[person.pk][3] if person.pk in roles else "",
            organisation=person.organisation.name if person.organisation else "", region="Twente",
            expertise_kinds=[kinds[i % len(kinds)], kinds[(i + 2) % len(kinds)]], actor="demo")
        added += 1
    return added


@transaction.atomic
def load_demo_coding() -> int:
    """The demo's interview and observation reports (``olievlek.demo.interviews``), double coded
    by the researchers ``codeur-a`` and ``codeur-b`` and left unsettled so the agreement and
    review pages have something to show. A source already there (same network and title) is
    left alone; returns how many sources were added."""
    from olievlek.coding.codebook import study_codebook
    from olievlek.coding.text import canonical_text
    from olievlek.demo.interviews import CODERS, demo_sources
    from olievlek.qda.actions import add_coding, assign_double_coding, load_codebook
    from olievlek.qda.models import Code, Source

    load_codebook(study_codebook())  # a migration loads it; this only fills what is missing
    User = get_user_model()
    coders = {}
    for username in CODERS:
        user, created = User.objects.get_or_create(username=username)
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
        Profile.objects.update_or_create(user=user, defaults={"role": RESEARCHER})
        coders[username] = user
    codes = {c.key: c for c in Code.objects.exclude(key="")}
    added = 0
    for item in demo_sources():
        network = Network.objects.filter(slug=item["network"]).first()
        if network is None:
            continue
        for s in item["sources"]:
            if Source.objects.filter(network=network, title=s["title"]).exists():
                continue
            text = canonical_text(s["text"])
            assert text == s["text"], "the generator writes canonical text"
            source = Source.objects.create(
                network=network, kind=s["kind"], title=s["title"],
                date=dt.date.fromisoformat(s["date"]), study_year=s["study_year"],
                event=s["event"], text=text)
            assign_double_coding(source, coders[CODERS[0]], coders[CODERS[1]], actor="demo")
            for c in s["codings"]:
                add_coding(source, codes[c["code"]], c["start"], c["end"], coders[c["coder"]])
            added += 1
    return added


def date_demo_waves() -> None:
    """Give the demo's waves the dates the study ran them (the package format has no dates)."""
    from olievlek.surveys.models import Wave

    for label, (opens, closes) in DEMO_WAVE_DATES.items():
        waves = Wave.objects.filter(label=label, opens__isnull=True, closes__isnull=True)
        derived.changed(*waves.values_list("network_id", flat=True))
        waves.update(opens=opens, closes=closes)


@transaction.atomic
def ensure_demo_users() -> list[tuple[str, str]]:
    """Create the demo logins if missing; returns (username, what it is) pairs."""
    User = get_user_model()
    accounts: list[tuple[str, str]] = []

    def ensure(username: str, role: str, network=None, person=None, label: str = "") -> None:
        user, created = User.objects.get_or_create(username=username)
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
        Profile.objects.update_or_create(
            user=user, defaults={"role": role, "network": network, "person": person}
        )
        accounts.append((username, label))

    ensure("onderzoeker", RESEARCHER, label="researcher: all networks, names visible")
    for coder in ("codeur-a", "codeur-b"):  # the demo's two coders (olievlek.demo.interviews)
        ensure(coder, RESEARCHER, label="researcher: one of the two demo coders")
    for network in Network.objects.order_by("slug"):
        number = network.slug.split("-", 1)[0]
        if number.isdigit():
            ensure(f"coordinator{number}", COORDINATOR, network=network,
                   label=f"coordinator of {network.name}: own network, pseudonyms")
    first = Network.objects.order_by("slug").first()
    if first is not None:
        person = (
            first.people.filter(responses__status="complete").order_by("key").first()
            or first.people.order_by("key").first()
        )
        if person is not None:
            ensure("deelnemer01", PARTICIPANT, network=first, person=person,
                   label=f"participant in {first.name}: own answers only")
    return accounts
