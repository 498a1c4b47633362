"""The demo's documents split by their items (issue 14, point 3): the Party resolution's eight
programmes are eight passages, each with its path, and a question about one programme is
answered from that programme's passage, not from a passage holding all eight."""

import pytest
from django.contrib.auth import get_user_model

from thidua.assistant.choices import AnswerMode, Source
from thidua.assistant.models import Document, Passage
from thidua.assistant.services import question_ask
from thidua.party.demo import DEMO_TITLE

from ..conftest import demo_loaded

pytestmark = pytest.mark.django_db

ORDINALS = ["nhất", "hai", "ba", "tư", "năm", "sáu", "bảy", "tám"]


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo ministry with its assistant documents and index, loaded once and rolled back."""
    with demo_loaded(django_db_blocker, people=60):
        yield


def resolution_passages() -> list[Passage]:
    document = Document.objects.get(source=Source.RESOLUTION, title=DEMO_TITLE)
    return list(document.passages.order_by("order"))


def test_the_programme_resolution_is_one_passage_per_programme_with_its_path(demo):
    items = [p for p in resolution_passages() if p.path.startswith("Thứ ")]
    assert [p.path for p in items] == [f"Thứ {o}" for o in ORDINALS]
    for passage, ordinal in zip(items, ORDINALS, strict=True):
        assert passage.text.startswith(f"Thứ {ordinal}, ")
        others = [o for o in ORDINALS if o != ordinal]
        assert not any(f"Thứ {o}," in passage.text for o in others), passage.path
        # What the items are items of travels with each of them (it is indexed with it).
        assert passage.heading.endswith("tổ chức thực hiện các nhiệm vụ sau:")
    # The preamble, the closing words and nothing else are outside the items.
    rest = [p for p in resolution_passages() if not p.path]
    assert rest[0].text.startswith("ĐẢNG BỘ BỘ THÔNG TIN VÀ TRUYỀN THÔNG")
    assert rest[-1].text.startswith("Các chi bộ trực thuộc xây dựng kế hoạch")
    assert not any("Thứ nhất," in p.text for p in rest)


def test_a_question_about_one_programme_is_answered_from_its_passage(demo):
    secretary = get_user_model().objects.get(username="bithu")  # a member of the Đảng bộ
    x = question_ask(
        actor=secretary,
        question="Nghị quyết nói gì về chuyển đổi từ Chính phủ điện tử thành Chính phủ số?",
    )
    assert x.mode == AnswerMode.EXTRACTIVE
    citations = {c["n"]: c for c in x.answer["citations"]}
    first = x.answer["citations"][0]
    assert (first["title"], first["path"]) == (DEMO_TITLE, "Thứ tư")
    # Every sentence of the answer comes from the fourth programme: the resolution's "Thứ tư"
    # or the programme's own record, never from another programme's words.
    assert x.answer["sentences"]
    for sentence in x.answer["sentences"]:
        cited = citations[sentence["citation"]]
        assert cited["path"] == "Thứ tư" or "Chính phủ số" in cited["title"], cited
        assert "bưu chính" not in sentence["text"] and "an ninh mạng" not in sentence["text"]
    assert x.answer["sentences"][0]["text"].startswith("Thứ tư, chuyển đổi từ Chính phủ điện tử")


def test_another_programme_finds_its_own_item_first(demo):
    secretary = get_user_model().objects.get(username="bithu")
    x = question_ask(actor=secretary, question="Nhiệm vụ về an ninh mạng trong nghị quyết là gì?")
    assert x.mode == AnswerMode.EXTRACTIVE
    items = [c["path"] for c in x.answer["citations"] if c["path"].startswith("Thứ ")]
    assert items[0] == "Thứ ba"
    cited_texts = [s["text"] for s in x.answer["sentences"]]
    assert any(
        t.startswith("Thứ ba, đưa Việt Nam thành cường quốc an ninh mạng") for t in cited_texts
    )


def test_an_uploaded_plan_and_a_movement_are_split_by_their_numbered_items(demo):
    plan = Document.objects.get(source=Source.UPLOAD, original_name="ke-hoach-attt-2026.md")
    paths = list(plan.passages.order_by("order").values_list("path", flat=True))
    assert [p for p in paths if "khoản" in p] == [f"II. Nhiệm vụ › khoản {n}" for n in (1, 2, 3)]
    second = plan.passages.get(path="II. Nhiệm vụ › khoản 2")
    assert second.text.startswith("2. Rà soát, đánh giá lỗ hổng bảo mật")
    assert "Diễn tập" not in second.text and "tập huấn" not in second.text
    movement = Document.objects.filter(source=Source.MOVEMENT, text__contains="Tiêu chí thi đua:")
    movement = movement.order_by("pk").first()
    assert movement is not None
    criteria = movement.passages.filter(path__startswith="Tiêu chí thi đua › khoản ")
    assert criteria.count() == movement.text.count("(tối đa ")
    assert all(p.heading == "Tiêu chí thi đua:" for p in criteria)
