"""A campaign's .xlsx and CSV exports speak the reader's language (issue 12, Party side): the
headers, roles and statuses are words, not the codes behind them; a file exported so, or
written by hand in Vietnamese, is imported back; the JSON export keeps its codes."""

import csv
import io
import json

from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from thidua.org.choices import MembershipStatus, PartyRole
from thidua.party import exchange

from .test_campaigns import _digest, _sent


def _export(client, party, campaign, fmt):
    client.force_login(party["office"].user)
    return client.get(reverse("party:campaign_export", args=[campaign.pk, fmt])).content


def test_xlsx_and_csv_headers_and_values_are_words_not_codes(
    client, party, resolution_text, django_capture_on_commit_callbacks
):
    digest = _digest(party, resolution_text)  # its first point has a question
    campaign = _sent(party, digest, django_capture_on_commit_callbacks)
    with translation.override("vi"):
        expected = [exchange.column_header(c) for c in [*exchange.RESULT_COLUMNS, "answer_1"]]
        book = load_workbook(io.BytesIO(_export(client, party, campaign, "xlsx")))
        table = _export(client, party, campaign, "csv").decode("utf-8-sig")
        member, official = str(PartyRole.MEMBER.label), str(MembershipStatus.OFFICIAL.label)
    rows = list(book.active.iter_rows(values_only=True))
    assert list(rows[0]) == expected
    assert not set(rows[0]) & {*exchange.RESULT_COLUMNS, "answer_1"}
    by_code = {r[0]: r for r in rows[1:]}
    member_a = by_code[party["member_a"].employee_code]
    assert (member_a[4], member_a[5]) == (member, official) == ("Đảng viên", "Chính thức")
    assert "member" not in {r[4] for r in rows[1:]}
    lines = list(csv.reader(io.StringIO(table)))
    assert lines[0] == expected and len(lines) == len(rows)


def test_the_json_export_keeps_its_codes(
    client, party, resolution_text, django_capture_on_commit_callbacks
):
    campaign = _sent(party, _digest(party, resolution_text), django_capture_on_commit_callbacks)
    with translation.override("vi"):
        data = json.loads(_export(client, party, campaign, "json"))
    member_a = next(
        m for m in data["members"] if m["employee_code"] == party["member_a"].employee_code
    )
    assert (member_a["role"], member_a["status"]) == ("member", "official")


def test_a_csv_export_in_vietnamese_is_imported_back_unchanged(
    client, party, resolution_text, django_capture_on_commit_callbacks
):
    campaign = _sent(party, _digest(party, resolution_text), django_capture_on_commit_callbacks)
    with translation.override("vi"):
        data = _export(client, party, campaign, "csv")
        counts = exchange.members_import(actor=party["office"].user, name="kq.csv", data=data)
    assert counts == {"created": 0, "updated": 0, "unchanged": 4}


def test_roles_and_statuses_written_in_vietnamese_are_imported(party):
    member = party["member_a"]
    header = ",".join(exchange.column_header(c) for c in exchange.MEMBER_COLUMNS)
    row = f"{member.employee_code},{member.full_name},CB-A,01/01/2010,Bí thư,Dự bị"
    counts = exchange.members_import(
        actor=party["office"].user, name="m.csv", data=f"{header}\n{row}\n".encode()
    )
    assert counts["updated"] == 1
    membership = member.party_memberships.get(valid_to__isnull=True)
    assert (membership.role, membership.status) == (
        PartyRole.SECRETARY,
        MembershipStatus.PROBATIONARY,
    )


def test_every_export_header_has_its_vietnamese_translation():
    context = exchange.COLUMN
    with translation.override("en"):  # no English catalogue: the msgids themselves
        msgids = [str(h) for h in exchange.HEADERS.values()]
    with translation.override("vi"):  # the compiled catalogue, as the pages read it
        for msgid in [*msgids, "Answer to point %(n)s", "Results"]:
            assert translation.pgettext(context, msgid) != msgid, msgid
        assert translation.pgettext(context, "Employee code") == "Mã cán bộ"
        assert translation.pgettext(context, "Acknowledged at") == "Quán triệt lúc"
