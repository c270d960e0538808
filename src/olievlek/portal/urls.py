from django.contrib.sitemaps import views as sitemap_views
from django.urls import path

from . import oai, sitemaps, views

app_name = "portal"

urlpatterns = [
    path("portaal/", views.home, name="home"),
    path("oai/", oai.endpoint, name="oai"),  # OAI-PMH 2.0 for harvesters (portal.oai)
    path("sitemap.xml", sitemaps.index, name="sitemap"),
    path("sitemap-<section>.xml", sitemap_views.sitemap, {"sitemaps": sitemaps.SITEMAPS},
         name="sitemap_section"),
    path("robots.txt", sitemaps.robots_txt, name="robots"),
    path("portaal/zoeken/", views.search_page, name="search"),
    path("portaal/mensen/<int:pk>/", views.person, name="person"),
    path("portaal/mensen/<int:pk>/contact/", views.contact, name="contact"),
    path("portaal/groepen/<int:pk>/", views.group, name="group"),
    path("portaal/producten/<int:pk>/", views.product, name="product"),
    path("portaal/producten/<int:pk>/download/", views.download, name="download"),
    path("portaal/profiel/<str:token>/", views.own_profile, name="own_profile"),
    path("networks/<slug:slug>/portaal/", views.manage, name="manage"),
    path("networks/<slug:slug>/portaal/instellingen/", views.manage_portal, name="manage_portal"),
    path("networks/<slug:slug>/portaal/groepen/<str:key>/", views.manage_unit, name="manage_unit"),
    path("networks/<slug:slug>/portaal/producten/<str:key>/", views.manage_object,
         name="manage_object"),
    path("networks/<slug:slug>/portaal/mensen/<str:key>/uitnodigen/", views.manage_invite,
         name="manage_invite"),
]
