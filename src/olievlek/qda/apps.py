from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QdaConfig(AppConfig):
    name = "olievlek.qda"
    label = "qda"
    verbose_name = _("Qualitative coding")
