from django.urls import path

from . import views
from .api import api

app_name = "surveys"

urlpatterns = [
    path("api/v1/", api.urls),
    path("q/<str:token>/", views.questionnaire, name="questionnaire"),
    path("networks/<slug:slug>/waves/", views.wave_list, name="waves"),
    path("networks/<slug:slug>/waves/new/", views.wave_new, name="wave_new"),
    path("networks/<slug:slug>/waves/responses.<str:fmt>", views.export, name="network_export"),
    path("networks/<slug:slug>/waves/<str:label>/responses/", views.wave_responses, name="responses"),
    path("networks/<slug:slug>/waves/<str:label>/responses/action/", views.wave_action, name="action"),
    path("networks/<slug:slug>/waves/<str:label>/responses.<str:fmt>", views.export, name="export"),
]
