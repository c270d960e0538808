"""Derived results (the participants study and its tables and charts, a network's spread
analysis, its maps) computed once per data version of the networks they read.

**The data version** of a network is a random token in the shared cache
(``dataversion:<network id>``). Every change of a network's data gives it a new token:

- row by row, through Django's signals (``post_save``, ``m2m_changed`` on every model a
  derived result reads, ``post_delete`` on those deleted one at a time): forms, the admin,
  single saves in the workflow functions;
- in bulk, by the workflow functions that write with ``bulk_create``, ``bulk_update``,
  ``QuerySet.update`` or ``QuerySet.delete`` (import, invitations, submitted ties, erasure,
  a use deleted): they call :func:`changed`.

The new token is written at once and again when the transaction commits (see
:func:`changed`), and a missing token (never set, or dropped by the cache) becomes a fresh one, never an
old one: a result is keyed by the tokens it was computed under, so an old result can only be
unused, never served for new data. Reading the versions is one cache query for any number
of networks.

**The cache** is two levels: a small per-process memory (results such as a 200,000-use
analysis are costly to unpickle) over Django's default cache (shared between processes: a
database table by default, see settings.py). :func:`cached` is the one helper the pages use.
"""

from __future__ import annotations

import hashlib
import threading
import uuid
from collections import OrderedDict
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from django.core.cache import cache
from django.db import transaction

T = TypeVar("T")

PREFIX = "dataversion:"
# Derived results of every network: a reference population without a network, say.
ALL = "all"
# A day: the key names the data, so an entry can only be unused, never stale.
TIMEOUT = 24 * 3600
LOCAL_ENTRIES = 24

_local: OrderedDict[str, Any] = OrderedDict()
_local_lock = threading.Lock()
_building: dict[str, threading.Lock] = {}


def versions(network_ids: Iterable[int | str]) -> dict[str, str]:
    """The data version of each network (and of ``ALL``), in one cache query."""
    keys = [PREFIX + str(n) for n in sorted({str(n) for n in network_ids} | {ALL})]
    found = cache.get_many(keys)
    for key in keys:
        if key not in found:
            # add(): two processes starting a version at once agree on one.
            cache.add(key, uuid.uuid4().hex, None)
            found[key] = cache.get(key) or uuid.uuid4().hex
    return {k[len(PREFIX):]: found[k] for k in keys}


def _bump(network_ids: frozenset[str]) -> None:
    cache.set_many({PREFIX + n: uuid.uuid4().hex for n in network_ids}, None)


def changed(*network_ids: int | str | None) -> None:
    """Mark the data of these networks (``ALL``: of every network) as changed: at once, and
    again when the current transaction commits.

    At once, because the database cache writes the new token in the same transaction as the
    data (others see both at commit) and a test's transaction never commits; again at commit,
    because a cache outside the database (Redis, local memory) shows the first token before
    the data: a result computed from the old rows in between is keyed by a token that the
    commit replaces."""
    ids = frozenset(str(n) for n in network_ids if n is not None)
    if not ids:
        return
    _bump(ids)
    connection = transaction.get_connection()
    if connection.in_atomic_block:
        # One bump at commit per network per transaction, however many rows change.
        for _sids, func, _robust in connection.run_on_commit:
            if getattr(func, "olievlek_networks", None) == ids:
                return
        bump = lambda: _bump(ids)  # noqa: E731
        bump.olievlek_networks = ids  # type: ignore[attr-defined]
        transaction.on_commit(bump)


def key_for(what: str, network_ids: Iterable[int], extra: Any = ()) -> str:
    """The cache key of ``what`` for these networks at their current data versions."""
    ids = sorted(int(n) for n in network_ids)
    digest = hashlib.sha256(repr((what, ids, sorted(versions(ids).items()), extra)).encode())
    return f"derived:{what}:{digest.hexdigest()}"


def _remember(key: str, value: Any) -> None:
    with _local_lock:
        _local[key] = value
        _local.move_to_end(key)
        while len(_local) > LOCAL_ENTRIES:
            _local.popitem(last=False)


def cached(what: str, network_ids: Iterable[int], compute: Callable[[], T], *, extra: Any = (),
           shared: bool = True, timeout: int = TIMEOUT) -> T:
    """``compute()``, once per ``what``, networks, their data versions and ``extra`` (anything
    else the result depends on: the viewer's rights, the language, a period...; its ``repr``
    is hashed). ``shared=False`` keeps the result in this process only (for large results
    that cost more to unpickle than a page may take). Threads of one process asking for the
    same result while it is computed wait for it instead of computing it again."""
    key = key_for(what, network_ids, extra)
    with _local_lock:
        if key in _local:
            _local.move_to_end(key)
            return _local[key]
        lock = _building.setdefault(key, threading.Lock())
    try:
        with lock:
            with _local_lock:
                if key in _local:
                    return _local[key]
            value = cache.get(key) if shared else None
            if value is None:
                value = compute()
                if shared:
                    cache.set(key, value, timeout)
            _remember(key, value)
    finally:
        with _local_lock:
            _building.pop(key, None)
    return value


def forget_local() -> None:
    """Empty this process's memory (tests; the shared cache is keyed by version anyway)."""
    with _local_lock:
        _local.clear()


# ---------------------------------------------------------------------------------------------
# Row-by-row changes: signals. Bulk writes call ``changed`` themselves (see the module text).


def _network_via(instance, field: str, model) -> int | None:
    """The network of the ``field`` (a person, wave or boundary object) ``instance`` points
    at, without a query when the related row is loaded already."""
    related = instance._state.fields_cache.get(field)
    if related is not None:
        return related.network_id
    pk = getattr(instance, f"{field}_id", None)
    if pk is None:
        return None
    return model.objects.filter(pk=pk).values_list("network_id", flat=True).first()


def network_of(instance) -> int | str | None:
    """The network whose data ``instance`` is part of (``ALL`` for every network)."""
    from olievlek.networks.models import Network, Person
    from olievlek.participants.models import ReferencePopulation
    from olievlek.portfolio.models import BoundaryObject
    from olievlek.surveys.models import Wave

    if isinstance(instance, Network):
        return instance.pk
    if isinstance(instance, ReferencePopulation):
        return instance.network_id if instance.network_id is not None else ALL
    if hasattr(instance, "network_id"):
        return instance.network_id
    # A use has an object and maybe a person; a response a wave and a person: the first
    # that is set names the network.
    for field, model in (("object", BoundaryObject), ("wave", Wave), ("person", Person)):
        if getattr(instance, f"{field}_id", None) is not None:
            return _network_via(instance, field, model)
    return None


def _on_change(sender, instance, **kwargs) -> None:
    changed(network_of(instance))


def connect_signals() -> None:
    """Called once from the networks app's ``ready``."""
    from django.db.models.signals import m2m_changed, post_delete, post_save

    from olievlek.networks.models import Membership, Network, Organisation, Person, Unit
    from olievlek.participants.models import ExpertiseSorting, ReferencePopulation
    from olievlek.portfolio.models import BoundaryObject, Rating, Use
    from olievlek.surveys.models import AnswerVersion, Response, Tie, Wave

    # A delete signal makes Django fetch every row of a bulk delete to send it: not for the
    # models deleted by the hundred thousand (their workflows call ``changed``).
    one_by_one = (Network, Organisation, Person, Unit, Membership, Wave, BoundaryObject, Rating,
                  ExpertiseSorting, ReferencePopulation)
    for model in (*one_by_one, Response, Tie, AnswerVersion, Use):
        post_save.connect(_on_change, sender=model, dispatch_uid=f"derived-save-{model.__name__}")
    for model in one_by_one:
        post_delete.connect(_on_change, sender=model, dispatch_uid=f"derived-delete-{model.__name__}")
    for through in (BoundaryObject.makers.through, BoundaryObject.units.through,
                    BoundaryObject.based_on.through, Wave.roster.through, Wave.roster_units.through):
        m2m_changed.connect(_on_m2m, sender=through, dispatch_uid=f"derived-m2m-{through.__name__}")


def _on_m2m(sender, instance, action, **kwargs) -> None:
    if action in ("post_add", "post_remove", "post_clear"):
        changed(network_of(instance))
