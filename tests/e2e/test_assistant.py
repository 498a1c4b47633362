"""A staff member asks the assistant in a real browser: the answer arrives through htmx with
its citation and highlights, the citation opens the passage, feedback is stored, a script in
the question stays text, an empty question is refused, and the page fits a 360 px phone."""

import re
from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import expect

from thidua.assistant.choices import Feedback
from thidua.assistant.models import Exchange, Passage
from thidua.assistant.services import document_upload, index_rebuild_now

from .test_browser import log_in

pytestmark = pytest.mark.e2e

REGULATION = (
    Path(__file__).resolve().parents[2]
    / "thidua"
    / "assistant"
    / "demo_documents"
    / "quy-che-thi-dua-khen-thuong.md"
).read_bytes()
QUESTION = "Điều kiện để được tặng danh hiệu Chiến sĩ thi đua cơ sở là gì?"
PASSWORD = "mật-khẩu-thử-123"


@pytest.fixture
def regulation(transactional_db, org, org_admin):
    """The regulation uploaded by an administrator for everyone, and the index built from the
    database the live server reads."""
    document = document_upload(
        actor=org_admin,
        name="quy-che.md",
        data=REGULATION,
        number="QC-01",
        effective_on=date(2025, 1, 1),
    )
    index_rebuild_now()
    return document


def open_assistant(page, live_server):
    log_in(page, live_server, "hoa", PASSWORD)
    page.get_by_role("heading", name="Xin chào, Trần Thị Hoa").wait_for()
    menu = page.locator("label.nav-button")
    if menu.is_visible():  # on a phone the menu folds behind its button
        menu.click()
    page.get_by_role("navigation").get_by_role("link", name="Trợ lý", exact=True).click()
    page.get_by_role("heading", name="Trợ lý", exact=True).wait_for()


def ask(page, question: str) -> None:
    page.get_by_label("Câu hỏi của bạn").fill(question)
    page.get_by_role("button", name="Hỏi", exact=True).click()


def test_asking_appends_the_answer_with_its_citation_which_opens_the_passage(
    transactional_db, org, regulation, live_server, page
):
    open_assistant(page, live_server)
    assert page.locator("#exchanges li.exchange").count() == 0
    # A marker on the window survives an htmx swap but not a full page load.
    page.evaluate("window.__notReloaded = true")

    ask(page, QUESTION)

    exchange = page.locator("#exchanges li.exchange")
    expect(exchange).to_have_count(1)
    assert page.evaluate("window.__notReloaded === true"), "the page was reloaded"
    expect(exchange.locator(".question")).to_contain_text(QUESTION)
    expect(page.get_by_label("Câu hỏi của bạn")).to_have_value("")
    expect(page.locator("#no-exchanges")).to_have_count(0)
    assert exchange.locator("mark").count() > 0
    expect(exchange.locator("mark").first).to_be_visible()
    citation = exchange.locator("ol.citations a", has_text="Điều 6, khoản 1").first
    expect(citation).to_be_visible()
    stored = Exchange.objects.get()
    assert stored.asker == org["staff_a"].user and stored.question == QUESTION
    assert page.url.rstrip("/").endswith("/assistant")

    citation.click()

    page.wait_for_url(re.compile(rf"/assistant/documents/{regulation.pk}/#p\d+$"))
    passage_id = int(page.url.rsplit("#p", 1)[1])
    passage = Passage.objects.get(pk=passage_id, document=regulation)
    assert "Điều 6, khoản 1" in passage.path
    shown = page.locator(f"#p{passage_id}")
    expect(shown).to_be_visible()
    expect(shown).to_contain_text("Danh hiệu Chiến sĩ thi đua cơ sở được xét tặng hằng năm")
    expect(shown).to_be_in_viewport()


def test_useful_feedback_replaces_the_buttons_and_is_stored(
    transactional_db, org, regulation, live_server, page
):
    open_assistant(page, live_server)
    ask(page, QUESTION)
    exchange = page.locator("#exchanges li.exchange")
    expect(exchange).to_have_count(1)
    feedback = exchange.locator(".feedback")
    page.evaluate("window.__notReloaded = true")

    feedback.get_by_role("button", name=re.compile(r"^\W*Hữu ích$")).click()

    expect(feedback).to_contain_text("Cảm ơn bạn — đã ghi nhận:")
    expect(feedback).to_contain_text("Hữu ích")
    expect(feedback.get_by_role("button")).to_have_count(0)
    assert page.evaluate("window.__notReloaded === true"), "the page was reloaded"
    stored = Exchange.objects.get()
    assert stored.feedback == Feedback.USEFUL == "useful"
    assert stored.feedback_at is not None


def test_a_script_in_the_question_is_shown_as_text(
    transactional_db, org, regulation, live_server, page
):
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    question = "<script>alert('xss')</script> khen thưởng"
    open_assistant(page, live_server)

    ask(page, question)

    exchange = page.locator("#exchanges li.exchange")
    expect(exchange).to_have_count(1)
    expect(exchange.locator(".question")).to_contain_text("<script>alert('xss')</script>")
    assert page.locator("#exchanges script").count() == 0
    # The full page, rendered from the stored history, keeps it as text too.
    page.reload()
    expect(page.locator("#exchanges li.exchange .question")).to_contain_text(
        "<script>alert('xss')</script>"
    )
    assert page.locator("#exchanges script").count() == 0
    page.wait_for_timeout(300)
    assert dialogs == []


def test_an_empty_question_is_refused_and_adds_nothing(
    transactional_db, org, regulation, live_server, page
):
    open_assistant(page, live_server)
    page.evaluate("window.__notReloaded = true")

    ask(page, "   ")

    message = page.get_by_text("Hãy nhập câu hỏi.")
    expect(message).to_be_visible()
    assert page.evaluate("window.__notReloaded === true"), "the page was reloaded"
    # The message is shown by the question box, not added to the history.
    expect(page.locator("section.ask").get_by_role("alert")).to_contain_text("Hãy nhập câu hỏi.")
    expect(page.locator("#exchanges").get_by_text("Hãy nhập câu hỏi.")).to_have_count(0)
    expect(page.locator("#exchanges li.exchange")).to_have_count(0)
    expect(page.locator("#no-exchanges")).to_be_visible()
    assert not Exchange.objects.exists()

    # A real question then goes through, and the stale message disappears.
    ask(page, QUESTION)
    expect(page.locator("#exchanges > li")).to_have_count(1)
    expect(page.locator("#exchanges li.exchange")).to_have_count(1)
    expect(message).to_have_count(0)
    assert Exchange.objects.count() == 1


def test_the_assistant_page_fits_a_360_px_phone(
    transactional_db, org, regulation, live_server, page
):
    page.set_viewport_size({"width": 360, "height": 740})
    open_assistant(page, live_server)
    ask(page, QUESTION)
    expect(page.locator("#exchanges li.exchange")).to_have_count(1)
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"/assistant/ is wider than the screen by {overflow}px"
    page.locator("#exchanges ol.citations a").first.click()
    page.wait_for_url(re.compile(r"/assistant/documents/\d+/#p\d+$"))
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"the document page is wider than the screen by {overflow}px"
