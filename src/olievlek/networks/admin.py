"""The admin: a researcher's back door to correct single records. Changes to people are
written to the audit log, as every change of personal data must be. Deleting a person (one, or
several with the bulk action) or a network erases each person through
``networks.actions.erase_person``, as `olievlek erase-person` does."""

from django.contrib import admin

from olievlek.accounts import audit

from . import actions
from .models import Membership, Network, Organisation, Person, Unit


class AuditedAdmin(admin.ModelAdmin):
    """Logs every save and delete of a record holding personal data."""

    object_type = ""

    def _network_slug(self, obj) -> str:
        return obj.network.slug

    def _key(self, obj) -> str:
        return obj.key

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        audit.log(
            audit.actor_of(request.user),
            "admin_change" if change else "admin_add",
            network_slug=self._network_slug(obj),
            object_type=self.object_type,
            object_key=self._key(obj),
            detail=", ".join(form.changed_data),
        )

    def delete_model(self, request, obj):
        slug, key = self._network_slug(obj), self._key(obj)
        super().delete_model(request, obj)
        audit.log(audit.actor_of(request.user), "admin_delete", network_slug=slug,
                  object_type=self.object_type, object_key=key)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_model(request, obj)


class ErasingAdmin(admin.ModelAdmin):
    """Deleting here (one record, or several with the bulk action) calls ``erase`` for each."""

    def erase(self, request, obj) -> None:
        raise NotImplementedError

    def delete_model(self, request, obj):
        self.erase(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in list(queryset):
            self.erase(request, obj)


@admin.register(Network)
class NetworkAdmin(ErasingAdmin):
    list_display = ["slug", "name", "sector", "region", "coordinator_sees_names"]
    list_filter = ["sector"]
    search_fields = ["slug", "name", "region", "theme"]

    def erase(self, request, obj):
        actions.erase_network(obj, actor=audit.actor_of(request.user))


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "key", "network", "type", "sector", "member"]
    list_filter = ["network", "type", "member"]
    search_fields = ["name", "key"]


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["unit"]


@admin.register(Person)
class PersonAdmin(ErasingAdmin, AuditedAdmin):
    object_type = "person"
    list_display = ["key", "name", "pseudonym", "network", "function", "sector"]
    list_filter = ["network", "sector"]
    search_fields = ["key", "name", "pseudonym", "email"]
    autocomplete_fields = ["organisation"]
    inlines = [MembershipInline]

    def erase(self, request, obj):
        actions.erase_person(obj, actor=audit.actor_of(request.user))

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        if formset.has_changed():
            audit.log(audit.actor_of(request.user), "admin_change",
                      network_slug=form.instance.network.slug, object_type="membership",
                      object_key=form.instance.key, detail="memberships edited with the person")


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["key", "name", "network", "kind", "process", "level", "parent"]
    list_filter = ["network", "process", "level"]
    search_fields = ["key", "name", "kind"]
    autocomplete_fields = ["parent"]


@admin.register(Membership)
class MembershipAdmin(AuditedAdmin):
    object_type = "membership"
    list_display = ["person", "unit", "role", "start", "end"]
    list_filter = ["unit__network", "role"]
    search_fields = ["person__name", "person__key", "unit__name", "role"]
    autocomplete_fields = ["person", "unit"]

    def _network_slug(self, obj) -> str:
        return obj.person.network.slug

    def _key(self, obj) -> str:
        return f"{obj.person.key}@{obj.unit.key}"
