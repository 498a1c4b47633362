# ruff: noqa: F811 (fixtures of the awards tests, imported)
"""Who grants each title and form is an agency setting (issue 11, point 3): its default is the
law's table (authority.py), with its basis, mark and description; the emulation office may route
a form to another authority from a date, on the settings page or through the service; an unknown
form or authority is refused naming it; a decision drafted from that date follows the change,
an earlier one keeps the authority it was drafted with."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from thidua.awards import authority
from thidua.awards.models import Decision
from thidua.awards.services import council as services
from thidua.core.actors import SYSTEM
from thidua.core.agency_settings import setting_override, spec_of, value
from thidua.core.models import AgencySetting

from .test_council_services import council  # noqa: F401
from .test_decision_authority import approved, draft

pytestmark = pytest.mark.django_db
KEY = authority.SETTING_KEY


def _route(codes: dict, valid_from: date, reason: str = "Luật sửa đổi chuyển thẩm quyền"):
    return setting_override(
        actor=SYSTEM, key=KEY, value=codes, reason=reason, valid_from=valid_from
    )


def test_the_setting_defaults_to_the_laws_table_with_basis_and_mark():
    spec = spec_of(KEY)
    assert spec.default == authority.DEFAULT_SPLIT
    assert set(spec.default) == authority.ALL_CODES
    assert spec.default["BK_TTG"] == "prime_minister" and spec.default["GK"] == "unit_head"
    assert "Luật Thi đua, khen thưởng 2022" in spec.basis and "Điều 80" in spec.basis
    assert spec.confidence == "M"
    assert value(KEY) == authority.DEFAULT_SPLIT
    # left at its default, every grant is the law's (its basis and mark kept)
    today = timezone.localdate()
    for code in authority.ALL_CODES:
        assert authority.grant_for(code, today) is authority.law_grant_for(code, today)


def test_unknown_forms_and_authorities_are_refused_by_name():
    with pytest.raises(ValidationError) as refused:
        _route({"BK_XX": "minister"}, date(2027, 1, 1))
    assert "BK_XX" in " ".join(refused.value.messages)
    with pytest.raises(ValidationError) as refused:
        _route({"BK_BO": "governor"}, date(2027, 1, 1))
    message = " ".join(refused.value.messages)
    assert "governor" in message and "Bằng khen cấp Bộ" in message
    assert "Thủ tướng Chính phủ" in message  # the authorities one may choose
    with pytest.raises(ValidationError):
        _route(["BK_BO"], date(2027, 1, 1))
    assert not AgencySetting.objects.filter(key=KEY).exists()


def test_a_change_routes_a_form_from_its_date_only():
    change = date(2027, 1, 1)
    _route({**authority.DEFAULT_SPLIT, "BK_BO": "prime_minister"}, change)
    before, since = change - timedelta(days=1), change
    assert authority.decision_level_for("BK_BO", before) == "minister"
    assert authority.decision_level_for("BK_BO", since) == "prime_minister"
    assert authority.decision_level_for("BK_BO", date(2030, 6, 1)) == "prime_minister"
    grant = authority.grant_for("BK_BO", since)
    assert grant.valid_from == change and grant.confidence == "M"
    assert "Thiết lập của cơ quan từ ngày 01/01/2027" in grant.basis
    assert "Luật sửa đổi chuyển thẩm quyền" in grant.basis
    # the other forms keep the law's grant
    assert authority.grant_for("BK_TTG", since) is authority.law_grant_for("BK_TTG", since)
    table = {row[0]: row for row in authority.table(since)}
    assert "Bằng khen cấp Bộ" in table["prime_minister"][2]
    assert "Bằng khen cấp Bộ" not in table["minister"][2]
    assert table["prime_minister"][4] == "M"
    # a form left out of the setting follows the law
    _route({"CO_BO": "prime_minister"}, date(2028, 1, 1))
    assert authority.decision_level_for("BK_BO", date(2028, 1, 1)) == "minister"
    assert authority.decision_level_for("CO_BO", date(2028, 1, 1)) == "prime_minister"


def test_decisions_drafted_before_keep_their_authority(officer, council, histories):
    today = timezone.localdate()
    earlier = draft(officer, [approved(officer, histories["steady"], "BK_BO")])
    assert earlier.authority == "minister"
    _route({"BK_BO": "prime_minister"}, today)
    later = approved(officer, histories["star"], "BK_BO")
    assert authority.default_level(["BK_BO"], today) == "prime_minister"
    with pytest.raises(ValidationError) as refused:
        draft(officer, [later], authority="minister")
    assert "Bằng khen cấp Bộ" in " ".join(refused.value.messages)
    submitted = draft(officer, [later], issuer="")
    assert (submitted.authority, submitted.issuer) == ("prime_minister", "Thủ tướng Chính phủ")
    # the earlier draft is still the minister's and is signed as such
    earlier.refresh_from_db()
    assert earlier.authority == "minister" and not earlier.is_higher
    services.decision_sign(actor=officer.user, decision=earlier, number="7/QĐ-BTN", signed_on=today)
    assert Decision.objects.get(pk=earlier.pk).awards.get().code == "BK_BO"


def test_the_office_changes_it_on_the_settings_page(client, officer):
    client.force_login(officer.user)
    url = reverse("agency_settings")
    page = client.get(url).content.decode()
    assert f'value="{KEY}"' in page and 'name="value:BK_TTG"' in page
    fields = {f"value:{code}": level for code, level in authority.DEFAULT_SPLIT.items()}
    posted = {
        "key": KEY,
        **fields,
        "value:CSTD_TQ": "president",
        "reason": "Thử nghiệm",
        "valid_from": "01/02/2027",
    }
    assert client.post(url, posted).status_code == 302
    row = AgencySetting.objects.get(key=KEY)
    assert row.valid_from == date(2027, 2, 1) and row.value["CSTD_TQ"] == "president"
    assert authority.decision_level_for("CSTD_TQ", date(2027, 2, 1)) == "president"
    assert authority.decision_level_for("CSTD_TQ", date(2027, 1, 31)) == "prime_minister"
    refused = client.post(url, {**posted, "value:CSTD_TQ": "king", "valid_from": "01/03/2027"})
    assert refused.status_code == 400 and "king" in refused.content.decode()
    assert AgencySetting.objects.filter(key=KEY).count() == 1
