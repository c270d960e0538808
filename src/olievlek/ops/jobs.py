"""Background jobs with progress: the generic piece.

A workflow that may take long is split in two: ``start(...)`` (in the web request) records a
:class:`~olievlek.ops.models.Job` and enqueues a django-tasks task with the job's id; the task,
run by `olievlek worker`, wraps its work in ``with running(job_id) as progress:`` and calls
``progress(done, total, label)`` as it goes (the same callback type as the command line's
progress bar, so workflow functions need nothing new). The page ``/jobs/<id>/`` shows it.
"""

from __future__ import annotations

import contextlib
import logging
import traceback

from django.core.cache import caches

from olievlek.progress import Progress

from .models import Job

log = logging.getLogger("olievlek.jobs")
PROGRESS_CACHE = "progress"
PROGRESS_TTL = 24 * 3600


def start(task, *, kind: str, label: str, user=None, **kwargs) -> Job:
    """Record a job and enqueue ``task(job_id, **kwargs)``; kwargs must be JSON values."""
    job = Job.objects.create(kind=kind, label=label, user=user)
    result = task.enqueue(str(job.pk), **kwargs)
    Job.objects.filter(pk=job.pk).update(task_id=str(result.id))
    job.task_id = str(result.id)
    return job


def settle(job: Job) -> Job:
    """A job whose task died before it could say so (worker killed, task not importable)
    still shows as failed: ask the task backend when the job looks unfinished."""
    if job.finished or not job.task_id:
        return job
    from django_tasks import default_task_backend
    from django_tasks.base import TaskResultStatus

    try:
        status = default_task_backend.get_result(job.task_id).status
    except Exception:  # result expired or backend unreachable: keep what the job says
        return job
    if status == TaskResultStatus.FAILED:
        Job.objects.filter(pk=job.pk, status__in=[Job.QUEUED, Job.RUNNING]).update(
            status=Job.FAILED, result={"error": "the task failed in the worker"}
        )
        job.refresh_from_db()
    return job


def progress_of(job: Job) -> dict:
    """``{"done", "total", "label"}`` as last reported by the running job."""
    empty = {"done": 0, "total": 0, "label": ""}
    return caches[PROGRESS_CACHE].get(_key(job.pk)) or empty


def _key(job_id) -> str:
    return f"olievlek:job:{job_id}"


class Failed(Exception):
    """Raised by a job for an expected failure: ``message`` and ``result`` are shown as they
    are (e.g. every problem of a refused package), without a traceback in the log."""

    def __init__(self, message: str, result: dict | None = None):
        super().__init__(message)
        self.message = message
        self.result = result or {}


@contextlib.contextmanager
def running(job_id: str):
    """Mark the job running, yield a progress callback; record done or failed at the end.

    The body's return value is stored by assigning ``progress.result = {...}``."""
    Job.objects.filter(pk=job_id).update(status=Job.RUNNING)
    cache = caches[PROGRESS_CACHE]
    state = {"pct": -1}

    def report(done: int, total: int, label: str = "") -> None:
        pct = int(done * 100 / total) if total else 0
        if pct != state["pct"]:  # one cache write per percent, not per row
            state["pct"] = pct
            cache.set(_key(job_id), {"done": done, "total": total, "label": label}, PROGRESS_TTL)

    report.result = {}  # type: ignore[attr-defined]
    progress: Progress = report
    try:
        yield progress
    except Failed as exc:
        Job.objects.filter(pk=job_id).update(
            status=Job.FAILED, message=exc.message, result=exc.result
        )
    except Exception as exc:
        # The log has the traceback (with the job id); the page only says that it failed.
        log.exception("job %s failed", job_id)
        Job.objects.filter(pk=job_id).update(
            status=Job.FAILED,
            message=f"{type(exc).__name__}",
            result={"error": traceback.format_exception_only(exc)[-1].strip()},
        )
    else:
        Job.objects.filter(pk=job_id).update(status=Job.DONE, result=report.result)  # type: ignore[attr-defined]
