from django.contrib import admin

from .models import Action, Activity, Attendance, Factor, Rhythm, Round, Score


@admin.register(Activity)
class ActivityAdmin(admin.ModelAdmin):
    list_display = ("key", "date", "title", "network", "kind", "observed")
    list_filter = ("network", "kind", "observed")
    search_fields = ("key", "title")


for model in (Attendance, Rhythm, Factor, Round, Score, Action):
    admin.site.register(model)
