from django.urls import path

from . import views

app_name = "governance"

urlpatterns = [
    path("networks/<slug:slug>/governance/", views.overview, name="overview"),
    path("networks/<slug:slug>/governance/rules/", views.rules_edit, name="rules"),
    path("networks/<slug:slug>/governance/fees/<int:year>/", views.fees_edit, name="fees"),
    path("networks/<slug:slug>/governance/apply/", views.apply, name="apply"),
    path("networks/<slug:slug>/governance/type/", views.type_change, name="type"),
    path("networks/<slug:slug>/governance/decision/", views.decision_new, name="decision"),
]
