"""The 2025 merger of the demo ministry into the Ministry of Science and Technology: a dated
merge, so pages on a 2024 date show the Ministry of Information and Communications, today's
show the merged ministry, and the unit keeps its history."""

from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.factories import PersonFactory, UnitFactory
from thidua.awards.documents import letterhead
from thidua.goals.review import monthly_review
from thidua.org import selectors
from thidua.org.demo import (
    FORMER_MOST_CODE,
    MERGER_ON,
    ROOT_CODE,
    demo_load,
    ministry_merger_build,
)
from thidua.org.models import Person, Unit, UnitChange
from thidua.org.services import unit_merge

OLD = "Bộ Thông tin và Truyền thông"
NEW = "Bộ Khoa học và Công nghệ"
IN_2024 = date(2024, 6, 30)


@pytest.fixture
def demo(db):
    demo_load(people=60)
    return Unit.objects.get(code=ROOT_CODE)


@pytest.fixture
def minister(demo, client):
    client.force_login(get_user_model().objects.get(username="botruong"))
    return client


def root_names(on):
    viewer = get_user_model().objects.get(username="botruong")
    return [u.name_then for u in selectors.unit_tree_nested(viewer=viewer, on=on)]


def test_demo_records_the_merger_once_through_a_dated_merge(demo):
    assert (demo.name, demo.short_name) == (NEW, "Bộ KH&CN")
    former = Unit.objects.get(code=FORMER_MOST_CODE)
    assert (former.valid_from, former.valid_to) == (date(2020, 1, 1), MERGER_ON)
    change = UnitChange.objects.get(kind="merge")
    assert change.effective_on == date(2025, 3, 1)
    assert "176/2025/QH15" in change.basis and "55/2025/NĐ-CP" in change.basis
    assert "minh hoạ" in change.note
    assert set(change.sources.all()) == {demo, former}
    assert list(change.targets.all()) == [demo]
    # the continuing units stay the ministry's, with their people
    attt = Unit.objects.get(name="Cục An toàn thông tin")
    assert attt.parent_id == demo.pk and attt.valid_to is None
    assert Person.objects.filter(unit__path__startswith=demo.path).count() >= 60
    assert ministry_merger_build() is False
    assert UnitChange.objects.filter(kind="merge").count() == 1


def test_the_tree_shows_the_old_ministry_in_2024_and_the_merged_one_today(demo):
    assert root_names(IN_2024)[0] == OLD
    assert set(root_names(IN_2024)) == {OLD, NEW}  # the two ministries before the merger
    assert root_names(date(2025, 2, 28)) == [OLD, NEW]
    assert root_names(MERGER_ON) == [NEW]
    assert root_names(None) == [NEW]


def test_tree_and_unit_pages_take_a_date(demo, minister):
    page = minister.get(reverse("org:tree"), {"on": "2024-06-30"}).content.decode()
    assert OLD in page and "Cục An toàn thông tin" in page
    page = minister.get(reverse("org:tree")).content.decode()
    assert OLD not in page and NEW in page

    url = reverse("org:unit", args=[demo.pk])
    then = minister.get(url, {"on": "2024-06-30"}).content.decode()
    assert f'<h1 id="unit-name">{OLD}' in then
    now = minister.get(url).content.decode()
    assert f'<h1 id="unit-name">{NEW}' in now
    history = now[now.index('id="unit-history"') :]
    assert "01/03/2025" in history and OLD in history and "176/2025/QH15" in history
    former = Unit.objects.get(code=FORMER_MOST_CODE)
    assert reverse("org:unit", args=[former.pk]) in history

    gone = minister.get(reverse("org:unit", args=[former.pk])).content.decode()
    assert "01/03/2025" in gone and 'class="warning"' in gone
    assert minister.get(url, {"on": "2024-02-30"}).status_code == 400


def test_documents_and_the_monthly_review_carry_the_name_of_their_date(demo):
    botruong = get_user_model().objects.get(username="botruong")
    june_2024 = monthly_review(viewer=botruong, year=2024, month=6)
    assert (june_2024.issuer.name, june_2024.issuer.unit_name) == (OLD.upper(), OLD)
    march_2025 = monthly_review(viewer=botruong, year=2025, month=3)
    assert march_2025.issuer.name == NEW.upper()
    head = letterhead(date(2024, 12, 20))
    assert (head.name, head.short) == (OLD.upper(), "BTTTT")
    head = letterhead(date(2025, 3, 1))
    assert (head.name, head.short) == (NEW.upper(), "BKHCN")
    assert letterhead().name == NEW.upper()


def test_merge_into_a_renamed_target_keeps_its_units_people_and_old_name(org, org_admin):
    other = UnitFactory(code="BO2", name="Bộ Khác", kind="ministry")
    PersonFactory(unit=other, full_name="Người Bộ Khác")
    unit_merge(
        actor=org_admin,
        sources=[other],
        target=org["root"],
        effective_on=date(2025, 3, 1),
        new_name="Bộ Hợp nhất",
    )
    root = Unit.objects.get(pk=org["root"].pk)
    assert root.name == "Bộ Hợp nhất" and root.valid_to is None
    assert selectors.unit_name_on(unit=root, on=date(2025, 2, 28))[0] == "Bộ Thử nghiệm"
    assert Unit.objects.get(pk=org["dept_a"].pk).parent_id == root.pk
    assert Person.objects.get(full_name="Người Bộ Khác").unit_id == root.pk
    (change,) = selectors.unit_history(unit=root)[-1:]
    assert [name for _u, name in change.from_names] == ["Bộ Thử nghiệm", "Bộ Khác"]
    assert [name for _u, name in change.to_names] == ["Bộ Hợp nhất"]


def test_merge_refuses_a_closed_source_and_a_name_not_after_the_current_one(org, org_admin):
    other = UnitFactory(code="BO2", name="Bộ Khác", kind="ministry", valid_to=date(2024, 1, 1))
    with pytest.raises(ValidationError):
        unit_merge(
            actor=org_admin, sources=[other], target=org["root"], effective_on=date(2025, 3, 1)
        )
    fresh = UnitFactory(code="BO3", name="Bộ Mới", kind="ministry")
    with pytest.raises(ValidationError):
        unit_merge(
            actor=org_admin,
            sources=[fresh],
            target=org["root"],
            effective_on=date(2019, 1, 1),
            new_name="Bộ Lùi",
        )
