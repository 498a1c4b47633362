"""Links that work from outside the site: e-mail and SMS are read in a mail client or on a
phone, where a path such as `/messages/m/<token>/` opens nothing. They carry absolute links
built from the configured site address (settings.THIDUA_SITE_URL); in-app pages keep
relative links."""

import re

from thidua.core.links import DEFAULT_SITE_URL, site_url

__all__ = ["DEFAULT_SITE_URL", "absolute_links", "absolute_url", "site_url"]

# A site path standing alone: at the start of a line or after a space or an opening
# bracket, "/" then a letter (never "30/9/2024", "và/hoặc" or a lone "/").
_SITE_PATH = re.compile(r"(?:(?<=^)|(?<=[\s(“\"]))/[A-Za-z][\w\-./%?=&#~]*", re.MULTILINE)


def absolute_url(path: str) -> str:
    """`path` (a site path such as "/messages/m/abc") as an absolute link; an absolute link
    is returned unchanged."""
    if not path.startswith("/") or path.startswith("//"):
        return path
    return site_url() + path


def absolute_links(text: str) -> str:
    """Every site path standing alone in `text` made absolute (for an e-mail's body)."""
    return _SITE_PATH.sub(lambda m: absolute_url(m.group(0)), text)
