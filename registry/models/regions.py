"""Regions: first-level subdivisions with their ISO 3166-2 codes."""

from django.db import models
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class Region(models.Model):
    """A federal subject of Russia, a region of Ukraine, or another first-level subdivision.

    Preloaded by a data migration from `registry/data/regions.csv`.
    """

    code = models.CharField(
        _("ISO 3166-2 code"), max_length=6, unique=True, help_text=_("For example RU-VLG or UA-43.")
    )
    country = models.CharField(
        _("country"), max_length=2, help_text=_("ISO 3166-1 alpha-2 code of the recognised state.")
    )
    name_en = models.CharField(_("name (English)"), max_length=100)
    name_ru = models.CharField(_("name (Russian)"), max_length=100)

    class Meta:
        ordering = ["country", "name_en"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(code__regex=r"^[A-Z]{2}-[A-Z0-9]{1,3}$"),
                name="region_code_is_iso_3166_2",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    def get_absolute_url(self) -> str:
        return reverse("registry:region-detail", kwargs={"code": self.code})

    @property
    def name(self) -> str:
        """The name in the active language."""
        return self.name_ru if get_language() == "ru" else self.name_en
