from django.contrib.auth import authenticate, get_user_model
from django.core.management import call_command

from thidua.org.demo import DEMO_LOGINS, DEMO_PASSWORD, demo_load
from thidua.org.models import PartyMembership, Person, Unit


def test_demo_loads_the_seed_units_and_is_idempotent(db):
    call_command("demo", people=300)
    counts = (Unit.objects.count(), Person.objects.count(), PartyMembership.objects.count())
    names = set(Unit.objects.values_list("name", flat=True))
    for seed_unit in (
        "Cục An toàn thông tin",
        "Cục Viễn thông",
        "Cục Báo chí",
        "Vụ Pháp chế",
        "Cục Chuyển đổi số quốc gia",
        "Vụ Tổ chức cán bộ",
        "Cục Công nghiệp ICT",
    ):
        assert seed_unit in names
    assert 300 <= counts[1] <= 310
    call_command("demo", people=300)
    assert (Unit.objects.count(), Person.objects.count(), PartyMembership.objects.count()) == counts


def test_every_demo_login_works_with_the_documented_password(db, rf):
    demo_load(people=300)
    for login in DEMO_LOGINS:
        user = authenticate(
            rf.post("/accounts/login/"), username=login.username, password=DEMO_PASSWORD
        )
        assert user is not None, login.username


def test_the_administrator_who_is_no_one_s_record_is_greeted_by_what_the_account_is(db, client):
    demo_load(people=300)
    client.force_login(get_user_model().objects.get(username="quantri"))
    page = client.get("/").content.decode()
    assert "Xin chào, Quản trị hệ thống" in page and "Xin chào, quantri" not in page


def test_demo_people_are_deterministic_from_the_seed():
    from thidua.org.demo import DemoBuilder

    def names(seed):
        builder = DemoBuilder(people=300, seed=seed)
        return [builder._name()[0] for _ in range(50)]

    assert names(7) == names(7)
    assert names(7) != names(8)
