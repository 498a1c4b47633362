"""One view serves the full page or, for an htmx request, only its partial."""

from django.shortcuts import render


def render_page(request, template: str, context: dict, *, partial: str | None = None):
    if partial and getattr(request, "htmx", False):
        return render(request, partial, context)
    return render(request, template, context)
