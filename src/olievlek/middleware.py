"""Requests carrying a NUL character are refused up front, the same on SQLite and PostgreSQL:
a NUL in the URL, the query string or a form field would otherwise reach a lookup, where
PostgreSQL raises an error (a 500) and SQLite quietly answers. Only NUL: other control
characters are refused where text is stored, field by field (``olievlek.package.text_problem``),
so a respondent sees which answer to fix. JSON bodies are checked by the API's schemas and
workflows."""

from __future__ import annotations

from django.http import HttpResponseBadRequest, JsonResponse
from django.utils.translation import gettext as _


def _has_nul(request) -> str | None:
    """The first place holding a NUL ('path', 'query' or a form field's name), or None."""
    if "\x00" in request.path:
        return "path"
    for name, values in request.GET.lists():
        if "\x00" in name or any("\x00" in v for v in values):
            return "query"
    # Form fields of the web pages only: the API reads its body itself (JSON, checked by its
    # schemas), and parsing request.POST here would consume the stream it reads.
    if request.method == "POST" and not request.path.startswith("/api/") and request.content_type in (
        "application/x-www-form-urlencoded", "multipart/form-data"
    ):
        for name, values in request.POST.lists():
            if "\x00" in name or any("\x00" in v for v in values):
                return "form" if "\x00" in name else name
    return None


class RefuseNulMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        where = _has_nul(request)
        if where is None:
            return self.get_response(request)
        message = _("The request contains a NUL character, which cannot be stored.")
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": message, "errors": {where: message}}, status=400)
        return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")
