"""The generated Python client (docs/api_client/thidua_client.py, `thidua api-client`): the
committed file is what the command writes now (so the documentation never drifts from the
API), and it works against a live server: a token, a paged list, a GET with its ETag, an
update with If-Match and a stale one refused with 412."""

import importlib.util
import io
import sys
from contextlib import redirect_stdout
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import timezone

from thidua.accounts.tokens import token_create
from thidua.core.openapi_client import api_schema, generate
from thidua.org.models import Person, UnitName

CLIENT_DIR = Path(settings.BASE_DIR) / "docs" / "api_client"
CLIENT = CLIENT_DIR / "thidua_client.py"


def test_the_committed_client_is_what_the_command_writes_now():
    expected = generate(api_schema())
    assert CLIENT.read_text(encoding="utf-8") == expected, (
        "docs/api_client/thidua_client.py is stale: run `thidua api-client` "
        "(python manage.py api_client) and commit it"
    )


def test_the_command_writes_the_file_and_checks_it(tmp_path):
    target = tmp_path / "client.py"
    call_command("api_client", output=target, stdout=io.StringIO())
    assert target.read_text(encoding="utf-8") == generate(api_schema())
    call_command("api_client", output=target, check=True, stdout=io.StringIO())
    target.write_text("# edited by hand\n", encoding="utf-8")
    with pytest.raises(Exception, match="stale"):
        call_command("api_client", output=target, check=True, stdout=io.StringIO())


def test_every_operation_has_a_method_and_paged_lists_an_iterator():
    client = load_client()
    schema = api_schema()
    methods = {name for name in dir(client.ThiDuaClient) if not name.startswith("_")}
    operations = [op for path in schema["paths"].values() for op in path.values()]
    assert len([m for m in methods if not m.startswith("iter_")]) == len(operations)
    assert {"org_people", "iter_org_people", "goals_key_result_update"} <= methods


def test_the_client_carries_the_vietnamese_descriptions():
    """Each field of a TypedDict has its OpenAPI description above it (`#:`, shown by editors)
    and each method's docstring says what its arguments are."""
    text = generate(api_schema())
    goal = text[text.index("class GoalOut(TypedDict):") :]
    assert "    #: Mã định danh (id).\n    id: int\n" in goal[: goal.index("\n\n\n")]
    method = text[text.index("    def goals_goals(") :]
    doc = method[: method.index('        """\n')]
    assert "unit_id: Chỉ các mục tiêu trong phạm vi đơn vị này" in doc
    assert "limit: Số mục mỗi trang (1–200)." in doc


def load_client():
    spec = importlib.util.spec_from_file_location("thidua_client", CLIENT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["thidua_client"] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def client_module():
    module = load_client()
    yield module
    sys.modules.pop("thidua_client", None)


def test_the_generated_client_against_a_live_server(live_server, org, org_admin, client_module):
    secret = token_create(
        actor=org_admin,
        name="Chương trình nhân sự",
        scopes=["org:write"],
        expires_on=timezone.localdate() + timedelta(days=30),
    ).secret
    api = client_module.ThiDuaClient(live_server.url, secret, timeout=20)

    # a paged list, three at a time, followed to its end
    first = api.org_people(limit=3)
    assert len(first["items"]) == 3 and first["next_cursor"]
    names = [p["full_name"] for p in api.iter_org_people(limit=3)]
    assert sorted(names) == sorted(Person.objects.values_list("full_name", flat=True))
    assert len(names) == len(set(names)) == 4

    # a GET with its ETag, an update with If-Match, the same ETag again → 412
    unit = org["dept_b"]
    tagged = api.org_unit(unit.pk)
    assert tagged.data["code"] == "CB" and tagged.etag.startswith('"')
    tomorrow = timezone.localdate() + timedelta(days=1)
    renamed = api.org_unit_rename(
        unit.pk, body={"name": "Cục Bưu chính", "effective_on": str(tomorrow)}, if_match=tagged.etag
    )
    assert renamed["id"] == unit.pk
    with pytest.raises(client_module.PreconditionFailed) as stale:
        api.org_unit_rename(
            unit.pk,
            body={"name": "Cục khác", "effective_on": str(tomorrow + timedelta(days=1))},
            if_match=tagged.etag,
        )
    assert stale.value.status == 412 and stale.value.detail
    with pytest.raises(client_module.PreconditionRequired):
        api.org_unit_rename(unit.pk, body={"name": "Cục khác", "effective_on": str(tomorrow)})
    names_kept = UnitName.objects.filter(unit=unit).order_by("valid_from")
    assert [n.name for n in names_kept] == ["Cục B", "Cục Bưu chính"]

    # a wrong token: AuthError with the server's message
    with pytest.raises(client_module.AuthError) as refused:
        client_module.ThiDuaClient(live_server.url, "td_not-a-token").org_units()
    assert refused.value.status == 401


def test_the_documented_example_runs_against_a_live_server(
    live_server, org, org_admin, client_module
):
    secret = token_create(
        actor=org_admin,
        name="Ví dụ",
        scopes=["org:write"],
        expires_on=timezone.localdate() + timedelta(days=30),
    ).secret
    spec = importlib.util.spec_from_file_location("thidua_example", CLIENT_DIR / "example.py")
    assert spec is not None and spec.loader is not None
    example = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(example)
    out = io.StringIO()
    with redirect_stdout(out):
        code = example.main(live_server.url, secret, unit_code="CA", new_name="Cục A mới")
    assert code == 0, out.getvalue()
    assert "4 people" in out.getvalue() and "Renamed: Cục A mới" in out.getvalue()
