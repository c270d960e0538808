"""URLs for the page tests while the project's networks pages are not in this checkout: the
participants pages with login and language switching, as the project's urls.py has them."""

from django.urls import include, path

urlpatterns = [
    path("accounts/", include("olievlek.accounts.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("olievlek.participants.urls")),
]
