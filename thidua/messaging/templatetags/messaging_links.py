"""`site_links`: a message's body with its site paths ("/party/campaigns/3/answers/") as
links the member can click; everything else escaped."""

import re

from django import template
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

_SITE_PATH = re.compile(r"(?:(?<=^)|(?<=\s))/[A-Za-z][\w\-./%?=&#~]*", re.MULTILINE)


@register.filter(needs_autoescape=False)
def site_links(text: str) -> SafeString:
    out, last = [], 0
    text = str(text or "")
    for m in _SITE_PATH.finditer(text):
        out.append(escape(text[last : m.start()]))
        out.append(format_html('<a href="{}">{}</a>', m.group(0), m.group(0)))
        last = m.end()
    out.append(escape(text[last:]))
    return mark_safe("".join(out))  # noqa: S308 - every piece escaped above
