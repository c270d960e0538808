from django.urls import path, re_path

from . import manage, search, views

urlpatterns = [
    path("networks/", views.network_list, name="network_list"),
    # Before the network pages: "new" and "import" are reserved slugs (models.RESERVED_SLUGS).
    path("networks/new/", manage.network_create, name="network_create"),
    path("networks/import/", manage.upload_package, name="network_import_new"),
    path("networks/<slug:slug>/", views.network_detail, name="network_detail"),
    path(
        "networks/<slug:slug>/coordinator-names/",
        views.set_coordinator_names,
        name="network_coordinator_names",
    ),
    path("networks/<slug:slug>/edit/", manage.network_edit, name="network_edit"),
    path("networks/<slug:slug>/import/", manage.upload_package, name="network_import"),
    path("networks/<slug:slug>/add/organisation/", manage.organisation_form, name="organisation_add"),
    path("networks/<slug:slug>/add/unit/", manage.unit_form, name="unit_add"),
    path("networks/<slug:slug>/add/person/", manage.person_form, name="person_add"),
    path("networks/<slug:slug>/organisations/<str:organisation>/edit/", manage.organisation_form,
         name="organisation_edit"),
    path("networks/<slug:slug>/units/", manage.unit_list, name="network_units"),
    path("networks/<slug:slug>/units/<str:unit>/", manage.unit_detail, name="unit_detail"),
    path("networks/<slug:slug>/units/<str:unit>/edit/", manage.unit_form, name="unit_edit"),
    path("networks/<slug:slug>/people/<str:person>/", views.person_detail, name="person_detail"),
    path("networks/<slug:slug>/people/<str:person>/edit/", manage.person_form, name="person_edit"),
    path("networks/<slug:slug>/people/<str:person>/add-membership/", manage.membership_form,
         name="membership_add"),
    path("networks/<slug:slug>/memberships/<int:pk>/edit/", manage.membership_form,
         name="membership_edit"),
    path("networks/<slug:slug>/memberships/<int:pk>/delete/", manage.membership_delete,
         name="membership_delete"),
    path("search/", search.search, name="search"),
    re_path(r"^networks/(?P<slug>[-\w]+)/system-picture\.(?P<ext>svg|png)$",
            views.system_picture_download, name="network_system_picture"),
]
