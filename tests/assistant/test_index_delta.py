"""A document added, changed, classified or removed is searchable (or gone) at once through
the delta index, without a rebuild; the delta keeps the audiences; merging it into a new
build changes no answer; a document deleted while the merge runs does not come back."""

import pytest

from thidua.assistant import index, services
from thidua.assistant.choices import AnswerMode, Audience, Source
from thidua.assistant.models import Document, IndexState
from thidua.assistant.services import (
    document_delete,
    document_upload,
    platform_document_sync,
    question_ask,
)

OLD_TEXT = (
    "Bài học kinh nghiệm về số hoá hồ sơ\n\n"
    "Đơn vị tổ chức số hoá hồ sơ lưu trữ theo từng phông, mỗi tuần một phông, "
    "do tổ lưu trữ chuyên trách thực hiện."
)
NEW_TEXT = (
    "Bài học kinh nghiệm về số hoá hồ sơ\n\n"
    "Đơn vị thuê máy quét tốc độ cao đặt tại kho lưu trữ, quét đồng loạt toàn bộ "
    "hồ sơ giấy trong ba tháng và kiểm tra chất lượng bản quét hằng ngày."
)
OLD_QUESTION = "Tổ lưu trữ chuyên trách số hoá mỗi tuần mấy phông?"
NEW_QUESTION = "Máy quét tốc độ cao đặt ở đâu để quét hồ sơ giấy?"

QUANTUM = """# Kế hoạch thử nghiệm mạng lượng tử của Cục B

Cục B thử nghiệm mạng truyền dẫn lượng tử giữa hai trung tâm dữ liệu vào tháng 9.
""".encode()
QUANTUM_QUESTION = "Mạng truyền dẫn lượng tử được thử nghiệm khi nào?"


def _lesson(text: str, **kwargs) -> Document | None:
    return platform_document_sync(
        source=Source.LESSON, source_id=4242, title="Bài học số hoá hồ sơ", text=text, **kwargs
    )


def _hits(question: str, viewer=None) -> list[tuple[str, float]]:
    from thidua.assistant import selectors

    loaded = index.current()
    allowed = selectors.allowed_mask(viewer=viewer, loaded=loaded) if viewer else None
    return loaded.index.search(question, k=10, allowed=allowed) if loaded.index else []


def _documents_of(hits) -> set[int]:
    from thidua.assistant.models import Passage

    ids = [int(pid) for pid, _s in hits]
    return set(Passage.objects.filter(pk__in=ids).values_list("document_id", flat=True))


def _said(exchange) -> str:
    """Everything the answer shows: its sentences and its sources' snippets."""
    answer = exchange.answer
    return " ".join(
        [s["text"] for s in answer.get("sentences", [])]
        + [c["snippet"] for c in answer.get("citations", [])]
    )


def _cited(exchange) -> set[int]:
    return {c["document"] for c in exchange.answer.get("citations", [])}


def test_a_changed_document_is_found_by_its_new_text_and_not_by_its_old_one(library, org):
    lesson = _lesson(OLD_TEXT)
    index.build()
    version = IndexState.objects.get(pk=1).version
    staff = org["staff_a"].user
    old_passages = {str(pk) for pk in lesson.passages.values_list("pk", flat=True)}
    before = question_ask(actor=staff, question=OLD_QUESTION)
    assert "mỗi tuần một phông" in _said(before)

    _lesson(NEW_TEXT)

    assert IndexState.objects.get(pk=1).version == version  # no rebuild
    assert index.current().delta_documents == 1
    new = question_ask(actor=staff, question=NEW_QUESTION)
    assert new.mode == AnswerMode.EXTRACTIVE and lesson.pk in _cited(new)
    assert "máy quét tốc độ cao" in _said(new)
    assert not old_passages & {pid for pid, _s in _hits(OLD_QUESTION)}
    assert "mỗi tuần một phông" not in _said(question_ask(actor=staff, question=OLD_QUESTION))


def test_an_added_document_is_searchable_before_any_rebuild(library, org, org_admin):
    version = IndexState.objects.get(pk=1).version
    added = document_upload(actor=org_admin, name="luong-tu.md", data=QUANTUM)

    x = question_ask(actor=org["staff_a"].user, question=QUANTUM_QUESTION)

    assert IndexState.objects.get(pk=1).version == version
    assert x.mode == AnswerMode.EXTRACTIVE and added.pk in _cited(x)


def test_a_removed_or_classified_document_is_never_returned(library, org, org_admin):
    lesson = _lesson(OLD_TEXT)
    index.build()
    regulation = library["regulation"]
    question = "Điều kiện để được tặng danh hiệu Chiến sĩ thi đua cơ sở là gì?"
    assert regulation.pk in _documents_of(_hits(question))

    document_delete(actor=org_admin, document=regulation)
    _lesson(OLD_TEXT, classification="Mật")  # classified: its text stays out of any index

    assert regulation.pk not in _documents_of(_hits(question))
    assert lesson.pk not in _documents_of(_hits(OLD_QUESTION))
    loaded = index.current()
    assert regulation.pk not in loaded.passages_of and lesson.pk not in loaded.passages_of
    assert question_ask(actor=org["staff_a"].user, question=OLD_QUESTION).mode == (
        AnswerMode.NOT_FOUND
    )


def test_the_audience_of_a_document_in_the_delta_is_kept(library, org, org_admin):
    plan = document_upload(
        actor=org_admin,
        name="luong-tu.md",
        data=QUANTUM,
        audience=Audience.UNIT,
        unit=org["dept_b"],
    )
    assert index.current().delta_documents == 1

    outsider = question_ask(actor=org["staff_a"].user, question=QUANTUM_QUESTION)
    insider = question_ask(actor=org["staff_b"].user, question=QUANTUM_QUESTION)

    assert plan.pk not in _cited(outsider)
    assert plan.pk not in _documents_of(_hits(QUANTUM_QUESTION, viewer=org["staff_a"].user))
    assert plan.pk in _cited(insider)


QUESTIONS = [
    NEW_QUESTION,
    QUANTUM_QUESTION,
    "Điều kiện để được tặng danh hiệu Chiến sĩ thi đua cơ sở là gì?",
    "hồ sơ lưu trữ",
    "kiểm phiếu",
]


def _ranked(hits) -> list[tuple[str, float]]:
    return sorted(((pid, round(score, 4)) for pid, score in hits), key=lambda h: (-h[1], h[0]))


def test_merging_the_delta_into_a_new_build_changes_no_ranking(library, org, org_admin):
    _lesson(OLD_TEXT)
    index.build()
    _lesson(NEW_TEXT)
    document_upload(actor=org_admin, name="luong-tu.md", data=QUANTUM)
    document_delete(actor=org_admin, document=library["council_guide"])
    readers = [None, org["staff_a"].user, org["staff_b"].user]
    assert index.current().delta_documents == 3
    with_delta = [_ranked(_hits(q, viewer)) for q in QUESTIONS for viewer in readers]

    index.build()

    assert index.current().delta_documents == 0
    rebuilt = [_ranked(_hits(q, viewer)) for q in QUESTIONS for viewer in readers]
    assert with_delta == rebuilt
    assert any(with_delta)


@pytest.mark.django_db(transaction=True)
def test_a_grown_delta_is_merged_in_the_background(org, org_admin, settings):
    settings.THIDUA_ASSISTANT_DELTA_MERGE_PASSAGES = 1000
    document_upload(actor=org_admin, name="luong-tu.md", data=QUANTUM)
    assert IndexState.objects.get(pk=1).version == 1  # the first build: no build before
    _lesson(OLD_TEXT)
    assert IndexState.objects.get(pk=1).version == 1  # a small delta: no build
    assert index.current().delta_documents == 1
    assert services.index_merge_if_needed() is None

    settings.THIDUA_ASSISTANT_DELTA_MERGE_PASSAGES = 1
    _lesson(NEW_TEXT)

    assert IndexState.objects.get(pk=1).version == 2  # merged after the commit
    assert index.current().delta_documents == 0


def test_an_old_delta_is_merged_by_the_periodic_task(library, org_admin, settings):
    from thidua.assistant.tasks import index_merge_if_needed

    version = IndexState.objects.get(pk=1).version
    document_upload(actor=org_admin, name="luong-tu.md", data=QUANTUM)
    settings.THIDUA_ASSISTANT_DELTA_MERGE_MINUTES = 0

    index_merge_if_needed.apply()

    assert IndexState.objects.get(pk=1).version == version + 1


def test_a_document_deleted_while_the_delta_is_merged_does_not_come_back(
    library, org, org_admin, monkeypatch
):
    plan = document_upload(actor=org_admin, name="luong-tu.md", data=QUANTUM)
    read = index._read_passages

    def read_then_delete():
        rows = read()  # the build has read the document's passages...
        document_delete(actor=org_admin, document=Document.objects.get(pk=plan.pk))
        return rows  # ...and it is deleted before the build is published

    monkeypatch.setattr(index, "_read_passages", read_then_delete)
    state = index.build()
    monkeypatch.setattr(index, "_read_passages", read)

    assert str(plan.pk) in (index.index_dir() / state.folder / "documents.json").read_text()
    assert plan.pk not in _documents_of(_hits(QUANTUM_QUESTION))
    assert plan.pk not in index.current().passages_of
    staff = org["staff_a"].user
    assert plan.pk not in _cited(question_ask(actor=staff, question=QUANTUM_QUESTION))
    index.build()
    assert plan.pk not in _cited(question_ask(actor=staff, question=QUANTUM_QUESTION))


@pytest.fixture(autouse=True)
def _fresh_process_cache():
    """Each test starts as a fresh process would (nothing loaded yet)."""
    index._loaded.clear()
    yield
    index._loaded.clear()
