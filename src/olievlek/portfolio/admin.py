from django.contrib import admin

from olievlek import derived

from .models import BoundaryObject, Rating, Use


@admin.register(BoundaryObject)
class BoundaryObjectAdmin(admin.ModelAdmin):
    list_display = ("key", "title", "network", "kind", "status", "date")
    list_filter = ("network", "kind", "status")
    search_fields = ("key", "title")


admin.site.register(Rating)


@admin.register(Use)
class UseAdmin(admin.ModelAdmin):
    """A use's delete sends no signal (uses are deleted by the hundred thousand on a new
    import), so deleting here marks the network's data as changed itself."""

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        derived.changed(derived.network_of(obj))

    def delete_queryset(self, request, queryset):
        networks = set(queryset.values_list("object__network_id", flat=True))
        super().delete_queryset(request, queryset)
        derived.changed(*networks)
