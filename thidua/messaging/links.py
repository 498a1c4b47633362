"""Links that work from outside the site: e-mail and SMS are read in a mail client or on a
phone, where a path such as `/messages/m/<token>/` opens nothing. They carry absolute links
built from the configured site address (settings.THIDUA_SITE_URL); in-app pages keep
relative links."""

import re

from django.conf import settings

DEFAULT_SITE_URL = "http://127.0.0.1:8000"

# A site path standing alone: at the start of a line or after a space or an opening
# bracket, "/" then a letter (never "30/9/2024", "và/hoặc" or a lone "/").
_SITE_PATH = re.compile(r"(?:(?<=^)|(?<=[\s(“\"]))/[A-Za-z][\w\-./%?=&#~]*", re.MULTILINE)


def site_url() -> str:
    return (getattr(settings, "THIDUA_SITE_URL", "") or DEFAULT_SITE_URL).rstrip("/")


def absolute_url(path: str) -> str:
    """`path` (a site path such as "/messages/m/abc") as an absolute link; an absolute link
    is returned unchanged."""
    if not path.startswith("/") or path.startswith("//"):
        return path
    return site_url() + path


def absolute_links(text: str) -> str:
    """Every site path standing alone in `text` made absolute (for an e-mail's body)."""
    return _SITE_PATH.sub(lambda m: absolute_url(m.group(0)), text)
