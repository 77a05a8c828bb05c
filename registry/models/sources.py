"""Sources and the citations that tie them to the claims of a record."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from registry.choices import Claim, SourceKind


class Source(models.Model):
    """A news article, document, post, book… that states something about monuments."""

    kind = models.CharField(_("kind"), max_length=20, choices=SourceKind.choices,
                            default=SourceKind.NEWS)
    title = models.CharField(_("title"), max_length=500)
    author = models.CharField(_("author"), max_length=300, blank=True)
    outlet = models.CharField(_("outlet"), max_length=300, blank=True,
                              help_text=_("The publisher or website, as the source names it."))
    published_on = models.DateField(_("published on"), null=True, blank=True)
    url = models.URLField(_("URL"), max_length=1000, blank=True)
    archived_url = models.URLField(
        _("archived URL"), max_length=1000, blank=True,
        help_text=_("A copy in the Internet Archive or archive.today, in case the original goes."),
    )
    language = models.CharField(_("language"), max_length=8, blank=True,
                                help_text=_("ISO 639-1 code of the text, e.g. ru."))
    derivative = models.BooleanField(
        _("mirror or aggregator"),
        default=False,
        help_text=_("A reprint, mirror or aggregator of another report: weaker evidence."),
    )
    accessed_on = models.DateField(_("accessed on"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-published_on", "title"]
        verbose_name = _("source")
        verbose_name_plural = _("sources")
        # The API's list ETags read the latest change to a source (api/conditional.py).
        indexes = [models.Index(fields=["updated_at"], name="source_updated_at")]
        constraints = [
            # Sources are de-duplicated by URL; offline sources (books, visits) have none.
            models.UniqueConstraint(
                fields=["url"], condition=~models.Q(url=""), name="source_url_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.outlet})" if self.outlet else self.title

    def get_absolute_url(self) -> str:
        return reverse("registry:source-detail", kwargs={"pk": self.pk})


class Citation(models.Model):
    """A source supporting one claim of a monument record, with the passage that says so."""

    monument = models.ForeignKey(
        "registry.Monument", on_delete=models.CASCADE, related_name="citations",
        verbose_name=_("monument"),
    )
    source = models.ForeignKey(
        Source, on_delete=models.PROTECT, related_name="citations", verbose_name=_("source")
    )
    claim = models.CharField(_("claim"), max_length=20, choices=Claim.choices,
                             default=Claim.EXISTENCE)
    event = models.ForeignKey(
        "registry.Event", on_delete=models.CASCADE, null=True, blank=True,
        related_name="citations", verbose_name=_("event"),
        help_text=_("The event this citation supports, if it supports one."),
    )
    role = models.ForeignKey(
        "registry.ActorRole", on_delete=models.CASCADE, null=True, blank=True,
        related_name="citations", verbose_name=_("actor role"),
        help_text=_("The actor role this citation supports, if it supports one."),
    )
    quote = models.TextField(
        _("quote"), blank=True, help_text=_("The supporting passage, in the source's language.")
    )
    locator = models.CharField(_("page or location"), max_length=100, blank=True)
    accessed_on = models.DateField(_("accessed on"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["pk"]
        verbose_name = _("citation")
        verbose_name_plural = _("citations")

    def __str__(self) -> str:
        return f"{self.source} — {self.get_claim_display()}"
