from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def create_cache_table(using="default", **kwargs):
    """Make the database cache's table (the link-guess limit counts there) on every
    ``migrate``, so that import, serve, demo and tests never meet a missing table. Does
    nothing when the cache is Redis or the table exists."""
    from django.core.management import call_command

    call_command("createcachetable", database=using, verbosity=0)


class SurveysConfig(AppConfig):
    name = "olievlek.surveys"
    verbose_name = _("Surveys")

    def ready(self):
        post_migrate.connect(create_cache_table, sender=self, dispatch_uid="olievlek-cache-table")
