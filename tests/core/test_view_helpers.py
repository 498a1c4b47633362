"""The view helpers every app's pages share (thidua/core/view_helpers.py): a service's
refusal on the form or as messages, a safe `next`, object-or-404, a permission or 403, and
one page of a list."""

import pytest
from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.signed_cookies import SessionStore
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.http import Http404
from django.template.loader import render_to_string
from django.test import RequestFactory

from thidua.core import view_helpers as vh


def _request(method: str = "get", path: str = "/", data: dict | None = None):
    request = getattr(RequestFactory(), method)(path, data or {}, HTTP_HOST="localhost")
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    return request


class _Form(forms.Form):
    name = forms.CharField()
    year = forms.IntegerField()


# ---------------------------------------------------------------- errors
def test_error_messages_and_text_flatten_a_list_and_a_dict():
    plain = ValidationError(["One.", "Two."])
    by_field = ValidationError({"name": ["Bad name."], "other": ["Elsewhere."]})
    assert vh.error_messages(plain) == ["One.", "Two."]
    assert vh.error_messages(by_field) == ["Bad name.", "Elsewhere."]
    assert vh.error_text(plain) == "One. Two."
    assert vh.error_text(plain, sep="; ") == "One.; Two."
    with_params = ValidationError("Year %(year)s is closed.", params={"year": 2024})
    assert vh.error_text(with_params) == "Year 2024 is closed."


def test_form_error_text_joins_every_error_of_the_form():
    form = _Form({"name": "", "year": "x"})
    assert not form.is_valid()
    expected = [str(e) for field in ("name", "year") for e in form.errors[field]]
    assert len(expected) == 2
    assert vh.form_error_text(form) == " ".join(expected)


def test_add_form_errors_puts_each_message_under_its_field_or_above_the_form():
    form = _Form({"name": "a", "year": "1"})
    assert form.is_valid()
    vh.add_form_errors(form, ValidationError({"name": ["Taken."], "unknown": ["Elsewhere."]}))
    assert form.errors["name"] == ["Taken."]
    assert form.non_field_errors() == ["Elsewhere."]

    flat = _Form({"name": "a", "year": "1"})
    assert flat.is_valid()
    vh.add_form_errors(flat, ValidationError({"name": ["Taken."]}), by_field=False)
    assert "name" not in flat.errors and flat.non_field_errors() == ["Taken."]

    plain = _Form({"name": "a", "year": "1"})
    assert plain.is_valid()
    vh.add_form_errors(plain, ValidationError(["One.", "Two."]))
    assert plain.non_field_errors() == ["One.", "Two."]


def test_flash_errors_adds_one_error_message_per_message():
    request = _request()
    vh.flash_errors(request, ValidationError(["One.", "Two."]))
    assert [(m.level_tag, m.message) for m in get_messages(request)] == [
        ("error", "One."),
        ("error", "Two."),
    ]


# ---------------------------------------------------------------- safe redirects
@pytest.mark.parametrize(
    "hostile",
    [
        "//evil.example",
        "//evil.example/goals/",
        "https://evil.example",
        "http://evil.example/goals/1/",
        "///evil.example",
        "/\\evil.example",
        "\\\\evil.example",
        "javascript:alert(1)",
        "goals:mine",  # a bare word redirect() would take for a view name
        "",
    ],
)
@pytest.mark.parametrize("method", ["get", "post"])
def test_redirect_next_refuses_a_next_off_this_site(hostile, method):
    request = _request(method, "/x/", {"next": hostile})
    response = vh.redirect_next(request, "/goals/")
    assert response.status_code == 302
    assert response["Location"] == "/goals/"


def test_redirect_next_follows_a_path_on_this_site_and_reverses_the_default():
    request = _request("post", "/x/", {"next": "/goals/12/?tab=log"})
    assert vh.redirect_next(request, "/goals/")["Location"] == "/goals/12/?tab=log"
    request = _request("post", "/x/")
    assert vh.redirect_next(request, "goals:detail", pk=12)["Location"] == "/goals/12/"


@pytest.mark.parametrize(
    "url, expected",
    [
        ("/goals/3/", "/goals/3/"),
        ("http://localhost/goals/3/", "http://localhost/goals/3/"),
        ("https://evil.example/", "/notifications/"),
        ("//evil.example/", "/notifications/"),
        ("javascript:alert(1)", "/notifications/"),
        ("", "/notifications/"),
    ],
)
def test_redirect_local_keeps_to_this_site(url, expected):
    response = vh.redirect_local(_request(), url, "notifications")
    assert response["Location"] == expected


# ---------------------------------------------------------------- reads and permissions
def test_object_or_404_passes_the_arguments_and_turns_not_found_into_404():
    def selector(*, viewer, pk):
        if pk == 1:
            return (viewer, pk)
        raise ObjectDoesNotExist

    assert vh.object_or_404(selector, viewer="v", pk=1) == ("v", 1)
    with pytest.raises(Http404):
        vh.object_or_404(selector, viewer="v", pk=2)


def test_require_and_requires_refuse_with_403():
    vh.require(True)
    with pytest.raises(PermissionDenied):
        vh.require(False)

    @vh.requires(lambda user: user == "office")
    def view(request, pk):
        return pk

    request = _request()
    request.user = "office"
    assert view(request, 5) == 5
    assert view.__name__ == "view"
    request.user = "someone"
    with pytest.raises(PermissionDenied):
        view(request, 5)


# ---------------------------------------------------------------- lists
def test_page_of_and_the_one_pager_partial():
    request = _request("get", "/list/", {"page": "2", "year": "2024", "q": "a b"})
    page = vh.page_of(request, list(range(120)), 50)
    assert page.number == 2 and list(page)[0] == 50
    query = vh.query_without_page(request)
    assert "page" not in query and "year=2024" in query and "q=a+b" in query
    html = render_to_string("_pager.html", {"page": page, "query": query})
    assert f'href="?{query.replace("&", "&amp;")}&amp;page=1"' in html
    assert f'href="?{query.replace("&", "&amp;")}&amp;page=3"' in html
    assert "2 / 3" in html
    unreadable = vh.page_of(_request("get", "/list/", {"page": "x"}), list(range(10)), 50)
    assert unreadable.number == 1
    assert render_to_string("_pager.html", {"page": unreadable, "query": ""}).strip() == ""


def test_the_pager_takes_the_lists_own_words_for_its_order():
    page = vh.page_of(_request("get", "/sync/", {"page": "2"}), list(range(120)), 50)
    html = render_to_string(
        "_pager.html", {"page": page, "previous_label": "Newer", "next_label": "Older"}
    )
    assert "Newer" in html and "Older" in html and "Previous" not in html
    assert 'href="?page=1"' in html and 'href="?page=3"' in html
