import csv
import io
import itertools
import json
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from thidua.messaging import sms
from thidua.messaging.choices import Channel
from thidua.messaging.models import Delivery, Dispatch
from thidua.org.choices import PartyRole
from thidua.org.models import PartyMembership
from thidua.party import exchange, selectors, services
from thidua.party.choices import AudienceKind, Classification
from thidua.party.models import Campaign, PointAnswer, Resolution

from ..factories import PersonFactory, UserFactory
from .conftest import _member

_NUMBERS = itertools.count(2)


def _free_number(body) -> str:
    """01-NQ/ĐU, or the next free one: a body's resolution numbers are unique in a year."""
    if not Resolution.objects.filter(body=body, number="01-NQ/ĐU").exists():
        return "01-NQ/ĐU"
    return f"{next(_NUMBERS):02d}-NQ/ĐU"


def _digest(party, resolution_text, *, classification=None, who="office", body="committee"):
    actor = party[who].user
    resolution = services.resolution_upload(
        actor=actor,
        body=party[body],
        title="Nghị quyết chuyển đổi số",
        number=_free_number(party[body]),
        file_name="nq.txt",
        data=resolution_text.encode(),
    )
    if classification:
        services.resolution_set_classification(
            actor=actor, resolution=resolution, classification=classification
        )
    digest = resolution.digests.get()
    first = digest.points.order_by("order").first()
    first.question = "Đơn vị của đồng chí sẽ làm gì?"
    first.save()
    return services.digest_approve(actor=actor, digest=digest)


@pytest.fixture
def digest(party, resolution_text):
    return _digest(party, resolution_text)


def _campaign(party, digest, channels=("in_app", "email", "sms"), **kw):
    kw.setdefault("audience", AudienceKind.COMMITTEE_SUBTREE)
    kw.setdefault("bodies", [party["committee"]])
    return services.campaign_create(
        actor=party["office"].user, digest=digest, channels=list(channels), **kw
    )


def _send(party, campaign, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return services.campaign_send(actor=party["office"].user, campaign=campaign)


def test_classified_resolution_goes_in_app_only_with_the_reason(party, resolution_text):
    digest = _digest(party, resolution_text, classification=Classification.MAT)
    campaign = _campaign(party, digest)
    assert campaign.channels == [Channel.IN_APP]
    assert "Tài liệu mật" in campaign.channels_note
    assert services.campaign_preview(campaign)["per_channel"]["email"] == 0


def test_only_an_approved_digest_by_someone_covering_the_bodies(party, resolution_text):
    resolution = services.resolution_upload(
        actor=party["office"].user,
        body=party["committee"],
        title="Nháp",
        file_name="nq.txt",
        data=resolution_text.encode(),
    )
    with pytest.raises(ValidationError):
        _campaign(party, resolution.digests.get())
    digest = _digest(party, resolution_text)
    with pytest.raises(PermissionDenied):
        services.campaign_create(
            actor=party["secretary_a"].user,
            digest=digest,
            audience=AudienceKind.CELLS,
            bodies=[party["cell_a"]],
        )


def test_preview_counts_and_sms_parts_and_cost_in_both_variants(party, digest, settings):
    settings.SMS_GATEWAY_URL = "http://sms.example/send"  # SMS on: it is priced
    settings.THIDUA_SITE_URL = "https://thidua.mic.gov.vn"
    party["member_a"].phone = ""
    party["member_a"].save()
    PersonFactory(unit=party["office"].unit, email="", phone="")  # not a Party member
    campaign = _campaign(party, digest)
    preview = services.campaign_preview(campaign)
    assert preview["recipients"] == 4
    assert preview["per_channel"] == {"in_app": 4, "email": 4, "sms": 3}
    written, plain = preview["sms"]["as_written"], preview["sms"]["no_diacritics"]
    assert written["encoding"] == "UCS-2" and plain["encoding"] == "GSM-7"
    link = "https://thidua.mic.gov.vn/messages/m/" + "x" * 22
    assert written["parts"] == sms.sms_parts(f"{written['text']} {link}").parts
    assert plain["parts"] == sms.sms_parts(f"{plain['text']} {link}").parts
    assert written["parts"] > plain["parts"] >= 1
    assert written["cost"] == Decimal(250) * written["parts"] * 3
    assert plain["cost"] == Decimal(250) * plain["parts"] * 3
    cells = _campaign(party, digest, audience=AudienceKind.CELLS, bodies=[party["cell_a"]])
    assert services.campaign_preview(cells)["recipients"] == 2
    secretaries = _campaign(party, digest, audience=AudienceKind.ROLES, roles=[PartyRole.SECRETARY])
    assert services.campaign_preview(secretaries)["recipients"] == 2


def test_send_creates_one_delivery_per_member_channel_and_refuses_a_second_send(
    party, digest, django_capture_on_commit_callbacks
):
    campaign = _campaign(party, digest, channels=("in_app", "email"))
    campaign = _send(party, campaign, django_capture_on_commit_callbacks)
    deliveries = Delivery.objects.filter(dispatch=campaign.dispatch)
    assert deliveries.count() == 8  # 4 members × (in-app, e-mail)
    assert set(deliveries.values_list("channel", flat=True)) == {"in_app", "email"}
    assert campaign.dispatch.source_label == f"party.campaign#{campaign.pk}"
    assert "01-NQ/ĐU" in campaign.dispatch.sms_text
    assert not deliveries.filter(status="queued").exists()  # sent by the inline job
    with pytest.raises(ValidationError):
        services.campaign_send(actor=party["office"].user, campaign=campaign)
    assert selectors.digest_visible_to_member(digest, party["member_a"])
    assert not selectors.digest_visible_to_member(digest, PersonFactory())


def _ack(campaign, person):
    now = timezone.now()
    Delivery.objects.filter(dispatch=campaign.dispatch, person=person).update(
        read_at=now, acknowledged_at=now, status="acknowledged"
    )


def test_remind_targets_only_the_unacknowledged(party, digest, django_capture_on_commit_callbacks):
    campaign = _send(party, _campaign(party, digest), django_capture_on_commit_callbacks)
    _ack(campaign, party["member_a"])
    with pytest.raises(ValidationError):  # not yet 3 days
        services.campaign_remind(actor=party["office"].user, campaign=campaign, after_days=3)
    campaign.sent_at -= timedelta(days=4)
    campaign.save()
    with django_capture_on_commit_callbacks(execute=True):
        dispatch = services.campaign_remind(
            actor=party["office"].user, campaign=campaign, after_days=3
        )
    assert dispatch.source_label == f"party.campaign#{campaign.pk}#remind-3"
    reminded = set(Delivery.objects.filter(dispatch=dispatch).values_list("person_id", flat=True))
    assert reminded == {party[k].pk for k in ("secretary_a", "secretary_b", "office")}
    with pytest.raises(ValidationError):
        services.campaign_remind(actor=party["office"].user, campaign=campaign, after_days=3)
    assert Dispatch.objects.filter(source_label__contains="remind").count() == 1


def test_rates_per_cell_for_the_secretary_and_the_office_above(
    party, digest, django_capture_on_commit_callbacks
):
    extra = PersonFactory(unit=party["office"].unit, user=UserFactory())
    _member(extra, party["cell_a"])
    campaign = _send(party, _campaign(party, digest), django_capture_on_commit_callbacks)
    _ack(campaign, party["member_a"])
    Delivery.objects.filter(dispatch=campaign.dispatch, person=extra, channel="in_app").update(
        read_at=timezone.now()
    )
    mine = selectors.acknowledgement_rates(campaign, party["secretary_a"].user)
    assert [(r["code"], r["members"], r["read"], r["acknowledged"]) for r in mine] == [
        ("CB-A", 3, 2, 1)
    ]
    assert mine[0]["rate"] == pytest.approx(33.3)
    office = selectors.acknowledgement_rates(campaign, party["office"].user)
    assert {r["code"]: r["members"] for r in office} == {"DB": 1, "CB-A": 3, "CB-B": 1}
    assert selectors.acknowledgement_rates(campaign, party["member_a"].user) == []
    assert selectors.campaign_list(viewer=party["secretary_b"].user).get() == campaign


def test_only_a_recipient_answers_once_per_point(
    party, resolution_text, django_capture_on_commit_callbacks
):
    digest = _digest(party, resolution_text)
    campaign = _send(
        party,
        _campaign(party, digest, audience=AudienceKind.CELLS, bodies=[party["cell_a"]]),
        django_capture_on_commit_callbacks,
    )
    point = digest.points.get(order=1)
    user = party["member_a"].user
    services.point_answer_save(actor=user, campaign=campaign, point=point, answer="Làm ngay")
    services.point_answer_save(actor=user, campaign=campaign, point=point, answer="Làm tuần này")
    assert PointAnswer.objects.get().answer == "Làm tuần này"
    with pytest.raises(PermissionDenied):
        services.point_answer_save(
            actor=party["secretary_b"].user, campaign=campaign, point=point, answer="Không"
        )
    with pytest.raises(ValidationError):
        services.point_answer_save(
            actor=user, campaign=campaign, point=digest.points.get(order=2), answer="x"
        )
    with pytest.raises(ValidationError):
        services.point_answer_save(actor=user, campaign=campaign, point=point, answer="x" * 501)


# ------------------------------------------------------------------ pages, exports, import
def _sent(party, digest, capture, **kw):
    return _send(party, _campaign(party, digest, channels=("in_app", "email"), **kw), capture)


def test_new_campaign_page_previews_then_creates_and_detail_sends(
    client, party, digest, django_capture_on_commit_callbacks
):
    client.force_login(party["office"].user)
    url = reverse("party:campaign_new", args=[digest.resolution.pk])
    form = {
        "audience": "committee_subtree",
        "bodies": [party["committee"].pk],
        "channels": ["in_app", "email", "sms"],
    }
    response = client.post(url, {**form, "action": "preview"})
    assert response.status_code == 200
    assert response.context["preview"]["recipients"] == 4
    # SMS is off (no gateway): the reason is shown, no SMS parts or cost
    assert b'data-parts="no_diacritics"' not in response.content
    said = response.content.decode()
    assert "chưa cấu hình cổng gửi SMS" in said and "SMS_GATEWAY_URL" not in said
    response = client.post(url, {**form, "action": "create", "sms_without_diacritics": "on"})
    campaign = Campaign.objects.get()
    assert response.url == reverse("party:campaign", args=[campaign.pk])
    # no SMS gateway in tests: SMS is off, so the preview neither counts nor prices it
    assert client.get(response.url).context["preview"]["per_channel"]["sms"] == 0
    with django_capture_on_commit_callbacks(execute=True):
        client.post(response.url, {"action": "send"})
    campaign.refresh_from_db()
    assert campaign.dispatch.sms_text.isascii()
    page = client.get(response.url)
    assert page.context["progress"]["created"] == 8  # no SMS gateway in tests: SMS dropped
    assert "chưa cấu hình cổng gửi SMS" in page.content.decode()
    assert b"dispatch-progress-" in page.content
    assert client.get(url.replace("campaign/", "")).status_code == 200


def test_secretary_sees_own_cell_rate_and_member_cannot_see_campaign(
    client, party, digest, django_capture_on_commit_callbacks
):
    campaign = _sent(party, digest, django_capture_on_commit_callbacks)
    client.force_login(party["secretary_a"].user)
    page = client.get(reverse("party:campaign", args=[campaign.pk]))
    assert [r["code"] for r in page.context["rates"]] == ["CB-A"]
    assert not page.context["may_manage"]
    client.force_login(party["member_a"].user)
    assert client.get(reverse("party:campaign", args=[campaign.pk])).status_code == 404


def test_member_answers_page_and_another_cells_member_gets_404(
    client, party, digest, django_capture_on_commit_callbacks
):
    campaign = _sent(
        party,
        digest,
        django_capture_on_commit_callbacks,
        audience=AudienceKind.CELLS,
        bodies=[party["cell_a"]],
    )
    assert reverse("party:campaign_answers", args=[campaign.pk]) in campaign.dispatch.body
    url = reverse("party:campaign_answers", args=[campaign.pk])
    point = digest.points.get(order=1)
    client.force_login(party["member_a"].user)
    assert client.get(url).status_code == 200
    client.post(url, {f"answer-{point.pk}": "Rà soát quy trình"})
    assert PointAnswer.objects.get(person=party["member_a"]).answer == "Rà soát quy trình"
    client.force_login(party["secretary_b"].user)
    assert client.get(url).status_code == 404
    assert client.post(url, {f"answer-{point.pk}": "x"}).status_code == 404
    assert PointAnswer.objects.count() == 1
    assert not selectors.digest_visible_to_member(digest, party["secretary_b"])


def test_exports_contain_the_rows_and_escape_formulas(
    client, party, digest, django_capture_on_commit_callbacks
):
    party["member_a"].full_name = '=HYPERLINK("http://x")'
    party["member_a"].save()
    campaign = _sent(party, digest, django_capture_on_commit_callbacks)
    _ack(campaign, party["member_a"])
    services.point_answer_save(
        actor=party["member_a"].user,
        campaign=campaign,
        point=digest.points.get(order=1),
        answer="+1 đồng ý",
    )
    client.force_login(party["office"].user)
    base = reverse("party:campaign", args=[campaign.pk])
    book = load_workbook(io.BytesIO(client.get(f"{base}export.xlsx").content))
    rows = list(book.active.iter_rows(values_only=True))
    assert rows[0][:8] == tuple(exchange.column_header(c) for c in exchange.RESULT_COLUMNS)
    assert len(rows) == 5
    member = next(r for r in rows if r[0] == party["member_a"].employee_code)
    assert member[1] == '\'=HYPERLINK("http://x")'
    assert member[2] == "CB-A" and member[7] and member[8] == "'+1 đồng ý"
    text = client.get(f"{base}export.csv").content.decode("utf-8-sig")
    assert len(list(csv.reader(io.StringIO(text)))) == 5 and "'=HYPERLINK" in text
    data = json.loads(client.get(f"{base}export.json").content)
    row = next(m for m in data["members"] if m["employee_code"] == party["member_a"].employee_code)
    assert row["acknowledged_at"] and row["answers"] == {"1": "+1 đồng ý"}
    assert row["joined_party_on"] == "01/01/2010" and row["role"] == "member"
    client.force_login(party["secretary_b"].user)
    data = json.loads(client.get(f"{base}export.json").content)
    assert [m["cell"] for m in data["members"]] == ["CB-B"]
    assert client.get(f"{base}export.pdf").status_code == 404


def _csv(rows):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(exchange.MEMBER_COLUMNS)
    writer.writerows(rows)
    return buffer.getvalue().encode()


def test_import_is_all_or_nothing_with_row_errors_and_idempotent(party):
    newcomer = PersonFactory(full_name="Đỗ Văn Mới")
    member = party["member_a"]
    rows = [
        [newcomer.employee_code, newcomer.full_name, "CB-B", "02/09/2015", "member", "official"],
        [
            member.employee_code,
            member.full_name,
            "CB-A",
            "01/01/2010",
            "deputy_secretary",
            "official",
        ],
        ["NV-KHONG-CO", "Ai đó", "CB-X", "2015-09-02", "boss", "official"],
    ]
    actor = party["office"].user
    with pytest.raises(ValidationError) as error:
        exchange.members_import(actor=actor, name="m.csv", data=_csv(rows))
    messages = error.value.messages
    assert any("dòng 4" in m and "mã cán bộ" in m for m in messages)
    assert any("dòng 4" in m and "dd/mm/yyyy" in m for m in messages)
    assert len([m for m in messages if m.startswith("dòng 4")]) == 4
    assert not PartyMembership.objects.filter(person=newcomer).exists()
    assert PartyMembership.objects.get(person=member).role == "member"
    result = exchange.members_import(actor=actor, name="m.csv", data=_csv(rows[:2]))
    assert result == {"created": 1, "updated": 1, "unchanged": 0}
    assert PartyMembership.objects.get(person=newcomer).organization == party["cell_b"]
    assert (
        PartyMembership.objects.get(person=member, valid_to__isnull=True).role == "deputy_secretary"
    )
    again = exchange.members_import(actor=actor, name="m.csv", data=_csv(rows[:2]))
    assert again == {"created": 0, "updated": 0, "unchanged": 2}
    with pytest.raises(ValidationError):  # the secretary of B does not cover cell A
        exchange.members_import(actor=party["secretary_b"].user, name="m.csv", data=_csv(rows[1:2]))


def test_import_round_trips_our_json_export(
    client, party, digest, django_capture_on_commit_callbacks
):
    campaign = _sent(party, digest, django_capture_on_commit_callbacks)
    client.force_login(party["office"].user)
    data = client.get(reverse("party:campaign_export", args=[campaign.pk, "json"])).content
    response = client.post(
        reverse("party:members_import"),
        {"file": SimpleUploadedFile("results.json", data)},
    )
    assert response.status_code == 200
    assert response.context["result"] == {"created": 0, "updated": 0, "unchanged": 4}
    bad = client.post(
        reverse("party:members_import"), {"file": SimpleUploadedFile("x.json", b"{nope")}
    )
    assert bad.status_code == 400
