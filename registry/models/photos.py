"""Photos of monuments, hosted by the registry with their author and licence."""

import uuid
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from registry.choices import PhotoLicence

MAX_PHOTO_BYTES = 15 * 1024 * 1024


def photo_path(photo: "Photo", filename: str) -> str:
    # A random name: the uploader's file name may say more than it should, and never clashes.
    suffix = PurePath(filename).suffix.lower()
    return f"photos/{photo.monument.public_id}/{uuid.uuid4().hex}{suffix}"


def validate_photo_size(file) -> None:
    if file.size > MAX_PHOTO_BYTES:
        raise ValidationError(_("A photo may be at most %(mb)d MB.")
                              % {"mb": MAX_PHOTO_BYTES // (1024 * 1024)})


class Photo(models.Model):
    monument = models.ForeignKey(
        "registry.Monument", on_delete=models.CASCADE, related_name="photos",
        verbose_name=_("monument"),
    )
    image = models.ImageField(
        _("image"), upload_to=photo_path,
        validators=[FileExtensionValidator(["jpg", "jpeg", "png", "webp"]), validate_photo_size],
        help_text=_("JPEG, PNG or WebP, at most 15 MB."),
    )
    caption_en = models.CharField(_("caption (English)"), max_length=500, blank=True)
    caption_ru = models.CharField(_("caption (Russian)"), max_length=500, blank=True)
    author = models.CharField(_("author"), max_length=300,
                              help_text=_("Who took the photo, as they wish to be credited."))
    licence = models.CharField(_("licence"), max_length=20, choices=PhotoLicence.choices)
    source_url = models.URLField(_("source URL"), max_length=1000, blank=True,
                                 help_text=_("Where the photo was published, if anywhere."))
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("uploaded by"), editable=False,
    )
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("photo")
        verbose_name_plural = _("photos")

    def __str__(self) -> str:
        return self.caption or f"{self._meta.verbose_name} {self.pk}"

    @property
    def caption(self) -> str:
        if get_language() == "ru":
            return self.caption_ru or self.caption_en
        return self.caption_en or self.caption_ru
