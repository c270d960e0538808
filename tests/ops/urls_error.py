"""A URL that fails, to see the product's 500 page and its log line."""

from django.urls import include, path


def fail(request):
    raise RuntimeError("boom in a view")


urlpatterns = [path("fail/", fail), path("", include("olievlek.urls"))]
handler500 = "olievlek.ops.views.server_error"
