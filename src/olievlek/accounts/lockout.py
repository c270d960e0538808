"""The page django-axes shows once a username is locked out from an address (status 429)."""

from __future__ import annotations

from django.conf import settings
from django.shortcuts import render


def lockout(request, original_response=None, credentials=None):
    minutes = max(1, round(settings.AXES_COOLOFF_TIME.total_seconds() / 60))
    return render(request, settings.AXES_LOCKOUT_TEMPLATE, {"cooloff_minutes": minutes}, status=429)
