"""`site_links`: a message's body with its site paths ("/party/campaigns/3/answers/") as
links the member can click; everything else escaped. A line that reads "Label: /path" (the
plain-text form e-mail and SMS need) shows the label as the link, not the path."""

import re

from django import template
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

_PATH = r"/[A-Za-z][\w\-./%?=&#~]*"
_SITE_PATH = re.compile(rf"(?:(?<=^)|(?<=\s)){_PATH}", re.MULTILINE)
# "Trả lời câu hỏi: /party/campaigns/3/answers/" alone on its line
_LABELLED = re.compile(rf"^(?P<label>[^\n:/]{{1,80}}):[ \t]+(?P<path>{_PATH})[ \t]*$", re.MULTILINE)


@register.filter(needs_autoescape=False)
def site_links(text: str) -> SafeString:
    out, last = [], 0
    text = str(text or "")
    labelled = {m.start("path"): m for m in _LABELLED.finditer(text)}
    for m in _SITE_PATH.finditer(text):
        line = labelled.get(m.start())
        if line is not None:
            out.append(escape(text[last : line.start()]))
            out.append(format_html('<a href="{}">{}</a>', line.group("path"), line.group("label")))
            last = line.end()
            continue
        out.append(escape(text[last : m.start()]))
        out.append(format_html('<a href="{}">{}</a>', m.group(0), m.group(0)))
        last = m.end()
    out.append(escape(text[last:]))
    return mark_safe("".join(out))  # noqa: S308 - every piece escaped above
