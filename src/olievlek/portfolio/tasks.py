"""Warming a network's spread analysis in the background (`olievlek worker`).

A change to a network's portfolio gives it a new data version (``olievlek.derived``), so the
next olievlek page would compute the analysis of every use on the request path. Instead every
workflow in :mod:`.actions` that changes a portfolio calls :func:`enqueue_warm`: when the
transaction commits, a task computes what the pages show (the olievlek page's figures, the
portfolio rows, the network's maps and reach curves, in both languages) into the shared cache.

Safe without a worker: the task then waits in the queue and the page computes what it needs
itself, once per data version, as before. The task reads the data version when it runs, so a
task queued before a later change warms the newest data; several queued tasks for one network
cost one computation (the later ones find the cache warm).
"""

from __future__ import annotations

import logging

from django.db import transaction
from django_tasks import task

log = logging.getLogger("olievlek.portfolio")
LANGUAGES = ("nl", "en")


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

    network = Network.objects.filter(pk=network_id).first()
    if network is None:  # deleted since
        return []
    return warm_spread(network)


def enqueue_warm(network_id: int) -> None:
    """After the current transaction commits, queue :func:`warm_spread_task` for the network.
    A failing queue never fails the change: the page computes for itself."""
    def enqueue() -> None:
        try:
            warm_spread_task.enqueue(network_id)
        except Exception:  # pragma: no cover - a broken queue must not break editing
            log.exception("could not queue the spread warm-up of network %s", network_id)

    transaction.on_commit(enqueue)
