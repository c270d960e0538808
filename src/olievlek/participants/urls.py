from django.urls import path

from . import views

app_name = "participants"

urlpatterns = [
    path("participants/", views.all_page, name="all"),
    path("participants/references/", views.references, name="references"),
    path("participants/references/<int:pk>/delete/", views.reference_delete, name="reference_delete"),
    path("participants/checked/", views.check_finding, name="check_finding"),
    path("participants/download/<slug:name>.<str:ext>", views.all_download, name="all_download"),
    path("networks/<slug:slug>/participants/", views.network_page, name="network"),
    path("networks/<slug:slug>/participants/expertise/", views.expertise, name="expertise"),
    path("networks/<slug:slug>/participants/download/<slug:name>.<str:ext>", views.network_download,
         name="network_download"),
]
