"""Generating a report file in the background (`olievlek worker`), with progress: the page
starts :func:`enqueue_report` and sends the user to the job's page; the finished file is
kept under MEDIA_ROOT/reports/ and served, to the user who started it, by
``views.job_file``."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _
from django_tasks import task

from olievlek.ops import jobs
from olievlek.ops.models import Job

FOLDER = "reports"


def job_path(job_id: str, fmt: str) -> Path:
    return Path(settings.MEDIA_ROOT) / FOLDER / f"{job_id}.{fmt}"


def enqueue_report(network, year: int, fmt: str, *, user, version: int | None = None) -> Job:
    return jobs.start(
        render_report_task, kind="report",
        label=_("Case report %(network)s %(year)s (%(format)s)") % {
            "network": network.name, "year": year, "format": fmt.upper()},
        user=user, slug=network.slug, year=year, fmt=fmt, version=version,
        user_id=user.pk)


@task()
def render_report_task(job_id: str, *, slug: str, year: int, fmt: str, version: int | None,
                       user_id: int) -> None:
    from django.contrib.auth import get_user_model

    from olievlek.accounts.access import viewer
    from olievlek.networks.models import Network

    from .actions import ReportError, render_report

    with jobs.running(job_id) as progress:
        user = get_user_model().objects.get(pk=user_id)
        network = Network.objects.get(slug=slug)
        v = viewer(user)
        if not v.reads_reports_of(network):
            raise jobs.Failed(_("You may not read this report."))
        try:
            body = render_report(network, year, fmt, viewer=v, version_number=version,
                                 progress=progress)
        except (ReportError, RuntimeError) as exc:
            raise jobs.Failed(str(exc)) from exc
        path = job_path(job_id, fmt)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(body)
        progress.result = {
            "url": f"/networks/{slug}/reports/{year}/jobs/{job_id}/", "format": fmt}
