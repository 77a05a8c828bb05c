"""Published datasets and studies the registry's records can be compared with.

A curator records that a monument is counted in a study's list (with the study's own row
identifier), so the registry's count and the study's can be put side by side, and the records
one has and the other lacks listed (`dataset` and `not_in_dataset` filters, registry/stats.py).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from registry.text import unique_slug


class Dataset(models.Model):
    """A published study or list of monuments, e.g. Arkhipova and Lapshin (Re: Russia, 2025)."""

    slug = models.SlugField(
        _("slug"), max_length=160, unique=True, blank=True,
        help_text=_("The value of the dataset filter, e.g. re-russia-2025."),
    )
    title = models.CharField(_("title"), max_length=500)
    authors = models.CharField(_("authors"), max_length=500, blank=True)
    publisher = models.CharField(_("publisher"), max_length=300, blank=True)
    published_on = models.DateField(_("published on"), null=True, blank=True)
    url = models.URLField(_("URL"), max_length=1000, blank=True)
    citation = models.TextField(
        _("citation"), blank=True, help_text=_("How the study asks to be cited, in full.")
    )
    description = models.TextField(
        _("description"), blank=True,
        help_text=_("What the study counted and how (its inclusion criteria, its period)."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-published_on", "title"]
        verbose_name = _("published dataset")
        verbose_name_plural = _("published datasets")

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs) -> None:
        if not self.slug:
            self.slug = unique_slug(Dataset, self.title, exclude_pk=self.pk)
        super().save(*args, **kwargs)


class DatasetEntry(models.Model):
    """That a monument is counted in a dataset, under the dataset's own row identifier."""

    dataset = models.ForeignKey(
        Dataset, on_delete=models.CASCADE, related_name="entries", verbose_name=_("dataset")
    )
    monument = models.ForeignKey(
        "registry.Monument", on_delete=models.CASCADE, related_name="dataset_entries",
        verbose_name=_("monument"),
    )
    row_id = models.CharField(
        _("row in the dataset"), max_length=100, blank=True,
        help_text=_("The study's own identifier or row number for this monument."),
    )
    note = models.CharField(
        _("note"), max_length=500, blank=True,
        help_text=_("Where the study and the registry disagree (date, place, sponsor)."),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["dataset", "row_id", "pk"]
        verbose_name = _("dataset entry")
        verbose_name_plural = _("dataset entries")
        constraints = [
            models.UniqueConstraint(fields=["dataset", "monument"],
                                    name="dataset_entry_unique_monument"),
            models.UniqueConstraint(fields=["dataset", "row_id"], condition=~models.Q(row_id=""),
                                    name="dataset_entry_unique_row"),
        ]

    def __str__(self) -> str:
        return f"{self.dataset.slug} {self.row_id or '—'}: {self.monument_id}"
