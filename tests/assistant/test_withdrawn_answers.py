"""An answer quoting a document that leaves the store (deleted, or its resolution classified)
or is narrowed (read by fewer people) is withdrawn from the history of whoever may no longer
read it: its text and that document's citations give way to a short note, in the same
transaction; answers citing only other documents are left as they were."""

import pytest
from django.urls import reverse
from django.utils import translation

from thidua.assistant import index
from thidua.assistant.choices import AnswerMode, Audience, Source
from thidua.assistant.models import Document, Exchange
from thidua.assistant.presenting import withdrawn_note
from thidua.assistant.services import document_delete, document_update, question_ask
from thidua.party import services as party_services
from thidua.party.choices import Classification

from ..party.conftest import party, resolution_text  # noqa: F401

PHRASE = "dòng chảy vật chất"  # a phrase of the resolution's text
ASKED = "Nghị quyết chuyển đổi bưu chính thành hạ tầng gì của nền kinh tế số?"
REGULATION_ASKED = "Thời hạn gửi hồ sơ khen thưởng tổng kết năm?"


def _note() -> str:
    with translation.override("vi"):
        return withdrawn_note()


def _cites(exchange: Exchange, document: Document) -> bool:
    return any(c["document"] == document.pk for c in exchange.answer.get("citations", []))


def _answered(asker, question: str, document: Document) -> Exchange:
    exchange = question_ask(actor=asker, question=question)
    assert exchange.mode == AnswerMode.EXTRACTIVE, exchange.answer
    assert _cites(exchange, document)
    return exchange


@pytest.fixture
def resolution(party, resolution_text):  # noqa: F811
    resolution = party_services.resolution_upload(
        actor=party["secretary_a"].user,
        body=party["cell_a"],
        title="Nghị quyết về chuyển đổi số",
        file_name="nq.txt",
        data=resolution_text.encode(),
    )
    index.build()
    return resolution


def test_an_answer_from_a_resolution_classified_later_leaves_the_history(
    party,  # noqa: F811
    resolution,
    client,
):
    member = party["member_a"].user
    copy = Document.objects.get(source=Source.RESOLUTION, source_id=resolution.pk)
    exchange = _answered(member, ASKED, copy)
    client.force_login(member)
    assert PHRASE in client.get(reverse("assistant:chat")).content.decode()

    party_services.resolution_set_classification(
        actor=party["secretary_a"].user, resolution=resolution, classification=Classification.MAT
    )

    exchange.refresh_from_db()
    assert exchange.answer["withdrawn"] is True
    assert exchange.answer["note"] == _note()
    assert exchange.answer["sentences"] == [] and "generated" not in exchange.answer
    assert not _cites(exchange, copy)
    assert PHRASE not in str(exchange.answer)
    page = client.get(reverse("assistant:chat")).content.decode()
    assert PHRASE not in page and withdrawn_note() in page
    assert ASKED in page  # the question stays: it is the asker's own
    api = client.get("/api/v1/assistant/history").json()
    assert PHRASE not in str(api) and _note() in str(api)


def test_deleting_a_document_withdraws_only_the_answers_citing_it(org, org_admin, library):
    regulation = library["regulation"]
    quoted = _answered(org["staff_a"].user, REGULATION_ASKED, regulation)
    others = [c for c in quoted.answer["citations"] if c["document"] != regulation.pk]
    # an answer citing only the other documents (as one about them would be stored)
    other = Exchange.objects.create(
        asker=org["staff_b"].user,
        question="Kinh phí thử nghiệm mạng lượng tử?",
        mode=AnswerMode.EXTRACTIVE,
        answer={"citations": others, "sentences": [{"text": "Kinh phí là 12 tỷ đồng."}]},
    )
    before = other.answer

    document_delete(actor=org_admin, document=regulation)

    quoted.refresh_from_db()
    other.refresh_from_db()
    assert quoted.answer["withdrawn"] is True and quoted.answer["sentences"] == []
    assert quoted.answer["citations"] == others  # the other documents can still be opened
    assert other.answer == before  # cites another document: untouched


def test_a_narrowed_audience_withdraws_the_answer_from_who_may_no_longer_read_it(
    org, org_admin, library
):
    regulation = library["regulation"]
    outside = _answered(org["staff_a"].user, REGULATION_ASKED, regulation)  # Phòng A1
    inside = _answered(org["staff_b"].user, REGULATION_ASKED, regulation)  # Phòng B1, Cục B
    kept = inside.answer

    document_update(
        actor=org_admin,
        document=regulation,
        title=regulation.title,
        audience=Audience.UNIT,
        unit=org["dept_b"],
    )

    outside.refresh_from_db()
    inside.refresh_from_db()
    assert outside.answer["withdrawn"] is True and not _cites(outside, regulation)
    assert inside.answer == kept  # still in the audience: the answer stands


def test_a_change_that_keeps_the_audience_withdraws_nothing(org, org_admin, library):
    regulation = library["regulation"]
    exchange = _answered(org["staff_a"].user, REGULATION_ASKED, regulation)
    kept = exchange.answer
    document_update(
        actor=org_admin, document=regulation, title="Quy chế mới", audience=Audience.EVERYONE
    )
    exchange.refresh_from_db()
    assert exchange.answer == kept
