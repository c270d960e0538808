from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

urlpatterns = [
    path("", RedirectView.as_view(url="/networks/", permanent=False)),
    path("accounts/", include("olievlek.accounts.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("", include("olievlek.networks.urls")),
    path("", include("olievlek.surveys.urls")),
    path("", include("olievlek.insight.urls")),
    path("", include("olievlek.participants.urls")),
    path("", include("olievlek.portfolio.urls")),
    path("", include("olievlek.qda.urls")),  # sources and coding (researchers only)
    path("", include("olievlek.activities.urls")),
    path("", include("olievlek.reports.urls")),
    path("", include("olievlek.governance.urls")),
    path("", include("olievlek.portal.urls")),  # /portaal/
    path("", include("olievlek.ops.urls")),  # /health/, /jobs/<id>/
]

handler500 = "olievlek.ops.views.server_error"  # the 500 page shows the request id

if settings.DEBUG:  # pragma: no cover - development convenience only
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
