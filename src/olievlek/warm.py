"""Warm a web process before its first request: the first request after `olievlek serve`
started used to take 1.6-2.5 s (importing pandas, igraph and matplotlib, compiling templates,
loading translations and the map). ``olievlek.wsgi`` calls :func:`warm` when the application
is loaded: `olievlek serve` runs gunicorn with ``--preload``, so that happens once, before the
port opens, and the workers forked afterwards start warm. ``OLIEVLEK_WARM=0`` skips it.
"""

from __future__ import annotations

import logging
import time
from pathlib import Path

log = logging.getLogger("olievlek.warm")


def _templates() -> int:
    """Compile every template once (the cached loader keeps them for the process)."""
    from django.apps import apps
    from django.conf import settings
    from django.template import TemplateDoesNotExist, TemplateSyntaxError
    from django.template.loader import get_template

    engines: list[dict] = list(settings.TEMPLATES)
    folders = [Path(d) for t in engines for d in t.get("DIRS", [])]

    folders += [Path(app.path) / "templates" for app in apps.get_app_configs()
                if app.name.startswith("olievlek")]
    n = 0
    for folder in folders:
        for path in folder.rglob("*.html"):
            try:
                get_template(path.relative_to(folder).as_posix())
                n += 1
            except (TemplateDoesNotExist, TemplateSyntaxError):  # pragma: no cover - a broken one shows at use
                pass
    return n


def warm() -> float:
    """Import every view and the libraries they use, compile the templates, load both
    languages' translations and the map data. Returns the seconds it took."""
    start = time.perf_counter()
    from django.conf import settings
    from django.urls import get_resolver
    from django.utils import translation

    get_resolver().url_patterns  # noqa: B018 - imports every urls module and its views
    import igraph  # noqa: F401
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    Figure()  # font manager and rc settings
    import olievlek.analysis
    import olievlek.tables  # noqa: F401
    from olievlek.spread import municipalities
    from olievlek.spread.maps import geometry

    municipalities()
    geometry()
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            translation.gettext("Networks")
    templates = _templates()
    from django.db import connections

    connections.close_all()  # gunicorn forks workers from this process: no shared connection
    took = time.perf_counter() - start
    log.info("warmed in %.2f s (%d templates)", took, templates)
    return took
