"""The project's URLs, minus apps whose urls module does not exist yet on this branch.

Used only while another branch still owns a missing ``<app>/urls.py``; with every app present
the insight tests run against ``olievlek.urls`` itself (see conftest.py).
"""

from importlib.util import find_spec

from django.urls import include, path

urlpatterns = [
    path("accounts/", include("olievlek.accounts.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("olievlek.insight.urls")),
]
for app in ("networks", "surveys", "participants"):
    if find_spec(f"olievlek.{app}.urls") is not None:
        urlpatterns.append(path("", include(f"olievlek.{app}.urls")))
