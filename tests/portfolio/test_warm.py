"""After a change to a portfolio a background task warms what the pages show; without a
worker the page still computes it itself."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from olievlek import derived
from olievlek.accounts.models import AuditEntry  # noqa: F401 - the audit app is loaded
from olievlek.portfolio import actions
from olievlek.portfolio.models import BoundaryObject, Use


def _key(network, what, extra):
    return derived.key_for(what, [network.pk], extra)


def _forget_local():
    with derived._local_lock:
        derived._local.clear()


@pytest.fixture
def obj(network):
    network.organisations.filter(key="o1").update(municipality="GM0153")
    obj = BoundaryObject.objects.create(network=network, key="k1", title="Kaartenset",
                                        kind="product", status="gerealiseerd", date="2024-01-01")
    return obj


@pytest.mark.django_db(transaction=True)
def test_a_recorded_use_queues_a_task_that_fills_the_cache(network, obj):
    from django.core.cache import cache
    from django_tasks_db.models import DBTaskResult

    from olievlek.portfolio.tasks import pending_key

    cache.delete(pending_key(network.pk))
    before = DBTaskResult.objects.count()
    actions.record_use(Use(object=obj, date="2024-02-01", organisation=network.organisations.get(key="o1"),
                           use="toegepast"), actor="alice")
    assert DBTaskResult.objects.count() == before + 1  # queued at commit
    _forget_local()
    page = _key(network, "olievlek-page", (None, "quarter", "nl"))
    assert cache.get(page) is None  # nothing computed on the change itself
    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)
    figures = cache.get(page)
    assert figures is not None and figures["summary"]["uses"] == 1
    assert cache.get(_key(network, "olievlek-page", (None, "quarter", "en"))) is not None
    svg = cache.get(_key(network, "oil-stain", ("map", "svg", network.name, None, "quarter", "nl")))
    assert svg is not None and b"Bron: CBS, Kadaster" in svg


@pytest.mark.django_db
def test_the_task_warms_and_the_page_reads_it(network, obj, users, client_for):
    from olievlek.portfolio.tasks import warm_spread_task

    Use.objects.create(object=obj, date="2024-02-01", organisation=network.organisations.get(key="o1"),
                       use="toegepast")
    done = warm_spread_task.call(network.pk)
    assert "olievlek-page:nl" in done and "map.svg:en" in done
    html = client_for(users["alice"]).get("/networks/testnet/olievlek/").content.decode()
    assert 'data-key="uses">1<' in html


@pytest.mark.django_db
def test_without_a_worker_the_page_computes_itself(network, obj, users, client_for):
    actions.record_use(Use(object=obj, date="2024-02-01", organisation=network.organisations.get(key="o1"),
                           use="toegepast"), actor="alice")  # queued, never run
    html = client_for(users["alice"]).get("/networks/testnet/olievlek/").content.decode()
    assert 'data-key="uses">1<' in html


@pytest.mark.django_db
def test_a_deleted_network_warms_nothing(network):
    from olievlek.portfolio.tasks import warm_spread_task

    assert warm_spread_task.call(10**6) == []


def _queued(network):
    from django_tasks_db.models import DBTaskResult

    return [r for r in DBTaskResult.objects.filter(task_path="olievlek.portfolio.tasks.warm_spread_task")
            .values_list("args_kwargs", flat=True) if r["args"] == [network.pk]]


def _use(network, obj, day):
    return Use(object=obj, date=day, organisation=network.organisations.get(key="o1"), use="toegepast")


@pytest.mark.django_db
def test_a_burst_of_changes_queues_one_warming(network, obj, django_capture_on_commit_callbacks):
    from django.core.cache import cache

    from olievlek.portfolio.tasks import pending_key, warm_spread_task

    cache.delete(pending_key(network.pk))
    with django_capture_on_commit_callbacks(execute=True):
        for day in ("2024-02-01", "2024-03-01", "2024-04-01"):
            actions.record_use(_use(network, obj, day), actor="alice")
    assert len(_queued(network)) == 1
    warm_spread_task.call(network.pk)  # the task starts: a change now queues the next one
    with django_capture_on_commit_callbacks(execute=True):
        actions.record_use(_use(network, obj, "2024-05-01"), actor="alice")
    assert len(_queued(network)) == 2


@pytest.mark.django_db
def test_a_broken_queue_is_no_error_and_the_next_change_tries_again(
        network, obj, users, client_for, monkeypatch, django_capture_on_commit_callbacks):
    from types import SimpleNamespace

    from django.core.cache import cache

    from olievlek.portfolio import tasks

    def broken(*args, **kwargs):
        raise ConnectionError("no queue")

    cache.delete(tasks.pending_key(network.pk))
    monkeypatch.setattr(tasks, "warm_spread_task", SimpleNamespace(enqueue=broken))
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(users["bob"]).post("/networks/testnet/portfolio/k1/", {
            "form": "use", "date": "2024-02-01", "organisation": network.organisations.get(key="o1").pk,
            "use": "toegepast"})
    assert response.status_code == 302 and Use.objects.filter(object=obj).count() == 1
    assert cache.get(tasks.pending_key(network.pk)) is None
