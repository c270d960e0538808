from django.urls import path

from . import views

app_name = "reports"
urlpatterns = [
    path("networks/<slug:slug>/reports/", views.report_list, name="list"),
    path("networks/<slug:slug>/reports/<int:year>/", views.report_page, name="report"),
    path("networks/<slug:slug>/reports/<int:year>/autosave/", views.autosave, name="autosave"),
    path("networks/<slug:slug>/reports/<int:year>/save/", views.save, name="save"),
    path("networks/<slug:slug>/reports/<int:year>/send/", views.send, name="send"),
    path("networks/<slug:slug>/reports/<int:year>/versions/<int:number>/comment/",
         views.comment, name="comment"),
    path("networks/<slug:slug>/reports/<int:year>/versions/<int:number>/decide/",
         views.decide, name="decide"),
    path("networks/<slug:slug>/reports/<int:year>/report.<str:fmt>", views.download,
         name="download"),
    path("networks/<slug:slug>/reports/<int:year>/generate/", views.generate, name="generate"),
    path("networks/<slug:slug>/reports/<int:year>/jobs/<uuid:job_id>/", views.job_file,
         name="job_file"),
    path("reports/<int:year>/cross-case/", views.crosscase_page, name="crosscase"),
    path("reports/<int:year>/cross-case/report.<str:fmt>", views.crosscase_download,
         name="crosscase_download"),
]
