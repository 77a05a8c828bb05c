"""Template tags for citable numbers: `{% load research %}`."""

from django import template

from registry.citation import CountCitation, cite_count

register = template.Library()


@register.simple_tag(takes_context=True)
def cite_number(context, count: int, params=None, path: str | None = None) -> CountCitation:
    """`{% cite_number count as citation %}` cites a number shown for the page's own filters;
    pass `params` (the records behind a table cell) and `path` (the browse page) to cite a
    cell: `{% cite_number row.count row.params browse_path as citation %}`."""
    request = context["request"]
    return cite_count(request.GET if params is None else params, count,
                      path=request.path if path is None else path)
