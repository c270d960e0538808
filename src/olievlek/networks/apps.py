from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworksConfig(AppConfig):
    name = "olievlek.networks"
    verbose_name = _("Networks")

    def ready(self) -> None:
        from olievlek import derived

        derived.connect_signals()
