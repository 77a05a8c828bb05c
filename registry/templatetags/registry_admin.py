"""Template tags for the curators' admin."""

from django import template
from django.urls import reverse

from registry.queues import queue_counts

register = template.Library()


@register.inclusion_tag("admin/registry/work_queues.html", takes_context=True)
def work_queues(context) -> dict:
    """The work queues with their counts, each linking to the records in it."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.has_perm("registry.view_monument"):
        return {"queues": []}
    changelist = reverse("admin:registry_monument_changelist")
    return {"queues": [(queue, count, f"{changelist}?queue={queue.name}")
                       for queue, count in queue_counts()]}
