"""Public pages for researchers."""

from django.views.generic import TemplateView

from registry.cache import cached_count
from registry.models import Monument


class HomeView(TemplateView):
    template_name = "registry/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["published_count"] = cached_count(
            "home:published", lambda: Monument.objects.published().count())
        return context
