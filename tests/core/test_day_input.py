"""Days typed and shown dd/mm/yyyy in Vietnamese (issue 12), ISO yyyy-mm-dd still read.

The widget is a text input, not the native date input the browser shows in its own locale;
forms and query parameters read the active language's format and ISO alike."""

import re
from datetime import date
from unittest import mock

import pytest
from django import forms
from django.template import Context, Template
from django.urls import reverse
from django.utils import formats, translation

from thidua.awards.forms import SessionDateForm
from thidua.core.dates import parse_day
from thidua.core.params import BadParameter, date_param
from thidua.core.widgets import DayField, DayInput

DAY = date(2026, 12, 7)


class _Form(forms.Form):
    held_on = DayField(label="Ngày")
    due = DayField(label="Hạn", required=False)


def test_in_vietnamese_a_day_shows_dd_mm_yyyy_in_a_text_input():
    with translation.override("vi"):
        html = DayInput().render("held_on", DAY, attrs={"id": "id_held_on"})
    assert 'type="text"' in html and 'type="date"' not in html
    assert 'value="07/12/2026"' in html
    assert 'inputmode="numeric"' in html and 'autocomplete="off"' in html
    assert 'placeholder="ngày/tháng/năm"' in html
    assert 'data-day-input="%d/%m/%Y"' in html
    assert 'data-day-picker="Chọn ngày trên lịch"' in html  # the calendar button's label


def test_in_english_a_day_shows_in_the_english_format():
    with translation.override("en"):
        shown = formats.get_format("DATE_INPUT_FORMATS")[0]
        html = DayInput().render("held_on", DAY)
        assert f'value="{DAY.strftime(shown)}"' in html
        assert f'data-day-input="{shown}"' in html
        assert 'data-day-picker="Choose the day on a calendar"' in html


def test_the_widget_follows_the_active_languages_format():
    """A language showing mm/dd/yyyy gets 12/07/2026 and reads 12/07/2026 as 7 December."""
    us_formats = ["%m/%d/%Y", "%Y-%m-%d"]
    with (
        mock.patch.object(formats, "get_format", return_value=us_formats),
        translation.override("en"),
    ):
        html = DayInput().render("held_on", DAY)
        assert 'value="12/07/2026"' in html and 'placeholder="mm/dd/yyyy"' in html
        assert parse_day("12/07/2026") == DAY


def test_what_was_typed_comes_back_as_typed():
    with translation.override("vi"):
        form = _Form(data={"held_on": "31/02/2026"})
        assert not form.is_valid()
        assert 'value="31/02/2026"' in str(form["held_on"])


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("typed", ["07/12/2026", "7/12/2026", " 07/12/2026 ", "2026-12-07"])
def test_a_form_reads_dd_mm_yyyy_and_iso_in_both_languages(lang, typed):
    with translation.override(lang):
        form = _Form(data={"held_on": typed, "due": ""})
        assert form.is_valid(), form.errors
    assert form.cleaned_data == {"held_on": DAY, "due": None}


def test_a_real_form_reads_both_and_shows_dd_mm_yyyy():
    with translation.override("vi"):
        assert 'value="07/12/2026"' in str(SessionDateForm(initial={"held_on": DAY})["held_on"])
        for typed in ("07/12/2026", "2026-12-07"):
            form = SessionDateForm(data={"held_on": typed})
            assert form.is_valid() and form.cleaned_data["held_on"] == DAY


@pytest.mark.parametrize("typed", ["31/02/2026", "2026-02-30", "12/13/2026", "7/12/26", "mai"])
def test_a_day_that_does_not_exist_is_a_clear_vietnamese_error(typed):
    with translation.override("vi"):
        form = _Form(data={"held_on": typed})
        assert not form.is_valid()
    message = form.errors["held_on"][0]
    assert message.startswith("Hãy nhập một ngày có thật, viết theo dạng ngày/tháng/năm (ví dụ ")
    assert re.search(r"ví dụ \d\d/\d\d/\d{4}\)\.$", message), message


def test_eight_digits_from_a_phone_keypad_read_as_dd_mm_yyyy():
    with translation.override("vi"):
        assert parse_day("07122026") == DAY
        assert parse_day("20261207") is None  # not ISO without dashes: 20th of month 26


def test_date_param_reads_both_and_names_the_format_when_wrong():
    with translation.override("vi"):
        assert date_param({"on": "07/12/2026"}, "on") == DAY
        assert date_param({"on": "2026-12-07"}, "on") == DAY
        assert date_param({"on": ""}, "on", default=DAY) == DAY
        with pytest.raises(BadParameter) as caught:
            date_param({"on": "31/02/2026"}, "on")
    assert "ngày có thật" in caught.value.message and "ngày/tháng/năm" in caught.value.message


def test_the_template_tag_renders_the_same_widget():
    template = Template('{% load dayinput %}{% day_input "on" day id="on" required=True %}')
    with translation.override("vi"):
        html = template.render(Context({"day": DAY}))
    assert html.startswith('<input type="text" name="on" value="07/12/2026" id="on" required')


def _page(response) -> str:
    """The page without its CSRF tokens and its own address (the language switch's `next`)."""
    body = response.content.decode()
    body = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"|"X-CSRFToken": "[^"]*"', "", body)
    return body.replace("?on=07%2F12%2F2026", "?on=…").replace("?on=2026-12-07", "?on=…")


@pytest.mark.parametrize("name", ["org:tree", "goals:unit_tree"])
def test_a_day_in_the_address_reads_dd_mm_yyyy_and_iso_alike(org, client, name):
    client.force_login(org["staff_a"].user)
    kwargs = {"pk": org["sec_a"].pk} if name == "goals:unit_tree" else {}
    url = reverse(name, kwargs=kwargs)
    vietnamese = client.get(url, {"on": "07/12/2026"})
    iso = client.get(url, {"on": "2026-12-07"})
    assert vietnamese.status_code == iso.status_code == 200
    assert vietnamese.context["on"] == iso.context["on"] == DAY
    assert _page(vietnamese) == _page(iso)
    assert 'name="on" value="07/12/2026"' in _page(iso)
    wrong = client.get(url, {"on": "31/02/2026"})
    assert wrong.status_code == 400 and "ngày có thật" in wrong.content.decode()
