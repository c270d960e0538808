"""Background tasks (run by `olievlek worker`) and the functions pages call to start them.

``enqueue_import`` is the one to use for a large network package uploaded in the browser:
it keeps the upload under MEDIA_ROOT/imports/ for the worker, starts a job and returns it;
redirect the user to ``job.get_absolute_url()`` (``/jobs/<id>/``) to follow it.
"""

from __future__ import annotations

import shutil
import uuid
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _
from django_tasks import task

from . import jobs
from .models import Job

UPLOADS = "imports"


def enqueue_import(upload, *, user=None, network_slug: str | None = None,
                   actor: str = "web import") -> Job:
    """Import a network package (``upload``: an uploaded file or a path to a folder, .zip or
    .xlsx) in the background, all or nothing as `olievlek import` does.

    The worker reads and checks the package, imports it in one transaction, writes the audit
    log as ``actor`` and deletes its copy of the upload. A refused package ends the job as
    failed with every problem (file, row, column, reason) in ``job.result["problems"]``.
    """
    folder = Path(settings.MEDIA_ROOT) / UPLOADS / uuid.uuid4().hex
    folder.mkdir(parents=True, mode=0o700)
    source = Path(upload) if isinstance(upload, (str, Path)) else None
    name = Path(source.name if source else upload.name).name or "package"
    target = folder / name
    if source is None:
        with open(target, "wb") as out:
            out.writelines(upload.chunks())
    elif source.is_dir():
        shutil.copytree(source, target)
    else:
        shutil.copyfile(source, target)
    return jobs.start(
        import_package_task,
        kind="import",
        label=_("Import of %(name)s") % {"name": name},
        user=user,
        path=str(target),
        network_slug=network_slug,
        actor=actor,
    )


@task()
def import_package_task(job_id: str, *, path: str, network_slug: str | None, actor: str) -> None:
    from olievlek.networks.actions import import_package
    from olievlek.package import PackageError, read_package

    try:
        with jobs.running(job_id) as progress:
            try:
                pkg = read_package(path, require_network=network_slug is None)
                network = import_package(
                    pkg, network_slug=network_slug, actor=actor, progress=progress
                )
            except PackageError as exc:
                raise jobs.Failed(
                    _("The package was refused; nothing was imported."),
                    {"problems": [str(p) for p in exc.problems]},
                ) from exc
            progress.result = {
                "network": network.slug,
                "url": f"/networks/{network.slug}/",
                "people": len(pkg.people),
                "ties": len(pkg.ties),
            }
    finally:
        # The upload holds personal data: keep no copy once it has been used.
        shutil.rmtree(Path(path).parent, ignore_errors=True)
