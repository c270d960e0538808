from django.urls import path

from . import views
from .api import api

urlpatterns = [
    path("api/v1/", api.urls),
    path("q/<str:token>/", views.questionnaire, name="surveys_questionnaire"),
    path("networks/<slug:slug>/waves/", views.wave_list, name="surveys_waves"),
    path("networks/<slug:slug>/waves/new/", views.wave_new, name="surveys_wave_new"),
    path("networks/<slug:slug>/waves/responses.<str:fmt>", views.export, name="surveys_network_export"),
    path("networks/<slug:slug>/waves/<str:label>/responses/", views.wave_responses, name="surveys_responses"),
    path("networks/<slug:slug>/waves/<str:label>/responses/action/", views.wave_action, name="surveys_action"),
    path("networks/<slug:slug>/waves/<str:label>/responses.<str:fmt>", views.export, name="surveys_export"),
]
