from django.urls import path, re_path

from . import views

urlpatterns = [
    path("networks/", views.network_list, name="network_list"),
    path("networks/<slug:slug>/", views.network_detail, name="network_detail"),
    path(
        "networks/<slug:slug>/coordinator-names/",
        views.set_coordinator_names,
        name="network_coordinator_names",
    ),
    path("networks/<slug:slug>/people/<str:person>/", views.person_detail, name="person_detail"),
    re_path(r"^networks/(?P<slug>[-\w]+)/system-picture\.(?P<ext>svg|png)$",
            views.system_picture_download, name="network_system_picture"),
]
