"""Locust scenarios for `python -m bench.load` (see docs/BENCHMARKS.md, "Load").

Reads the plan written by the runner (BENCH_LOAD_PLAN, JSON) and the per-user pace
(BENCH_LOAD_PACE, tasks per second for each simulated user).

- MixUser: a signed-in member (ready-made session) doing a realistic mix: home page,
  their unit's goal tree, a check-in on one of their key results, the ministry dashboard,
  opening a digest and acknowledging it, a question to the assistant.
- AckUser: acknowledgements alone — every pair is a different member (ready-made session)
  opening their personal link and pressing "Đã đọc và quán triệt" (the htmx POST).
"""

import itertools
import json
import os
import random
import re
import string
import time

import gevent
from locust import FastHttpUser, constant_throughput, task
from locust.exception import StopUser

PLAN = json.load(open(os.environ["BENCH_LOAD_PLAN"], encoding="utf-8"))  # noqa: SIM115
PACE = float(os.environ.get("BENCH_LOAD_PACE", "1"))
CSRF_FORM = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
QUESTIONS = [
    "Điều kiện để được tặng danh hiệu Chiến sĩ thi đua cơ sở là gì?",
    "Kế hoạch an toàn thông tin năm 2026 có những nhiệm vụ nào?",
    "Hội đồng thi đua khen thưởng bỏ phiếu như thế nào?",
    "Ai có thẩm quyền tặng Bằng khen của Bộ trưởng?",
]
ACCOUNTS = PLAN["accounts"]
_accounts = itertools.cycle(range(len(ACCOUNTS)))
_spawned = itertools.count()
# Acknowledgements: digest by digest, each member once per digest.
_pairs = iter(
    [
        (a["session"], a["tokens"][d])
        for d in range(PLAN["digests"])
        for a in ACCOUNTS
        if d < len(a["tokens"])
    ]
)


def _stagger(user) -> None:
    """Start each user at a random point of its period, so a stage offers a steady rate
    instead of every user's tasks at once. Locust's constant_pacing counts a user's period
    from when the user was made (`_cp_last_run`), not from its first task: without setting
    it here, every user's second task fell due at the same moment, 1/PACE after the spawn,
    and so on — a stage of "2 tasks a second" was all of its 30 users at once every 15 s
    (seen in the access log: requests sent in bursts 15 s apart)."""
    gevent.sleep(random.uniform(0, 1 / PACE))  # noqa: S311
    user._cp_last_run = time.perf_counter()


def _ok(response, *expected: int) -> None:
    if response.status_code not in expected:
        response.failure(f"HTTP {response.status_code}")
    else:
        response.success()


class MixUser(FastHttpUser):
    """One signed-in person; every tenth is one of the demo's role accounts (minister, unit
    head, emulation office...). Sessions are made by the set-up as a sign-in would leave
    them: a herd of simultaneous Argon2 sign-ins is not part of a steady working day."""

    wait_time = constant_throughput(PACE)

    def on_start(self):
        n = next(_spawned)
        logins = PLAN["demo_logins"]
        if n % 10 == 0 and n // 10 < len(logins):
            self.account = None
            session = PLAN["demo_sessions"][logins[n // 10]]
        else:
            self.account = ACCOUNTS[next(_accounts)]
            session = self.account["session"]
        self.tokens = list(self.account["tokens"]) if self.account else []
        _stagger(self)
        self.csrf = "".join(random.choices(string.ascii_letters + string.digits, k=32))  # noqa: S311
        self.cookie = f"sessionid={session}; csrftoken={self.csrf}"

    def _headers(self) -> dict:
        # A new connection for every request, as a reverse proxy's upstream requests are by
        # default. A kept-alive one would sit idle between this person's tasks (seconds at
        # these rates) past gunicorn's keep-alive (2 s): gunicorn closes it, and a POST sent
        # as it does so fails with no answer ("HTTP 0"; the client retries only GETs).
        # X-Sent: when the client sent it (the access log's %({x-sent}i)s), to tell a wait
        # before the server read the request from one in the server
        return {"Cookie": self.cookie, "Connection": "close", "X-Sent": f"{time.time():.3f}"}

    def _post(self, url, data, name, expected=(200, 302), htmx=False, confirm=None):
        """POST the form; with `confirm` (a field name), a 200 answer carrying that field is
        the page asking the person to confirm an unusual value, which they do (second POST)."""
        headers = self._headers()
        headers["X-CSRFToken"] = self.csrf
        if htmx:
            headers["HX-Request"] = "true"
        self.client.cookiejar.clear()
        with self.client.post(
            url, data=data, headers=headers, name=name, allow_redirects=False, catch_response=True
        ) as r:
            asks = confirm and r.status_code == 200 and confirm in (r.text or "")
            if asks:
                r.success()
            else:
                _ok(r, *expected)
        if asks:
            self._post(url, {**data, confirm: "on"}, f"{name} (confirmed)", expected)

    def _get(self, url, name):
        self.client.cookiejar.clear()
        with self.client.get(url, headers=self._headers(), name=name, catch_response=True) as r:
            _ok(r, 200)

    @task(4)
    def home(self):
        self._get("/", "home")

    @task(2)
    def goal_tree(self):
        unit = self.account["unit"] if self.account else None
        if unit:
            self._get(f"/goals/units/{unit}/", "goal tree")
        else:
            self._get("/goals/", "my goals")

    @task(2)
    def check_in(self):
        krs = self.account["key_results"] if self.account else []
        if not krs:
            return self.home()
        kr, goal = random.choice(krs)  # noqa: S311
        self._get(f"/goals/{goal}/", "goal page")
        self._post(
            f"/goals/key-results/{kr}/check-in/",
            {"value": str(random.randint(1, 90)), "confidence": "on_track", "comment": "bench"},  # noqa: S311
            "check-in",
            expected=(302,),
            confirm="confirm_unusual",  # a value far from the last asks for a confirmation
        )

    @task(1)
    def dashboard(self):
        self._get("/goals/dashboard/", "dashboard")

    @task(2)
    def digest(self):
        if not self.tokens:
            return self._get("/messages/", "inbox")
        token = self.tokens.pop(0)
        self._get(f"/messages/m/{token}/", "message page")
        self._post(f"/messages/m/{token}/acknowledge/", {}, "acknowledge", (200,), htmx=True)

    @task(1)
    def assistant(self):
        self._post(
            "/assistant/",
            {"question": random.choice(QUESTIONS)},  # noqa: S311
            "assistant question",
            (200,),
            htmx=True,
        )


class AckUser(FastHttpUser):
    """A stream of different members, each opening their link and acknowledging once."""

    wait_time = constant_throughput(PACE)

    def on_start(self):
        _stagger(self)
        # A browser's CSRF secret (32 letters and digits), reused by this stream.
        self.csrf = "".join(random.choices(string.ascii_letters + string.digits, k=32))  # noqa: S311

    @task
    def acknowledge(self):
        try:
            session, token = next(_pairs)
        except StopIteration:
            raise StopUser() from None
        cookie = f"sessionid={session}; csrftoken={self.csrf}"
        self.client.cookiejar.clear()
        with self.client.get(
            f"/messages/m/{token}/",
            headers={"Cookie": cookie},
            name="message page",
            catch_response=True,
        ) as r:
            if r.status_code != 200 or "/acknowledge/" not in (r.text or ""):
                r.failure(f"HTTP {r.status_code} without the acknowledge form")
                return
            r.success()
        self.client.cookiejar.clear()
        with self.client.post(
            f"/messages/m/{token}/acknowledge/",
            data={},
            headers={"Cookie": cookie, "X-CSRFToken": self.csrf, "HX-Request": "true"},
            name="acknowledge",
            allow_redirects=False,
            catch_response=True,
        ) as r:
            _ok(r, 200)
