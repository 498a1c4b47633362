"""PostgreSQL stopped or restarted under a running web server: people get a clear page in
Vietnamese (503, "try again"), never a 500 or a hang, and the next request after the
database is back works.

The test runs its OWN PostgreSQL cluster in a temporary folder on a spare port (the
machine's shared server is never touched) and a real gunicorn worker pointed at it.
"""

import contextlib
import glob
import json
import os
import pwd
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings

from ..conftest import require_service

PAGE = "/accounts/password/"  # needs the session, the user and the role tables

# The test brings its own cluster, so the suite's database does not matter: run it once,
# in the SQLite pass of `make test`.
pytestmark = pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3",
    reason="uses its own PostgreSQL cluster; runs once, in the SQLite pass",
)


def _pg_bin() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    return Path(found[-1]).parent if found else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Cluster:
    """A throw-away PostgreSQL cluster (run as the postgres user when we are root)."""

    def __init__(self, bin_dir: Path):
        self.bin = bin_dir
        self.dir = Path(tempfile.mkdtemp(prefix="thidua-pg-"))
        self.port = _free_port()
        self.as_postgres = os.geteuid() == 0
        if self.as_postgres:
            entry = pwd.getpwnam("postgres")
            os.chown(self.dir, entry.pw_uid, entry.pw_gid)
        self._run("initdb", "-D", str(self.dir / "data"), "-A", "trust", "-U", "postgres")

    def _run(self, tool: str, *args: str) -> None:
        command = [str(self.bin / tool), *args]
        if self.as_postgres:
            command = ["runuser", "-u", "postgres", "--", *command]
        subprocess.run(command, check=True, capture_output=True, timeout=60)

    def pg_ctl(self, action: str) -> None:
        options = f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c fsync=off"
        args = ["-D", str(self.dir / "data"), "-w", "-m", "fast", "-l", str(self.dir / "log")]
        if action in ("start", "restart"):
            args += ["-o", options]
        self._run("pg_ctl", *args, action)

    def url(self, database: str) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}?connect_timeout=3"

    def remove(self) -> None:
        with contextlib.suppress(subprocess.CalledProcessError):  # already stopped
            self.pg_ctl("stop")
        shutil.rmtree(self.dir, ignore_errors=True)


@pytest.fixture(scope="module")
def cluster():
    bin_dir = _pg_bin()
    require_service("PostgreSQL server binaries (initdb)", lambda: bin_dir is not None)
    created = Cluster(bin_dir)
    created.pg_ctl("start")
    yield created
    created.remove()


SETUP = """
import django
django.setup()
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.auth import get_user_model
from django.contrib.sessions.backends.db import SessionStore
from django.core.management import call_command
from django.db import connection
with connection.cursor() as cursor:
    cursor.execute("SELECT 1")
for app in ("accounts", "sessions", "org"):
    call_command("migrate", app, verbosity=0)
user = get_user_model().objects.create_user(username="an", password="mat-khau-rat-dai")
session = SessionStore()
session[SESSION_KEY] = str(user.pk)
session[BACKEND_SESSION_KEY] = "thidua.accounts.backends.LocalBackend"
session[HASH_SESSION_KEY] = user.get_session_auth_hash()
session.create()
print(session.session_key)
"""


def _get(url: str, session_key: str, timeout: float = 10) -> tuple[int, str, float]:
    cookie = {"Cookie": f"sessionid={session_key}"}
    request = urllib.request.Request(url, headers=cookie)  # noqa: S310 (our local server)
    started = time.monotonic()
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            return response.status, response.read().decode(), time.monotonic() - started
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(), time.monotonic() - started


@pytest.fixture(scope="module")
def web(cluster, tmp_path_factory):
    """A gunicorn worker (one process, one persistent connection) on the cluster; shared by
    the tests here, each of which leaves the database running."""
    tmp_path = tmp_path_factory.mktemp("web")
    subprocess.run(
        [str(cluster.bin / "createdb"), "-h", "127.0.0.1", "-p", str(cluster.port)]
        + ["-U", "postgres", "thidua"],
        check=True,
        capture_output=True,
        timeout=30,
    )
    env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "THIDUA_JOBS_MODE")}
    env |= {"DJANGO_SETTINGS_MODULE": "config.settings.test", "DATABASE_URL": cluster.url("thidua")}
    base = Path(settings.BASE_DIR)
    setup = subprocess.run(
        [sys.executable, "-c", SETUP], cwd=base, env=env, capture_output=True, text=True, timeout=60
    )
    assert setup.returncode == 0, setup.stderr[-3000:]
    session_key = setup.stdout.strip().splitlines()[-1]
    port = _free_port()
    log = (tmp_path / "gunicorn.log").open("wb")
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "config.wsgi", "-b", f"127.0.0.1:{port}"]
        + ["-w", "1", "--timeout", "30", "--control-socket", str(tmp_path / "g.ctl")],
        cwd=base,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}{PAGE}"
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            time.sleep(0.2)
    # The worker imports the project on its first request: on a busy machine (the suite runs
    # on two cores, beside a browser) that alone can take longer than the tests' 10 s limit,
    # which is there to catch a hang while the database is down, not a slow start.
    status, body, _ = _get(url, session_key, timeout=120)
    assert status == 200, body[-2000:]
    yield url, session_key
    server.terminate()
    try:
        server.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.kill()


def _assert_unavailable_page(status: int, body: str, seconds: float) -> None:
    assert status == 503
    assert seconds < 8  # answered, not hung
    assert "Tạm thời gián đoạn" in body
    assert "thử lại" in body.lower()
    assert "Traceback" not in body and "OperationalError" not in body


def test_database_down_gives_a_vietnamese_503_and_the_site_recovers(cluster, web):
    url, session_key = web
    status, body, _ = _get(url, session_key)
    assert status == 200, body[-2000:]
    assert "Đổi mật khẩu" in body

    cluster.pg_ctl("stop")
    _assert_unavailable_page(*_get(url, session_key))
    _assert_unavailable_page(*_get(url, session_key))  # still down: same clear answer
    api_status, api_body, _ = _get(url.replace(PAGE, "/api/v1/goals/goals"), session_key)
    assert api_status == 503
    assert "thử lại" in json.loads(api_body)["detail"]

    cluster.pg_ctl("start")
    status, body, _ = _get(url, session_key)
    assert status == 200, body[-2000:]


def test_the_first_request_after_a_restart_works(cluster, web):
    """The worker's persistent connection died with the restart; it is replaced at once."""
    url, session_key = web
    assert _get(url, session_key)[0] == 200

    cluster.pg_ctl("restart")
    status, body, _ = _get(url, session_key)
    assert status == 200, body[-2000:]
