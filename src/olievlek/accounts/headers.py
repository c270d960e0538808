"""Response headers Django's SecurityMiddleware does not set: Content-Security-Policy and
Permissions-Policy (Django 5.2 has no CSP of its own).

The policy (``settings.CONTENT_SECURITY_POLICY``) allows scripts, styles, images and fetches
from this site only, and no inline script, event-handler attribute or style attribute: pages
load their behaviour from static files. A view that sets its own header keeps it.

SVG files (charts, sociograms) get a policy of their own: they are documents too when opened
directly, and the charts carry their styles inline, so they may use inline styles but load
and run nothing.
"""

from __future__ import annotations

from django.conf import settings

SVG_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'"


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.headers = {
            "Content-Security-Policy": getattr(settings, "CONTENT_SECURITY_POLICY", ""),
            "Permissions-Policy": getattr(settings, "PERMISSIONS_POLICY", ""),
            "Cross-Origin-Resource-Policy": "same-origin",
        }

    def __call__(self, request):
        response = self.get_response(request)
        if settings.DEBUG and response.status_code >= 400:
            return response  # Django's technical error pages style themselves inline
        if response.get("Content-Type", "").startswith("image/svg") and self.headers[
                "Content-Security-Policy"]:
            response.setdefault("Content-Security-Policy", SVG_POLICY)
        for name, value in self.headers.items():
            if value and name not in response:
                response[name] = value
        return response
