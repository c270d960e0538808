from django.urls import path

from . import pages, views

app_name = "qda"

urlpatterns = [
    path("coding/", pages.overview, name="overview"),
    path("coding/quotes/", pages.quotes, name="quotes"),
    path("coding/co-occurrence/", pages.cooccurrence, name="cooccurrence"),
    path("coding/exchange/", pages.exchange, name="exchange"),
    path("coding/codes.css", views.codes_css, name="codes_css"),
    path("coding/codebook/", views.codebook, name="codebook"),
    path("coding/codes/<str:guid>/", views.code_page, name="code"),
    path("coding/codes/<str:guid>/edit/", views.code_edit, name="code_edit"),
    path("coding/codes/<str:guid>/move/", views.code_move, name="code_move"),
    path("coding/codes/<str:guid>/merge/", views.code_merge, name="code_merge"),
    path("coding/codes/<str:guid>/retire/", views.code_retire, name="code_retire"),
    path("coding/codes/<str:guid>/reactivate/", views.code_reactivate, name="code_reactivate"),
    path("coding/codes/<str:guid>/order/", views.code_order, name="code_order"),
    path("networks/<slug:slug>/sources/", views.source_list, name="sources"),
    # Before the source pages: "new" and "matrix" are no source GUIDs.
    path("networks/<slug:slug>/sources/new/", views.source_add, name="source_add"),
    path("networks/<slug:slug>/sources/matrix/", pages.network_matrix, name="network_matrix"),
    path("networks/<slug:slug>/sources/<str:guid>/", views.source_page, name="source"),
    path("networks/<slug:slug>/sources/<str:guid>/original/", views.source_original,
         name="source_original"),
    path("networks/<slug:slug>/sources/<str:guid>/share/", views.source_share,
         name="source_share"),
    path("networks/<slug:slug>/sources/<str:guid>/replace/", views.source_replace,
         name="source_replace"),
    path("networks/<slug:slug>/sources/<str:guid>/memo/", views.source_memo, name="source_memo"),
    path("networks/<slug:slug>/sources/<str:guid>/assign/", views.assign, name="assign"),
    path("networks/<slug:slug>/sources/<str:guid>/agreement/", views.agreement, name="agreement"),
    path("networks/<slug:slug>/sources/<str:guid>/codings/", views.coding_add, name="coding_add"),
    path("networks/<slug:slug>/sources/<str:guid>/codings/<str:coding>/", views.coding_change,
         name="coding_change"),
    path("networks/<slug:slug>/sources/<str:guid>/codings/<str:coding>/place/",
         views.coding_place, name="coding_place"),
    path("networks/<slug:slug>/sources/<str:guid>/codings/<str:coding>/remove/",
         views.coding_remove, name="coding_remove"),
]
