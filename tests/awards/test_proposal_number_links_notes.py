# ruff: noqa: F811 (fixtures of the awards tests, imported)
"""“Đề nghị số N” links to proposal N in the places still written as plain text (issue 11):
the round's set-aside notes on a step's verdicts page (one_achievement.set_aside_lower_forms
stores the proposals' ids beside the note), the proposal history's "Cùng thành tích đã có
…" line (the audit event's same_achievement_ids), and the round's list of kept verdicts left
out for another form already proposed (not_proposable's `named`) — only for a viewer who may
open proposal N; rows stored before the ids were kept read as plain text."""

import re
from dataclasses import dataclass, field

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import translation

from thidua.awards.choices import AwardsAudit, RoundStep
from thidua.awards.models import RoundVerdict
from thidua.awards.one_achievement import (
    SET_ASIDE,
    SET_ASIDE_PROPOSALS,
    left_out_words,
    not_proposable,
    set_aside_lower_forms,
    set_aside_note,
)
from thidua.awards.selectors import council as selectors
from thidua.awards.selectors import proposal_links
from thidua.awards.services import council as services
from thidua.awards.services import round as round_services
from thidua.core.models import AuditEvent

from ..factories import unit_head
from .test_proposal_number_links import _href, two_forms  # noqa: F401
from .test_round_checks import RECEIVED

# Both rewrite a stored audit event to stand for an older one; PostgreSQL's append-only
# trigger refuses any UPDATE of an audit event (tests/core/test_audit.py), as it should.
REWRITES_AUDIT = pytest.mark.skipif(
    connection.vendor == "postgresql", reason="rewrites an audit event: append-only on PostgreSQL"
)

GROUP = frozenset({"GK", "BK_BO", "BK_TTG"})


@dataclass
class Row:
    code: str
    person_id: int | None
    kept: bool = True
    verdict: dict = field(default_factory=lambda: {"eligible": True, "reasons": []})


def _text(pieces: list[dict]) -> str:
    return "".join(p["text"] for p in pieces)


def _urls(pieces: list[dict]) -> list[str]:
    return [p["url"] for p in pieces if p["url"]]


# ---------------------------------------------------------------- set-aside notes
def test_the_note_keeps_the_ids_of_the_proposals_it_names():
    rows = [Row("GK", 1), Row("BK_TTG", 1), Row("GK", 2)]
    taken = {
        1: [
            {"kind": "proposal", "pk": 7, "code": "BK_TTG", "status": "submitted"},
            {"kind": "proposal", "pk": 9, "code": "BK_BO", "status": "draft"},
        ],
        2: [{"kind": "award", "pk": 3, "code": "BK_BO"}],
    }
    set_aside_lower_forms(
        rows, year=2025, forms=GROUP, taken=taken, describe=lambda r: f"đề nghị số {r['pk']}"
    )
    assert rows[0].verdict[SET_ASIDE_PROPOSALS] == [7, 9]
    assert "đề nghị số 7; đề nghị số 9" in rows[0].verdict[SET_ASIDE]
    assert SET_ASIDE_PROPOSALS not in rows[2].verdict  # an award: nothing to link


@pytest.mark.django_db
def test_the_verdicts_page_links_the_proposal_a_form_was_set_aside_for(
    client, org, officer, two_forms
):
    first, second = two_forms
    others = [
        {"kind": "proposal", "pk": p.pk, "code": p.code, "status": p.status}
        for p in (first, second)
    ]
    with translation.override("vi"):
        note = set_aside_note(
            year=2025, kept="; ".join(selectors.describe_other(o) for o in others)
        )
    round_ = round_services.round_start(actor=officer.user, year=2025, received_on=RECEIVED)
    person = first.person
    made = [
        RoundVerdict.objects.create(
            round=round_,
            step=RoundStep.CHAINS,
            code=code,
            person=person,
            eligible=True,
            kept=False,
            verdict={"eligible": True, "reasons": [], SET_ASIDE: note, **ids},
        )
        for code, ids in (
            ("BK_TTG", {SET_ASIDE_PROPOSALS: [first.pk, second.pk]}),
            ("CSTD_TQ", {}),  # stored before the ids were kept
        )
    ]
    client.force_login(officer.user)
    url = reverse("awards:round_step_verdicts", args=[2025, RoundStep.CHAINS])
    page = client.get(url).content.decode()
    for pk in (first.pk, second.pk):  # linked once, in the new row's note
        assert len(re.findall(rf"<a {_href(pk)}>đề nghị số {pk}</a>", page)) == 1

    # Cục A's head opens both (Lê Văn Nam works in Cục A); another unit's head neither
    head = org["head_a"].user
    proposal_links.set_aside_notes(made, viewer=head)
    assert _text(made[0].set_aside_pieces) == note
    assert _urls(made[0].set_aside_pieces) == [
        reverse("awards:proposal_detail", args=[pk]) for pk in (first.pk, second.pk)
    ]
    assert _urls(made[1].set_aside_pieces) == [] and _text(made[1].set_aside_pieces) == note
    other = unit_head(org["dept_b"], username="truong-cuc-b").user
    proposal_links.set_aside_notes(made, viewer=other)
    assert _urls(made[0].set_aside_pieces) == []


def test_pieces_never_link_what_the_viewer_may_not_open():
    text = "Đã giữ đề nghị số 12 — Giấy khen (Nháp); đề nghị số 120 — Bằng khen (Nháp)."
    pieces = proposal_links.pieces(text, [12, 120], {120})
    assert _text(pieces) == text
    assert [p["text"] for p in pieces if p["url"]] == ["đề nghị số 120"]
    assert proposal_links.pieces(text, [], {12, 120}) == [{"text": text, "url": ""}]


# ---------------------------------------------------------------- the proposal's history
def _history_links(client, user, proposal, pk) -> int:
    client.force_login(user)
    page = client.get(reverse("awards:proposal_detail", args=[proposal.pk])).content.decode()
    history = page[page.index("<table") :]
    return len(re.findall(rf"<a {_href(pk)}>[^<]*{pk}</a>", history))


@REWRITES_AUDIT
@pytest.mark.django_db
def test_the_history_links_the_proposal_the_same_achievement_already_carries(
    client, org, officer, council_member, two_forms
):
    first, second = two_forms
    event = AuditEvent.objects.get(action=AwardsAudit.PROPOSAL_CREATED, target_id=str(second.pk))
    assert event.data["same_achievement_ids"] == [["proposal", first.pk]]
    assert _history_links(client, officer.user, second, first.pk) == 1
    assert _history_links(client, org["head_a"].user, second, first.pk) == 1
    session = services.session_create(actor=officer.user, title="Phiên xét", held_on=RECEIVED)
    services.session_add_proposals(actor=officer.user, session=session, proposals=[second])
    # the council member opens the Bằng khen, not the Giấy khen: the words only
    assert _history_links(client, council_member.user, second, first.pk) == 0
    client.force_login(council_member.user)
    page = client.get(reverse("awards:proposal_detail", args=[second.pk])).content.decode()
    assert f"đề nghị số {first.pk}" in page

    # an event stored before the ids were kept reads as plain text, even for the office
    data = {k: v for k, v in event.data.items() if k != "same_achievement_ids"}
    AuditEvent.objects.filter(pk=event.pk).update(data=data)
    assert _history_links(client, officer.user, second, first.pk) == 0
    rows = proposal_links.history(selectors.proposal_history(second), viewer=officer.user)
    words = [_text(d) for row in rows for d in row["details"]]
    assert any(w.startswith("Cùng thành tích đã có: đề nghị số") for w in words)


@REWRITES_AUDIT
@pytest.mark.django_db
def test_an_award_in_the_line_is_never_a_link(officer, two_forms):
    first, second = two_forms
    event = AuditEvent.objects.get(action=AwardsAudit.PROPOSAL_CREATED, target_id=str(second.pk))
    data = {**event.data, "same_achievement_ids": [["award", first.pk]]}
    AuditEvent.objects.filter(pk=event.pk).update(data=data)
    rows = proposal_links.history(selectors.proposal_history(second), viewer=officer.user)
    assert not [p for row in rows for d in row["details"] for p in d if p["url"]]


# ---------------------------------------------------------------- the round's left-out list
@dataclass
class Candidate:
    pk: int
    person: object
    code: str
    override_reason: str = ""
    unit_id: int | None = None

    @property
    def person_id(self) -> int:
        return self.person.pk

    def get_code_display(self) -> str:
        return self.code


@pytest.mark.django_db
def test_the_round_links_the_other_forms_a_left_out_verdict_names(client, org, officer, two_forms):
    first, second = two_forms
    row = Candidate(pk=1, person=first.person, code="BK_TTG")
    found: dict[int, int] = {}
    named: dict[int, list[int]] = {}
    left_out = not_proposable([row], year=2025, forms=GROUP, found=found, named=named)
    assert found == {} and named == {1: [first.pk, second.pk]}
    entries = left_out_words([row], left_out, found, named)
    assert entries[0]["proposals"] == [first.pk, second.pk]

    round_ = round_services.round_start(actor=officer.user, year=2025, received_on=RECEIVED)
    round_.steps.filter(step=RoundStep.PROPOSALS).update(
        details={"not_proposed": [*entries, {**entries[0], "subject": "Cũ", "proposals": None}]}
    )
    client.force_login(officer.user)
    page = client.get(reverse("awards:round_detail", args=[2025])).content.decode()
    for pk in (first.pk, second.pk):  # the new entry links both; the old one reads as words
        assert len(re.findall(rf"<a {_href(pk)}>[^<]*{pk}</a>", page)) == 1
    other = unit_head(org["dept_b"], username="truong-cuc-b").user
    shown = proposal_links.not_proposed(entries, viewer=other)
    assert _urls(shown[0]["why_pieces"]) == [] and _text(shown[0]["why_pieces"]) == left_out[1]
