"""Events in a monument's life, dated with EDTF."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from registry.choices import DatePrecision, EventKind
from registry.dates import EDTFError, parse_date_range


class Event(models.Model):
    """Something that happened to a monument: proposed, installed, removed, relocated…"""

    monument = models.ForeignKey(
        "registry.Monument", on_delete=models.CASCADE, related_name="events",
        verbose_name=_("monument"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=EventKind.choices)
    date = models.CharField(
        _("date (EDTF)"),
        max_length=40,
        blank=True,
        help_text=_("2019, 2019-05, 2019-05-09, 2019~ (about), 201X (the 2010s); "
                    "empty when no source gives a date."),
    )
    date_earliest = models.DateField(_("earliest date"), null=True, blank=True, editable=False)
    date_latest = models.DateField(_("latest date"), null=True, blank=True, editable=False)
    date_precision = models.CharField(
        _("date precision"), max_length=12, choices=DatePrecision.choices,
        default=DatePrecision.UNKNOWN, editable=False,
    )
    description_en = models.TextField(_("description (English)"), blank=True)
    description_ru = models.TextField(_("description (Russian)"), blank=True)
    actors = models.ManyToManyField(
        "registry.Actor", blank=True, related_name="events", verbose_name=_("actors")
    )

    history = HistoricalRecords(m2m_fields=[actors])

    class Meta:
        ordering = ["date_earliest", "pk"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(date_earliest__isnull=True)
                | models.Q(date_earliest__gte="1900-01-01", date_latest__lte="2100-12-31",
                           date_earliest__lte=models.F("date_latest")),
                name="event_dates_plausible",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.date}".strip()

    def save(self, *args, **kwargs) -> None:
        self.date = self.date.strip()
        span = parse_date_range(self.date)
        self.date_earliest, self.date_latest, self.date_precision = (
            span.earliest, span.latest, span.precision,
        )
        super().save(*args, **kwargs)

    def clean(self) -> None:
        try:
            parse_date_range(self.date)
        except EDTFError as error:
            raise ValidationError({"date": str(error)}) from error
