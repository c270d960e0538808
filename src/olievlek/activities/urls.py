from django.urls import path

from . import views

app_name = "activities"

urlpatterns = [
    path("networks/<slug:slug>/activities/", views.activity_list, name="list"),
    path("networks/<slug:slug>/activities/new/", views.activity_edit, name="new"),
    path("networks/<slug:slug>/activities/network/", views.attendance_network, name="network"),
    path("networks/<slug:slug>/activities/download/<slug:name>.csv", views.download, name="download"),
    path("networks/<slug:slug>/activities/rhythm/<str:unit>/", views.rhythm_edit, name="rhythm"),
    path("networks/<slug:slug>/activities/<str:activity>/", views.activity_detail, name="detail"),
    path("networks/<slug:slug>/activities/<str:activity>/edit/", views.activity_edit, name="edit"),
    path("networks/<slug:slug>/activities/<str:activity>/delete/", views.activity_delete, name="delete"),
    path("networks/<slug:slug>/turnover/", views.turnover, name="turnover"),
    path("networks/<slug:slug>/monitor/", views.monitor, name="monitor"),
    path("networks/<slug:slug>/monitor/instrument/", views.instrument, name="instrument"),
    path("networks/<slug:slug>/monitor/instrument/<str:factor>/", views.instrument, name="factor"),
    path("networks/<slug:slug>/monitor/download/<slug:name>.csv", views.sustainability_download,
         name="monitor_download"),
    path("networks/<slug:slug>/monitor/<str:round>/<str:unit>/", views.scores_edit, name="scores"),
    path("networks/<slug:slug>/monitor/score/<int:pk>/action/", views.action_new, name="action"),
    path("networks/<slug:slug>/monitor/action/<int:pk>/", views.action_edit, name="action_edit"),
]
