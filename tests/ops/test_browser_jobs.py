"""In a real browser: the job page follows a running job without a reload, and stops
asking once it is done."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_job_page_updates_itself_until_the_job_is_done(live_server, page, django_user_model):
    from olievlek.ops import jobs
    from olievlek.ops.models import Job

    user = django_user_model.objects.create_user("alice", password="password")
    job = Job.objects.create(kind="import", label="Import of groot.zip", user=user)
    page.goto(f"{live_server.url}/accounts/login/?next={job.get_absolute_url()}")
    page.fill("#id_username", "alice")
    page.fill("#id_password", "password")
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}{job.get_absolute_url()}")
    assert page.locator("[data-status]").get_attribute("data-status") == "queued"

    requests = []
    page.on("request", lambda r: requests.append(r.url) if "partial=1" in r.url else None)
    with jobs.running(str(job.pk)) as progress:
        progress(40, 100, "import")
        page.wait_for_selector('[data-status="running"]', timeout=10_000)
        assert page.locator("progress").get_attribute("value") == "40"
        progress.result = {"url": "/networks/"}
    page.wait_for_selector('[data-status="done"]', timeout=10_000)
    assert page.locator('#job a[href="/networks/"]').is_visible()
    assert page.url.endswith(job.get_absolute_url())  # no reload: the script swapped it in
    asked = len(requests)
    page.wait_for_timeout(3500)
    assert len(requests) == asked  # a finished job is not polled any more
