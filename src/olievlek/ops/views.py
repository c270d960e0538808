"""The health endpoint and the page that follows a background job."""

from __future__ import annotations

import logging
import uuid

from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.db import connection
from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from olievlek.accounts.access import job_for

from .jobs import progress_of, settle

log = logging.getLogger("olievlek.health")


@never_cache
def health(request):
    """200 ``{"status": "ok", ...}`` when the database and the cache answer; 503 naming what
    failed otherwise. No login, and nothing about people: load balancers and monitors poll it."""
    checks = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        checks["database"] = "ok"
    except Exception:
        log.exception("health: database check failed")
        checks["database"] = "failed"
    try:
        key = f"olievlek:health:{uuid.uuid4().hex}"
        cache.set(key, "1", 10)
        ok = cache.get(key) == "1"
        cache.delete(key)
        checks["cache"] = "ok" if ok else "failed"
    except Exception:
        log.exception("health: cache check failed")
        checks["cache"] = "failed"
    failed = sorted(name for name, state in checks.items() if state != "ok")
    body = {"status": "ok" if not failed else "failed", "checks": checks}
    if failed:
        body["failed"] = failed
    return JsonResponse(body, status=503 if failed else 200)


@login_required
@never_cache
def job_detail(request, job_id):
    try:
        uuid.UUID(str(job_id))
    except ValueError:
        raise Http404 from None
    job = settle(job_for(request, job_id))
    progress = progress_of(job)
    percent = int(progress["done"] * 100 / progress["total"]) if progress["total"] else 0
    if job.status == job.DONE:
        percent = 100
    context = {"job": job, "progress": progress, "percent": percent}
    if request.GET.get("partial"):
        return render(request, "ops/job_status.html", context)
    return render(request, "ops/job.html", context)


def server_error(request):
    """The 500 page with the request id, so a user can quote it and the log line be found.
    Renders 500.html without context processors: they may be what failed."""
    from django.http import HttpResponseServerError
    from django.template import loader

    from .requestid import current

    html = loader.get_template("500.html").render({"request_id": current()})
    return HttpResponseServerError(html)
