"""Keep derived fields (registry/derived.py) in step with the records they come from."""

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone
from simple_history.signals import post_create_historical_record

from registry import cache, derived
from registry.models import Actor, ActorRole, Citation, Event, Monument, Region, Source


@receiver(post_save, sender=Monument)
def monument_saved(sender, instance: Monument, raw: bool = False, **kwargs) -> None:
    if not raw:
        derived.refresh([instance.pk])


@receiver(post_save, sender=Event)
@receiver(post_delete, sender=Event)
@receiver(post_save, sender=ActorRole)
@receiver(post_delete, sender=ActorRole)
def part_changed(sender, instance, raw: bool = False, **kwargs) -> None:
    if not raw:
        derived.refresh([instance.monument_id])


@receiver(post_save, sender=Actor)
def actor_saved(sender, instance: Actor, raw: bool = False, created: bool = False, **kwargs):
    # A new actor has no roles yet; a renamed or recategorised one changes counts and search.
    if not raw and not created:
        derived.refresh(instance.roles.values_list("monument_id", flat=True))


@receiver(post_save, sender=Region)
def region_saved(sender, instance: Region, raw: bool = False, created: bool = False, **kwargs):
    if not raw and not created:
        derived.refresh(instance.monuments.values_list("pk", flat=True))


# Cached counts (registry/cache.py) go stale the moment any part of a record changes.
@receiver(post_save, sender=Monument)
@receiver(post_delete, sender=Monument)
@receiver(post_save, sender=Event)
@receiver(post_delete, sender=Event)
@receiver(post_save, sender=ActorRole)
@receiver(post_delete, sender=ActorRole)
@receiver(post_save, sender=Actor)
@receiver(post_delete, sender=Actor)
@receiver(post_save, sender=Citation)
@receiver(post_delete, sender=Citation)
@receiver(post_save, sender=Source)
@receiver(post_delete, sender=Source)
@receiver(post_save, sender=Region)
@receiver(post_delete, sender=Region)
def records_changed(sender, raw: bool = False, **kwargs) -> None:
    cache.invalidate()


@receiver(m2m_changed, sender=Event.actors.through)
def event_actors_changed(sender, action: str, **kwargs) -> None:
    if action.startswith("post_"):
        cache.invalidate()


@receiver(post_create_historical_record, sender=Monument.history.model)
def monument_version_written(sender, instance: Monument, history_instance, **kwargs) -> None:
    derived.remember_version(instance.pk, history_instance.history_id)


@receiver(post_save, sender=Event)
@receiver(post_delete, sender=Event)
@receiver(post_save, sender=ActorRole)
@receiver(post_delete, sender=ActorRole)
@receiver(post_save, sender=Citation)
@receiver(post_delete, sender=Citation)
def part_touches_monument(sender, instance, raw: bool = False, **kwargs) -> None:
    # A record's events, roles and citations are part of it: changing one, even on its own
    # admin page, changes the record's updated_at, which the API's ETags, `updated_since` and
    # the change feed for mirrors rely on.
    if not raw:
        Monument.objects.filter(pk=instance.monument_id).update(updated_at=timezone.now())
