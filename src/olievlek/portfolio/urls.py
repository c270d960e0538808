from django.urls import path

from . import views

app_name = "portfolio"

urlpatterns = [
    path("olievlek/", views.all_networks, name="all"),
    path("olievlek/download/<slug:name>.<str:ext>", views.all_download, name="all_download"),
    path("networks/<slug:slug>/olievlek/", views.olievlek, name="olievlek"),
    path("networks/<slug:slug>/olievlek/download/<slug:name>.<str:ext>", views.network_download,
         name="download"),
    path("networks/<slug:slug>/portfolio/", views.portfolio, name="list"),
    path("networks/<slug:slug>/portfolio/new/", views.object_edit, name="new"),
    path("networks/<slug:slug>/portfolio/<str:object>/", views.object_page, name="object"),
    path("networks/<slug:slug>/portfolio/<str:object>/edit/", views.object_edit, name="edit"),
    path("networks/<slug:slug>/portfolio/<str:object>/uses/<int:pk>/delete/", views.delete_use,
         name="delete_use"),
    path("networks/<slug:slug>/portfolio/<str:object>/download/<slug:name>.<str:ext>",
         views.object_download, name="object_download"),
    path("networks/<slug:slug>/portfolio/<str:object>/file/", views.object_file, name="file"),
    path("use/<str:token>/", views.follow_up, name="follow_up"),
]
