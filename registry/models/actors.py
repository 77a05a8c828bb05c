"""People and organisations that put monuments up, made them, or took them down."""

from django.db import models
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from registry.choices import ActorCategory, ActorKind, Role
from registry.text import unique_slug


class ActorQuerySet(models.QuerySet):
    def with_descendants(self, actor: "Actor") -> "ActorQuerySet":
        """The actor and every actor below it (a party and all its committees)."""
        ids, frontier = {actor.pk}, {actor.pk}
        while frontier:
            frontier = set(self.filter(parent__in=frontier).values_list("pk", flat=True)) - ids
            ids |= frontier
        return self.filter(pk__in=ids)


class Actor(models.Model):
    slug = models.SlugField(_("slug"), max_length=120, unique=True, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=300)
    name_ru = models.CharField(_("name (Russian)"), max_length=300, blank=True)
    kind = models.CharField(
        _("kind"), max_length=20, choices=ActorKind.choices, default=ActorKind.ORGANISATION
    )
    category = models.CharField(
        _("category"),
        max_length=30,
        choices=ActorCategory.choices,
        default=ActorCategory.UNKNOWN,
        db_index=True,
        help_text=_("What counts use: a KPRF committee is KPRF, a KPRF member on his own money "
                    "is a private individual."),
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        help_text=_("The organisation this one belongs to: a KPRF regional committee belongs "
                    "to the KPRF."),
    )
    description_en = models.TextField(_("description (English)"), blank=True)
    description_ru = models.TextField(_("description (Russian)"), blank=True)
    wikidata_id = models.CharField(_("Wikidata item"), max_length=20, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = HistoricalRecords()
    objects = ActorQuerySet.as_manager()

    class Meta:
        ordering = ["name_en"]
        verbose_name = _("actor")
        verbose_name_plural = _("actors")
        # The API's list ETags read the latest change to an actor (api/conditional.py).
        indexes = [models.Index(fields=["updated_at"], name="actor_updated_at")]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(parent=models.F("pk")), name="actor_not_own_parent"
            ),
            models.CheckConstraint(
                condition=models.Q(wikidata_id="") | models.Q(wikidata_id__regex=r"^Q[1-9][0-9]*$"),
                name="actor_wikidata_id_format",
            ),
        ]

    def __str__(self) -> str:
        return self.name_en

    def save(self, *args, **kwargs) -> None:
        if not self.slug:
            self.slug = unique_slug(Actor, self.name_en or self.name_ru, exclude_pk=self.pk)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("registry:actor-detail", kwargs={"slug": self.slug})

    @property
    def name(self) -> str:
        return (self.name_ru or self.name_en) if get_language() == "ru" else self.name_en


class ActorRole(models.Model):
    """What an actor did for a monument: sponsored it, sculpted it, hosted it…"""

    monument = models.ForeignKey(
        "registry.Monument", on_delete=models.CASCADE, related_name="roles",
        verbose_name=_("monument"),
    )
    actor = models.ForeignKey(
        Actor, on_delete=models.PROTECT, related_name="roles", verbose_name=_("actor")
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    position = models.PositiveSmallIntegerField(
        _("position"),
        default=0,
        help_text=_("Order among the monument's roles; the first sponsor is the one counts use."),
    )
    note = models.CharField(_("note"), max_length=300, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("actor role")
        verbose_name_plural = _("actor roles")
        constraints = [
            models.UniqueConstraint(
                fields=["monument", "actor", "role"], name="actor_role_unique_per_monument"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.actor} — {self.get_role_display()}"
