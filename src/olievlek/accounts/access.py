"""Who may see what. Every view, download and API endpoint asks here; templates never decide.

- researcher: every network, names visible;
- coordinator: their own network only; names only where a researcher allowed it
  (network-wide with ``Network.coordinator_sees_names``, per wave with
  ``Wave.coordinator_visibility``: names, pseudonyms or aggregate; default pseudonyms);
- participant: their own network's structure, and only themselves by name ("self"), plus
  the colleagues they named themselves in their own answers (their ego view);
- small cells: ``Viewer.mask`` decides, ``olievlek.tables.cells.Mask`` applies. A coordinator
  who does not see names gets every group of fewer than ``SMALL_CELL_THRESHOLD`` people
  (default 3) as "<3"; every coordinator, names allowed or not, gets the background answers
  of such a group masked, and no background answers of a person whose unit and role they
  share with fewer than that many (``Viewer.shows_background``);
- anyone else: nothing (views require login; other networks answer 404, never 403, so ids
  cannot be probed).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from .models import COORDINATOR, PARTICIPANT, RESEARCHER

NAMES, PSEUDONYMS, AGGREGATE, SELF = "names", "pseudonyms", "aggregate", "self"


def small_cell_threshold() -> int:
    """Groups smaller than this are not shown as numbers to coordinators without names."""
    return max(1, int(getattr(settings, "SMALL_CELL_THRESHOLD", 3)))


@dataclass(frozen=True)
class Viewer:
    """The person looking, reduced to what access decisions need."""

    username: str
    role: str | None
    network_id: int | None = None
    person_id: int | None = None
    is_superuser: bool = False

    @property
    def is_researcher(self) -> bool:
        return self.role == RESEARCHER or self.is_superuser

    @property
    def is_coordinator(self) -> bool:
        return self.role == COORDINATOR and not self.is_superuser

    @property
    def is_participant(self) -> bool:
        return self.role == PARTICIPANT and not self.is_superuser

    def can_see_network(self, network) -> bool:
        if self.is_researcher:
            return True
        return self.role in (COORDINATOR, PARTICIPANT) and network.pk == self.network_id

    def sees_coding(self, network=None) -> bool:
        """Qualitative coding (every source, quotes, codings, retrieval, the codebook, coding
        and exchange) quotes people: researchers only. Coordinators see single sources a
        researcher shared with them (:meth:`sees_source`); participants never."""
        return self.is_researcher

    def sees_source(self, source) -> bool:
        """A source's page and original file: researchers every source; a coordinator of the
        source's network a source a researcher shared with them (``Source.shared_at``),
        read-only, with its codings of record; anyone else none."""
        if self.is_researcher:
            return True
        return (self.is_coordinator and source.network_id == self.network_id
                and source.shared_at is not None)

    def sources_seen(self, network):
        """The sources of ``network`` this viewer sees (:meth:`sees_source` as a query)."""
        if self.is_researcher:
            return network.sources.all()
        if self.is_coordinator and network.pk == self.network_id:
            return network.sources.filter(shared_at__isnull=False)
        return network.sources.none()

    def codes_blind(self, source) -> bool:
        """Double coding: a coder assigned to ``source`` sees only their own codings on it until
        a researcher settles it; everyone else who sees coding sees every coder's."""
        return any(a.coder.get_username() == self.username and a.settled_at is None
                   for a in source.assignments.select_related("coder"))

    def runs_waves_of(self, network) -> bool:
        """Researchers, and the network's own coordinator: who may run its questionnaire waves
        and see their response counts."""
        return self.can_see_network(network) and (self.is_researcher or self.is_coordinator)

    def edits(self, network) -> bool:
        """Who may change a network's records (network, organisations, people, units,
        memberships, package uploads): researchers every network, a coordinator their own,
        participants none."""
        return self.can_see_network(network) and (self.is_researcher or self.is_coordinator)

    @property
    def manages_accounts(self) -> bool:
        """Inviting people, giving roles and networks, revoking access: researchers only."""
        return self.is_researcher

    def edits_portfolio_of(self, network) -> bool:
        """Who may change a network's portfolio (objects, ratings, uses) and confirm uses
        proposed through the follow-up link: the same people as :meth:`edits`."""
        return self.edits(network)

    def edits_activities_of(self, network) -> bool:
        """Who may see and maintain a network's activities, attendance, meeting rhythm,
        turnover and sustainability monitor: the same people as :meth:`edits` (researchers
        every network, a coordinator their own)."""
        return self.edits(network)

    def units_to_score(self, network, day=None) -> list[int]:
        """The units of ``network`` whose sustainability-monitor rounds this viewer may score
        as a member (unit pks): a participant linked to a person who is an active member of the
        unit on ``day`` (today by default; ``Membership.objects.active_on``, the one
        active-membership rule). Researchers and coordinators score every unit as facilitator
        (:meth:`scores_monitor_of`)."""
        if not self.is_participant or self.person_id is None or not self.can_see_network(network):
            return []
        import datetime as dt

        from olievlek.networks.models import Membership

        return sorted(set(Membership.objects.active_on(day or dt.date.today())
                          .filter(person_id=self.person_id, unit__network=network)
                          .values_list("unit_id", flat=True)))

    def scores_monitor_of(self, network, unit, day=None) -> bool:
        """Who may score ``unit``'s round of the sustainability monitor: whoever maintains the
        network's monitor (:meth:`edits_activities_of`, as facilitator), and the unit's own
        active members (:meth:`units_to_score`)."""
        if unit.network_id != network.pk:
            return False
        return self.edits_activities_of(network) or unit.pk in self.units_to_score(network, day)

    def edits_governance_of(self, network) -> bool:
        """Who may see and keep a network's governance (fees, support for groups, bodies'
        decisions, its rules): the same people as :meth:`edits` (researchers every network, a
        coordinator their own)."""
        return self.edits(network)

    def reads_reports_of(self, network) -> bool:
        """Case reports (``olievlek.reports``): researchers every network's, drafts included;
        a coordinator their own network's versions sent to them; participants none."""
        return self.can_see_network(network) and (self.is_researcher or self.is_coordinator)

    @property
    def writes_reports(self) -> bool:
        """Writing a case report and sending it for review; the cross-case report: researchers."""
        return self.is_researcher

    def reviews_reports_of(self, network) -> bool:
        """Commenting on, approving or sending back a network's case report: its coordinator."""
        return self.is_coordinator and self.can_see_network(network)

    def sees_names(self, network, wave=None) -> bool:
        """Whether people appear by name: needed to list who answered and to change links."""
        return self.mode(network, wave) == NAMES

    def mode(self, network, wave=None) -> str:
        """How people appear to this viewer: names, pseudonyms, aggregate or self."""
        if not self.can_see_network(network):
            raise Http404
        if self.is_researcher:
            return NAMES
        if self.is_coordinator:
            if wave is not None:
                return wave.coordinator_visibility
            return NAMES if network.coordinator_sees_names else PSEUDONYMS
        return SELF

    def label(self, person, mode: str) -> str:
        """The name or pseudonym this viewer may see for ``person`` under ``mode``."""
        if mode == NAMES or (mode == SELF and person.pk == self.person_id):
            return person.name
        return person.pseudonym or f"P{person.pk}"

    def reference(self, person, mode: str) -> str:
        """A stable id for ``person`` safe to put in HTML/SVG/CSV: the package id where names
        are visible, the pseudonym otherwise (the package id may contain a name)."""
        if mode == NAMES or (mode == SELF and person.pk == self.person_id):
            return person.key
        return person.pseudonym or f"P{person.pk}"

    def label_of_named(self, person, mode: str) -> str:
        """A colleague this viewer named in their own answers: a participant knows whom they
        named, so sees them by name in their ego view; anyone else as ``label`` allows."""
        return person.name if mode == SELF else self.label(person, mode)

    def mask(self, network, wave=None):
        """Which small groups this viewer gets masked (``olievlek.tables.cells.Mask``): the
        one decision every page, download, chart and API with counts or answers per unit,
        role, process or network applies.

        - researchers: nothing masked;
        - a coordinator under pseudonyms (or aggregates): groups and their background answers;
        - a coordinator whom a researcher allowed names: background answers only (names
          say who is who and who responded, but a unit of two still must not show how each
          of them answered);
        - anyone else (participants reach no such table): everything."""
        from olievlek.tables.cells import Mask

        if self.is_researcher:
            return Mask()
        threshold = small_cell_threshold()
        if self.is_coordinator and self.mode(network, wave) == NAMES:
            return Mask(answers=threshold)
        return Mask(groups=threshold, answers=threshold)

    def shows_background(self, network, person, mode: str) -> bool:
        """Whether a person's background answers may be shown: always to researchers and to
        the person themselves; to a coordinator (names allowed or not) only when at least the
        threshold share the person's primary unit and role (``mask(...).answers``): their
        unit and role would point at them, and a name does not lift the rule."""
        if self.is_researcher or person.pk == self.person_id:
            return True
        if not self.is_coordinator:
            return False
        threshold = self.mask(network).answers
        if threshold is None:
            return True
        from olievlek.networks.actions import primary_memberships

        cells = primary_memberships(network)
        mine = cells.get(person.pk)
        return mine is not None and sum(1 for c in cells.values() if c == mine) >= threshold

    def may_see_person(self, person, mode: str) -> bool:
        """Whether a page about this one person may be shown."""
        if mode == NAMES:
            return True
        if mode == PSEUDONYMS:
            return True  # shown under the pseudonym
        return mode == SELF and person.pk == self.person_id


def reidentifiable(network, wave=None) -> list[tuple[str, str, int]]:
    """(unit name, role, people) for each primary unit+role combination of the wave's people
    (everyone when the wave has none yet) held by fewer than the small-cell threshold: under
    pseudonyms these people can be recognised, so the researcher is warned."""
    from olievlek.networks.actions import primary_memberships
    from olievlek.tables.cells import small_combinations

    cells = primary_memberships(network)
    if wave is not None:
        invited = set(wave.responses.values_list("person_id", flat=True))
        if invited:
            cells = {pk: c for pk, c in cells.items() if pk in invited}
    names = dict(network.units.values_list("key", "name"))
    found = small_combinations(list(cells.values()), small_cell_threshold())
    return [(names.get(unit, unit), role, n) for unit, role, n in found]


def viewer(user) -> Viewer:
    if user is None or not user.is_authenticated:
        return Viewer(username="anonymous", role=None)
    try:
        profile = user.profile
    except Exception:  # no profile: a user without a role sees nothing
        profile = None
    return Viewer(
        username=user.get_username(),
        role=profile.role if profile else None,
        network_id=profile.network_id if profile else None,
        person_id=profile.person_id if profile else None,
        is_superuser=user.is_superuser,
    )


def visible_networks(v: Viewer):
    from olievlek.networks.models import Network

    if v.is_researcher:
        return Network.objects.all()
    if v.role in (COORDINATOR, PARTICIPANT) and v.network_id:
        return Network.objects.filter(pk=v.network_id)
    return Network.objects.none()


def network_for(request, slug: str):
    """The network named by ``slug`` if the request's user may see it; 404 otherwise."""
    v = viewer(request.user)
    network = get_object_or_404(visible_networks(v), slug=slug)
    return v, network


def network_to_edit(request, slug: str):
    """``network_for``, then 403 unless the user may change this network (``Viewer.edits``)."""
    v, network = network_for(request, slug)
    if not v.edits(network):
        raise PermissionDenied
    return v, network


def job_for(request, job_id):
    """A background job (``olievlek.ops``) if the request's user started it, or is a
    superuser; 404 otherwise, as for networks. A job's page may name the people imported."""
    from olievlek.ops.models import Job

    jobs = Job.objects.all()
    if not request.user.is_superuser:
        jobs = jobs.filter(user_id=request.user.pk)
    return get_object_or_404(jobs, pk=job_id)
