"""Real local servers for the channels: an SMTP server (aiosmtpd) and an SMS gateway
(http.server in a thread) that records requests and de-duplicates by request id."""

import asyncio
import email
import email.policy
import json
import socket
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from ..factories import PersonFactory, UserFactory


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class SmtpRecorder:
    """Accepts a message only when it answers 250: a client that disconnects during the
    (optional) delay cancels this coroutine, as a real MTA drops an unfinished transaction."""

    def __init__(self) -> None:
        self.messages: list[email.message.EmailMessage] = []
        self.delay = 0.0
        self.answers: list[str] = []  # scripted answers to the next DATA commands

    async def handle_DATA(self, server, session, envelope):
        if self.delay:
            await asyncio.sleep(self.delay)
        if self.answers:
            answer = self.answers.pop(0)
            if not answer.startswith("250"):
                return answer
        self.messages.append(
            email.message_from_bytes(envelope.content, policy=email.policy.default)
        )
        return "250 Message accepted for delivery"

    def message_ids(self) -> Counter:
        return Counter(str(m["Message-ID"]) for m in self.messages)


@pytest.fixture
def smtp_server(settings):
    from aiosmtpd.controller import Controller

    recorder = SmtpRecorder()
    port = free_port()
    controller = Controller(recorder, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_TIMEOUT = 5
    recorder.port = port
    yield recorder
    controller.stop()


class Gateway:
    def __init__(self) -> None:
        self.requests: list[dict] = []
        self.accepted: dict[str, str] = {}  # request_id → provider id: what reaches phones
        self.script: list[str] = []  # "500", "400", "timeout" for the next requests
        self.lock = threading.Lock()
        self.url = ""

    def delivered_counts(self) -> Counter:
        return Counter(self.accepted.keys())


def _gateway_handler(gateway: Gateway):
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):  # keep test output quiet
            return

        def do_POST(self):
            payload = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            with gateway.lock:
                gateway.requests.append(
                    {**payload, "authorization": self.headers.get("Authorization", "")}
                )
                action = gateway.script.pop(0) if gateway.script else "ok"
            if action in {"500", "400"}:
                self.send_response(int(action))
                self.end_headers()
                return
            if action == "timeout":
                time.sleep(1.0)  # the client has given up; the gateway still accepts it
            with gateway.lock:  # de-duplicate by request id, as real gateways do
                provider_id = gateway.accepted.setdefault(
                    payload["request_id"], f"gw-{len(gateway.accepted) + 1}"
                )
            body = json.dumps({"id": provider_id, "status": "accepted"}).encode()
            try:
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            except OSError:
                pass

    return Handler


@pytest.fixture
def sms_gateway(settings):
    gateway = Gateway()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _gateway_handler(gateway))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    gateway.url = f"http://127.0.0.1:{server.server_address[1]}/send"
    settings.SMS_GATEWAY_URL = gateway.url
    settings.SMS_GATEWAY_TOKEN = "gateway-api-token"
    settings.SMS_GATEWAY_TIMEOUT = 0.3
    yield gateway
    server.shutdown()
    server.server_close()


@pytest.fixture
def fast_retries(settings):
    settings.MESSAGING_RETRY_BASE_SECONDS = 0


@pytest.fixture
def members(db):
    """Three members as the Party app would address them: one with e-mail and phone, one
    with neither, one no longer active."""
    return {
        "full": PersonFactory(
            full_name="Trần Thị Hoa",
            email="hoa@thidua.example",
            phone="0912345678",
            user=UserFactory(username="hoa"),
        ),
        "bare": PersonFactory(
            full_name="Lê Văn Nam", email="", phone="", user=UserFactory(username="nam")
        ),
        "inactive": PersonFactory(full_name="Phạm Văn Cũ", is_active=False),
    }
