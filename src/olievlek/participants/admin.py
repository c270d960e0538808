from django.contrib import admin

from .models import CheckedFinding, ExpertiseSorting, ReferencePopulation


@admin.register(ReferencePopulation)
class ReferencePopulationAdmin(admin.ModelAdmin):
    list_display = ("name", "network", "variable", "created_by", "created_at")
    list_filter = ("variable",)


@admin.register(ExpertiseSorting)
class ExpertiseSortingAdmin(admin.ModelAdmin):
    list_display = ("person", "kinds", "changed_by", "changed_at")


@admin.register(CheckedFinding)
class CheckedFindingAdmin(admin.ModelAdmin):
    list_display = ("kind", "network_slug", "subject", "checked_by", "checked_at")
