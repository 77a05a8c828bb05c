"""Releases: dated, immutable snapshots of the published data (registry/releases.py)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Release(models.Model):
    """A release made by `manage.py make_release`; its files live in RELEASES_ROOT/<version>/.

    A row is written once, with the files; neither is ever changed afterwards.
    """

    version = models.CharField(
        _("version"), max_length=40, unique=True,
        help_text=_("The release date, with a suffix when there are several on one day: "
                    "2026-11-27, 2026-11-27.2."),
    )
    created_at = models.DateTimeField(_("created at"))
    as_of = models.DateField(_("data as of"))
    monument_count = models.PositiveIntegerField(_("published monuments"))
    counts = models.JSONField(_("counts"), default=dict,
                              help_text=_("Totals by year and by sponsor category."))
    manifest_sha256 = models.CharField(
        _("SHA-256 of SHA256SUMS"), max_length=64,
        help_text=_("Checksum of the checksum file: one value that fixes every file."),
    )
    path = models.CharField(_("folder"), max_length=200,
                            help_text=_("Relative to RELEASES_ROOT."))
    files = models.JSONField(_("files"), default=list,
                             help_text=_("Name, size and SHA-256 of each file."))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("created by"),
    )

    class Meta:
        ordering = ["-created_at", "-version"]
        verbose_name = _("release")
        verbose_name_plural = _("releases")
        constraints = [
            models.CheckConstraint(condition=models.Q(version__regex=r"^\d{4}-\d{2}-\d{2}(\.\d+)?$"),
                                   name="release_version_format"),
        ]

    def __str__(self) -> str:
        return self.version
