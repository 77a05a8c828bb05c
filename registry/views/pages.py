"""Plain pages: about and methodology."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language
from django.views import View

from registry import stats
from registry.views.common import Filtering
from registry.views.statistics import new_monuments_filtering


class AboutView(View):
    """What the registry counts and how; the prose is written per language."""

    template_name = "registry/about.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        since_filtering = new_monuments_filtering(
            Filtering({"year_min": str(stats.FIRST_YEAR)}))
        language = "ru" if get_language() == "ru" else "en"
        return render(request, self.template_name, {
            "methodology_template": f"registry/about/methodology_{language}.html",
            "new_since_1995": stats.total(since_filtering.queryset),
            "new_since_1995_url": since_filtering.url(),
            "site_url": settings.SITE_URL,
            "corrections_contact": settings.CORRECTIONS_URL,
            "corrections_contact_label": settings.CORRECTIONS_URL.removeprefix("mailto:"),
        })
