from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    name = "registry"
    verbose_name = _("Stalin Monument Registry")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from registry import signals  # noqa: F401  (connects the derived-field updates)
