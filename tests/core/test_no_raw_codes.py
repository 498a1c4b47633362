"""Words, not codes (issue 12, point 3): every page, for every role, shows statuses,
channels, actions, rule versions and confidence marks by their Vietnamese labels, people by
their names and numbers the Vietnamese way — never a stored code, a dotted action name, a
`draft → submitted` transition, a `luat-2022` rule id, an English decimal, None/True/False
or a person's login (the demo's accounts) where their name belongs.

The pages are those of the permission matrix (every URL pattern, with the path arguments of
tests/security/targets.py) in its world (the demo ministry plus the roles it lacks); the
Django admin is read by the administrator, and every verbose name of the project's models
must have a Vietnamese translation.
"""

from __future__ import annotations

import importlib
import inspect
import re
from html.parser import HTMLParser

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import models
from django.test import Client
from django.urls import NoReverseMatch, reverse
from django.utils import translation

from tests.security.discovery import pages
from tests.security.targets import resolvers
from tests.security.world import ROLES, build_world

PROJECT_APPS = ("accounts", "assistant", "awards", "core", "emulation", "goals")
PROJECT_APPS += ("messaging", "org", "party")

# Attributes a person reads (tooltips, screen readers, empty fields).
READ_ATTRIBUTES = {"title", "aria-label", "placeholder"}
HIDDEN_TAGS = {"script", "style", "template", "noscript"}
VOID_TAGS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta"}
VOID_TAGS |= {"source", "track", "wbr"}


class _VisibleText(HTMLParser):
    """The text a person sees on a page: element text (not scripts or styles) and the few
    attributes that are read; one chunk per element so a match keeps its context."""

    def __init__(self, hidden=HIDDEN_TAGS):
        super().__init__(convert_charrefs=True)
        self.chunks: list[str] = []
        self._hidden = 0
        self.hidden = hidden

    def handle_starttag(self, tag, attrs):
        if tag in self.hidden:
            self._hidden += 1
        self.chunks.extend(v for k, v in attrs if k in READ_ATTRIBUTES and v)
        self.chunks.append("\n")

    def handle_startendtag(self, tag, attrs):
        self.chunks.extend(v for k, v in attrs if k in READ_ATTRIBUTES and v)
        self.chunks.append("\n")

    def handle_endtag(self, tag):
        if tag in self.hidden and self._hidden:
            self._hidden -= 1
        self.chunks.append("\n")

    def handle_data(self, data):
        if not self._hidden:
            self.chunks.append(data)


def visible_text(html: str, *, hidden=HIDDEN_TAGS) -> str:
    parser = _VisibleText(hidden)
    parser.feed(html)
    parser.close()
    lines = (" ".join(line.split()) for line in "".join(parser.chunks).splitlines())
    return "\n".join(line for line in lines if line)


def stored_codes() -> set[str]:
    """The stored values of every TextChoices of the project (choices.py and models)."""
    codes: set[str] = set()
    for app in PROJECT_APPS:
        try:
            module = importlib.import_module(f"thidua.{app}.choices")
        except ModuleNotFoundError:
            continue
        for value in vars(module).values():
            if inspect.isclass(value) and issubclass(value, models.Choices):
                codes |= {str(v) for v in value.values}
    for model in apps.get_models():
        if model.__module__.startswith("thidua."):
            for field in model._meta.get_fields():
                for value, _label in getattr(field, "flatchoices", None) or ():
                    codes.add(str(value))
    return {c for c in codes if c}


# Stored values that are also ordinary text on a Vietnamese page, each with its reason.
CODES_THAT_ARE_WORDS = {
    "email": "Vietnamese says email for e-mail (Địa chỉ email)",
    "sms": "SMS is the word (upper case; the stored value is lower case)",
    "vi": "a Vietnamese syllable (phạm vi)",
    # The rating levels' own Vietnamese abbreviations: the labels read "Hoàn thành xuất sắc
    # nhiệm vụ (HTXS)" and offices write "tỷ lệ HTXS".
    "HTXS": "Vietnamese abbreviation",
    "HTT": "Vietnamese abbreviation",
    "HT": "Vietnamese abbreviation",
    "KHT": "Vietnamese abbreviation",
}

# Import pages name the columns and values a spreadsheet must have: those are the file's
# format, shown to be typed.
FILE_FORMATS = {
    "awards:registry_import": {"year", "cong_trang", "chuyen_de", "dot_xuat", "nien_han"},
    "party:members_import": {"cell"},
}


def logins() -> set[str]:
    """The demo's accounts (and the two the permission matrix's world adds) that name a
    person: a person is shown by their name, never by the login they sign in with."""
    from tests.security.world import USERNAMES
    from thidua.org.demo import DEMO_LOGINS

    every = {login.username for login in DEMO_LOGINS} | set(USERNAMES.values())
    return every - set(NAMELESS_LOGINS)


# Accounts with no person record and no name, each with its reason: their login is all that
# names them (the home page's greeting, the audit log's "done by"); the world fixture checks
# they are nameless. None since the demo's administrator, a system account with no person in
# the organisation, is named by what it is ("Quản trị hệ thống").
NAMELESS_LOGINS: dict[str, str] = {}
# Pages where an account's login is what is shown, each with its reason (none so far: the
# account's own pages, e.g. its API tokens, name the person).
LOGIN_PAGES: dict[str, str] = {}
# The Django admin is where the administrator manages accounts: its user list, the access log
# of sign-in attempts and every account field (an actor, a role's holder) name an account by
# its login, as Django does, to be chosen and searched by it; the admin scan leaves logins.


def _patterns() -> list[tuple[str, re.Pattern]]:
    from thidua.core.audit_labels import ACTION_LABELS

    codes = sorted(stored_codes() - set(CODES_THAT_ARE_WORDS), key=len, reverse=True)
    # a word, not part of a path, an address or a masked value (the admin's password hash
    # summary shows a random salt as "en*****": its first letters are no code)
    word = r"(?<![\w/@.-]){}(?![\w/@*-])(?!\.\w)"
    actions = sorted(ACTION_LABELS, key=len, reverse=True)
    names = sorted(logins(), key=len, reverse=True)
    return [
        ("login", re.compile(word.format("(?:" + "|".join(map(re.escape, names)) + ")"))),
        ("stored code", re.compile(word.format("(?:" + "|".join(map(re.escape, codes)) + ")"))),
        ("action name", re.compile(word.format("(?:" + "|".join(map(re.escape, actions)) + ")"))),
        ("dotted code", re.compile(r"(?<![\w/@.-])[a-z]+(?:_[a-z]+)*\.[a-z]+_[a-z_]+(?![\w.@/-])")),
        ("transition", re.compile(r"[\w-]+ ?(?:→|->) ?[\w-]+")),
        ("rule version", re.compile(r"\b(?:luat|nd\d+|xep|cau)-[\w-]+")),
        ("English decimal", re.compile(r"(?<![\w.,/:-])\d+\.\d+(?:\.\d+)*(?![\w.,/:-]|\.\d)")),
        ("Python value", re.compile(r"(?<![\w.-])(?:None|True|False)(?![\w-])")),
        ("confidence mark", re.compile(r"(?<![\w./-])[FUM](?![\w./-])")),
    ]


VI_THOUSANDS = re.compile(r"[1-9]\d{0,2}(?:\.\d{3})+")


def _is_code(kind: str, match: str) -> bool:
    if kind == "English decimal":
        return not VI_THOUSANDS.fullmatch(match)
    if kind == "transition":
        # A transition between codes, not an arrow between words or numbers.
        return bool(re.search(r"[a-z]_[a-z]|^[a-z]+ ?(?:→|->) ?[a-z]+$", match)) and all(
            part.strip() in CODE_SET for part in re.split(r"→|->", match)
        )
    return True


CODE_SET: set[str] = set()


def raw_codes(text: str) -> list[tuple[str, str, str]]:
    """(kind, match, context) for every raw code in visible text."""
    found = []
    for kind, pattern in PATTERNS:
        for m in pattern.finditer(text):
            if _is_code(kind, m.group(0)):
                context = text[max(0, m.start() - 40) : m.end() + 40].replace("\n", " | ")
                found.append((kind, m.group(0), context))
    return found


PATTERNS: list[tuple[str, re.Pattern]] = []


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        CODE_SET.clear()
        CODE_SET.update(stored_codes())
        PATTERNS[:] = _patterns()
        world = build_world()
        nameless = get_user_model().objects.filter(username__in=NAMELESS_LOGINS)
        assert not [u.username for u in nameless if hasattr(u, "person") or u.get_full_name()]
        yield world
        call_command("flush", interactive=False, verbosity=0)


def test_the_patterns_find_codes_and_leave_words_alone():
    CODE_SET.update(stored_codes())
    PATTERNS[:] = _patterns()
    leaks = [
        "Trạng thái: draft",
        "proposal.created",
        "draft → submitted",
        "theo luat-2022",
        "Điểm 5.00",
        "tỷ lệ 0.75",
        "None",
        "Độ tin cậy: M",
        "on_track",
        "Đã được bithu duyệt",
        "Người thực hiện: truongdonvi",
        "Xin chào, quantri",
    ]
    for text in leaks:
        assert raw_codes(text), text
    words = [
        "Mã salt: en********************",
        "Ngày 05/01/2025 lúc 08:30",
        "1.234.567 đồng",
        "Điểm 5,00",
        "Hoàn thành 75%",
        "Nghị định 98/2023/NĐ-CP",
        "Địa chỉ email",
        "Bước 1 → Bước 2",
        "nghi-quyet-chi-bo.txt",
        "SMS",
        "canbo@bo.gov.vn",
        "Bí thư chi bộ",
        "Xin chào, Quản trị hệ thống",
    ]
    for text in words:
        assert not raw_codes(text), (text, raw_codes(text))


def _get(client: Client, url: str):
    response = client.get(url)
    if response.status_code != 200 or not response.get("Content-Type", "").startswith("text/html"):
        return None
    if response.streaming:
        return b"".join(response.streaming_content).decode("utf-8", "replace")
    return response.content.decode("utf-8", "replace")


@pytest.mark.django_db
def test_no_page_shows_a_raw_code_to_any_role(world):
    paths = resolvers(world)
    urls = []
    for page in pages():
        try:
            urls.append((page.name, reverse(page.name, kwargs=paths.get(page.name, dict)())))
        except NoReverseMatch:
            continue  # a new page without its path arguments yet: the permission matrix says so
    offenders: list[str] = []
    per_role: dict[str, list[int]] = {}  # role → [pages scanned, raw codes found]
    for role in ROLES:
        client = Client()
        if role != "anonymous":
            client.force_login(world.users[role])
        counts = per_role[role] = [0, 0]
        for name, url in urls:
            html = _get(client, url)
            if html is None:
                continue
            counts[0] += 1
            for kind, match, context in raw_codes(visible_text(html)):
                if kind == "login" and name in LOGIN_PAGES:
                    continue
                if match not in FILE_FORMATS.get(name, ()):
                    counts[1] += 1
                    offenders.append(f"{name} [{role}] {kind} {match!r}: …{context}…")
    scanned = sum(n for n, _c in per_role.values())
    # per role: `-n 0 -s` (or -rP) prints it, xdist workers keep it; a failure says it too
    summary = f"raw codes: {scanned} pages rendered ({len(urls)} URLs × {len(ROLES)} roles)\n"
    summary += "\n".join(f"  {r}: {n} pages, {c} codes" for r, (n, c) in per_role.items())
    print("\n" + summary)
    assert scanned > 300, f"only {scanned} pages rendered\n{summary}"
    assert not offenders, f"{summary}\n{len(offenders)} raw codes:\n" + "\n".join(
        sorted(set(offenders))
    )


@pytest.mark.django_db
def test_the_admin_shows_no_raw_code(world):
    client = Client()
    client.force_login(world.users["admin"])
    offenders: list[str] = []
    urls = [reverse("admin:index")]
    for model, model_admin in admin.site._registry.items():
        info = (model._meta.app_label, model._meta.model_name)
        urls.append(reverse("admin:{}_{}_changelist".format(*info)))
        first = model_admin.get_queryset(_request(world)).order_by("pk").first()
        if first is not None:
            urls.append(reverse("admin:{}_{}_change".format(*info), args=[first.pk]))
        if model_admin.has_add_permission(_request(world)):
            urls.append(reverse("admin:{}_{}_add".format(*info)))
    for url in urls:
        html = _get(client, url)
        assert html is not None, f"{url} did not render"
        # A JSON field is edited as raw JSON in a textarea: data typed, not words shown.
        for kind, match, context in raw_codes(visible_text(html, hidden=ADMIN_HIDDEN_TAGS)):
            if kind == "login":
                continue  # accounts are managed by their login in the admin (above)
            if not any(known in context for known in ADMIN_KNOWN):
                offenders.append(f"{url} {kind} {match!r}: …{context}…")
    assert not offenders, f"{len(offenders)} raw codes:\n" + "\n".join(sorted(set(offenders)))


ADMIN_HIDDEN_TAGS = HIDDEN_TAGS | {"textarea"}
# Left as they are, each with its reason.
ADMIN_KNOWN = (
    # The title of an audit event's admin page is its __str__ (action, object type and id, as
    # stored: what an administrator searches by); a job's result is its raw JSON.
    "org.unit#",
    '"dispatch_id"',
)


def _request(world):
    from django.test import RequestFactory

    request = RequestFactory().get("/admin/")
    request.user = world.users["admin"]
    return request


# Verbose names that are the same word in Vietnamese and English.
SAME_IN_BOTH = {"email", "token", "SMS", "URL", "ID", "id"}


def test_every_verbose_name_of_the_projects_models_is_translated():
    untranslated = []
    for model in apps.get_models():
        if not model.__module__.startswith("thidua."):
            continue
        opts = model._meta
        names = [("", opts.verbose_name), ("(plural)", opts.verbose_name_plural)]
        names += [(f.name, f.verbose_name) for f in opts.fields + opts.many_to_many]
        for where, name in names:
            with translation.override("en"):
                english = str(name)
            with translation.override("vi"):
                vietnamese = str(name)
            if english == vietnamese and english not in SAME_IN_BOTH:
                untranslated.append(f"{opts.label} {where}: {english!r}")
    for config in apps.get_app_configs():
        if config.name.startswith("thidua."):
            with translation.override("en"):
                english = str(config.verbose_name)
            with translation.override("vi"):
                vietnamese = str(config.verbose_name)
            if english == vietnamese:
                untranslated.append(f"app {config.label}: {english!r}")
    assert not untranslated, f"{len(untranslated)} untranslated:\n" + "\n".join(untranslated)
