from django.contrib import admin

from .models import BoundaryObject, Rating, Use


@admin.register(BoundaryObject)
class BoundaryObjectAdmin(admin.ModelAdmin):
    list_display = ("key", "title", "network", "kind", "status", "date")
    list_filter = ("network", "kind", "status")
    search_fields = ("key", "title")


admin.site.register(Rating)
admin.site.register(Use)
