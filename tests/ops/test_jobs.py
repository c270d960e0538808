"""Background jobs: a large package import started from the web runs in `olievlek worker`
with its progress on /jobs/<id>/; a refused package shows every problem, nothing written."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from olievlek.package import write_package
from tests.factories import small_package


def run_worker():
    """What `olievlek worker --batch` does: run every queued job, then stop."""
    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def owner(django_user_model):
    return django_user_model.objects.create_user("alice", password="pw")


@pytest.mark.django_db(transaction=True)
def test_import_runs_in_the_worker_and_the_page_follows_it(client, owner, tmp_path, media):
    from olievlek.networks.models import Network
    from olievlek.ops import jobs
    from olievlek.ops.models import Job
    from olievlek.ops.tasks import enqueue_import

    package = write_package(small_package(), tmp_path / "testnet.zip")
    job = enqueue_import(package, user=owner, actor="web import by alice")
    assert not Network.objects.exists()  # nothing happens until the worker runs it
    assert [p.name for p in media.glob("imports/*/*")] == ["testnet.zip"]

    client.force_login(owner)
    page = client.get(job.get_absolute_url())
    html = page.content.decode()
    assert 'data-status="queued"' in html
    assert 'http-equiv="refresh"' in html  # without JavaScript the page refreshes itself
    assert "ops/jobs.js" in html

    run_worker()
    job.refresh_from_db()
    assert job.status == Job.DONE, job.result
    assert Network.objects.get(slug="testnet").people.count() == 6
    partial = client.get(job.get_absolute_url() + "?partial=1").content.decode()
    assert 'data-finished="1"' in partial and 'href="/networks/testnet/"' in partial
    assert 'value="100"' in partial
    assert jobs.progress_of(job)["done"] == jobs.progress_of(job)["total"] > 0
    assert "http-equiv" not in client.get(job.get_absolute_url()).content.decode()
    # The worker's copy of the upload (personal data) is gone.
    assert not list(media.glob("imports/*/*"))


@pytest.mark.django_db(transaction=True)
def test_refused_package_fails_the_job_with_every_problem(client, owner, tmp_path):
    from olievlek.networks.models import Network
    from olievlek.ops.models import Job
    from olievlek.ops.tasks import enqueue_import

    folder = write_package(small_package(), tmp_path / "broken")
    people = (folder / "people.csv").read_text().splitlines()
    (folder / "people.csv").write_text("\n".join([*people, people[1]]) + "\n")  # duplicate id
    job = enqueue_import(folder, user=owner)
    run_worker()
    job.refresh_from_db()
    assert job.status == Job.FAILED
    assert job.result["problems"] and "people.csv" in job.result["problems"][0]
    assert not Network.objects.exists()
    client.force_login(owner)
    html = client.get(job.get_absolute_url()).content.decode()
    assert "Het pakket is geweigerd" in html and "people.csv" in html


@pytest.mark.django_db
def test_progress_shows_in_the_page_while_the_job_runs(client, owner):
    from olievlek.ops import jobs
    from olievlek.ops.models import Job

    job = Job.objects.create(kind="import", label="Import of big.zip", user=owner)
    client.force_login(owner)
    with jobs.running(str(job.pk)) as progress:
        progress(250, 1000, "import")
        html = client.get(job.get_absolute_url() + "?partial=1").content.decode()
        assert 'data-status="running"' in html and 'data-finished="0"' in html
        assert "250 van 1000" in html and 'value="25"' in html
        progress.result = {"url": "/networks/big/"}
    job.refresh_from_db()
    assert job.status == Job.DONE and job.result == {"url": "/networks/big/"}


@pytest.mark.django_db
def test_an_unexpected_error_fails_the_job_and_logs_the_traceback(owner, caplog):
    from olievlek.ops import jobs
    from olievlek.ops.models import Job

    job = Job.objects.create(kind="import", label="x", user=owner)
    with jobs.running(str(job.pk)):
        raise KeyError("oops")
    job.refresh_from_db()
    assert job.status == Job.FAILED and job.message == "KeyError"
    assert any("failed" in r.message and r.exc_info for r in caplog.records)


@pytest.mark.django_db
def test_a_job_is_seen_only_by_who_started_it(client, owner, django_user_model):
    from olievlek.ops.models import Job

    job = Job.objects.create(kind="import", label="Import of x.zip", user=owner)
    other = django_user_model.objects.create_user("bob", password="pw")
    client.force_login(other)
    assert client.get(job.get_absolute_url()).status_code == 404
    client.logout()
    assert client.get(job.get_absolute_url()).status_code == 302  # to the login page
    client.force_login(owner)
    assert client.get(job.get_absolute_url()).status_code == 200
    assert client.get("/jobs/not-a-uuid/").status_code == 404


def test_the_redis_queue_runs_an_import(tmp_path):
    """With REDIS_URL, jobs go through Redis (RQ) and `olievlek worker` runs RQ's worker."""
    import os
    import socket
    import subprocess
    import sys

    try:
        import django_tasks_rq  # noqa: F401
    except ImportError:
        pytest.skip("Redis job queue: django-tasks-rq is not installed (pip install olievlek[redis])")
    with socket.socket() as s:
        s.settimeout(2)
        if s.connect_ex(("127.0.0.1", 6379)) != 0:
            pytest.skip("Redis job queue: no Redis answers at 127.0.0.1:6379")
    write_package(small_package(), tmp_path / "pkg.zip")
    (tmp_path / "var").mkdir()
    env = {
        "PATH": os.environ.get("PATH", ""), "HOME": str(tmp_path),
        "PYTHONPATH": os.pathsep.join(p for p in sys.path if p),
        "OLIEVLEK_VAR": str(tmp_path / "var"), "SECRET_KEY": "k" * 50,
        # A database of its own per run, so parallel runs do not take each other's jobs.
        "REDIS_URL": f"redis://127.0.0.1:6379/{1 + os.getpid() % 15}",
    }
    entry = [sys.executable, "-c", "import sys; from olievlek.cli import main; sys.exit(main())"]

    def olievlek(*args):
        done = subprocess.run([*entry, *args], env=env, cwd=tmp_path, capture_output=True,
                              text=True, timeout=180, check=False)
        assert done.returncode == 0, done.stderr[-3000:]
        return done.stdout

    job_id = olievlek("manage", "shell", "-c",
                      "from django.core.management import call_command; "
                      "call_command('migrate', verbosity=0); "
                      "from olievlek.ops.tasks import enqueue_import; "
                      "print('JOB', enqueue_import('pkg.zip').pk)").split("JOB ")[1].strip()
    olievlek("worker", "--batch")
    out = olievlek("manage", "shell", "-c",
                   "from olievlek.ops.models import Job; from olievlek.ops.jobs import progress_of; "
                   f"j = Job.objects.get(pk='{job_id}'); print('STATE', j.status, "
                   "j.result.get('network'), progress_of(j)['done'] == progress_of(j)['total'] > 0)")
    assert out.split("STATE ")[1].split() == ["done", "testnet", "True"]
