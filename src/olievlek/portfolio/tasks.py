"""Warming a network's spread analysis in the background (`olievlek worker`).

A change to a network's portfolio gives it a new data version (``olievlek.derived``), so the
next olievlek page would compute the analysis of every use on the request path. Instead every
workflow in :mod:`.actions` that changes a portfolio calls :func:`enqueue_warm`: when the
transaction commits, a task computes what the pages show (the olievlek page's figures, the
portfolio rows, the network's maps and reach curves, in both languages) into the shared cache.

At most one task is pending per network: enqueueing sets a marker in the shared cache
(``cache.add``, so two processes agree) and the task clears it when it starts. A burst of
changes (a coordinator registering twenty uses) queues one task; a change while the task runs
queues the next, which warms the newest data (the task reads the data version when it runs).
The marker lapses after :data:`PENDING_SECONDS` should a task be lost (a worker killed, a queue
emptied), so warming never stops for long.

Safe without a worker: the one task then waits in the queue and the page computes what it
needs itself, once per data version, as before; a queue that cannot be reached is logged and
the marker removed, never an error for the person making the change.
"""

from __future__ import annotations

import logging

from django.core.cache import cache
from django.db import transaction
from django_tasks import task

log = logging.getLogger("olievlek.portfolio")
LANGUAGES = ("nl", "en")
# Longer than a warming takes at bench size (about 12 s), short enough that a lost task does
# not keep further ones out for long.
PENDING_SECONDS = 15 * 60


def pending_key(network_id: int) -> str:
    """The shared-cache marker of a queued, not yet started warming of the network."""
    return f"olievlek:warm-spread-pending:{network_id}"


def warm_spread(network) -> list[str]:
    """Compute and cache what a network's olievlek and portfolio pages show, for the default
    period and analysis date, in each language. Returns the names of what was warmed."""
    from django.utils import translation

    from . import views
    from .data import spread_of

    result = spread_of(network)
    done = []
    for lang in LANGUAGES:
        with translation.override(lang):
            views.olievlek_figures(network)
            views.portfolio_rows(network)
            done += [f"olievlek-page:{lang}", f"portfolio-rows:{lang}"]
            if len(result.uses):
                for name in views.NETWORK_PICTURES:
                    views._download(result, name, "svg", subject=network.name, refer=lambda k: k,
                                    filename=network.slug, networks=[network.pk])
                    done.append(f"{name}.svg:{lang}")
    return done


@task()
def warm_spread_task(network_id: int) -> list[str]:
    from olievlek.networks.models import Network

    cache.delete(pending_key(network_id))  # from now on a change queues the next warming
    network = Network.objects.filter(pk=network_id).first()
    if network is None:  # deleted since
        return []
    return warm_spread(network)


def enqueue_warm(network_id: int) -> None:
    """After the current transaction commits, queue :func:`warm_spread_task` for the network
    unless one is pending already. A failing queue never fails the change: the page computes
    for itself."""
    transaction.on_commit(lambda: enqueue_now(network_id))


def enqueue_now(network_id: int) -> bool:
    """Queue the warming of the network unless one is pending; True when queued."""
    if not cache.add(pending_key(network_id), 1, PENDING_SECONDS):
        return False
    try:
        warm_spread_task.enqueue(network_id)
    except Exception:  # a broken queue must not break editing
        cache.delete(pending_key(network_id))
        log.exception("could not queue the spread warm-up of network %s", network_id)
        return False
    return True
