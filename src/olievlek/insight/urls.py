from django.urls import path, re_path

from . import views

WAVE = r"^networks/(?P<slug>[-\w]+)/waves/(?P<label>[^/]+)/"
ITEM = r"(?P<item>[a-z_]+)\.(?P<ext>svg|png|csv|xlsx)$"

urlpatterns = [
    re_path(WAVE + r"(?P<page>sociogram|leadership|islands)/$", views.wave_page,
            name="insight-wave"),
    re_path(WAVE + r"(?P<page>sociogram|leadership|islands)/" + ITEM, views.wave_download,
            name="insight-wave-download"),
    re_path(WAVE + r"export\.(?P<fmt>graphml|gexf|net|dl)$", views.wave_export,
            name="insight-export"),
    re_path(WAVE + r"visibility/$", views.wave_visibility, name="insight-visibility"),
    path("networks/<slug:slug>/change/", views.change_page, name="insight-change"),
    re_path(r"^networks/(?P<slug>[-\w]+)/change/" + ITEM, views.change_download,
            name="insight-change-download"),
    path("networks/<slug:slug>/figures/", views.figures_page, name="insight-figures"),
    re_path(r"^networks/(?P<slug>[-\w]+)/figures/" + ITEM, views.figures_download,
            name="insight-figures-download"),
    path("networks/<slug:slug>/insight/", views.insight_home, name="insight-home"),
]
