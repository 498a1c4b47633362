"""Channel adapters: send one delivery, or say why it failed (retryable or not).

Each send is idempotent by the delivery token: the e-mail's Message-ID is derived from it
and the SMS gateway de-duplicates by request id = token, so a resend after a crash that the
database did not record is recognisable as the same message downstream.
"""

import contextlib
import json
import smtplib
import unicodedata
import urllib.error
import urllib.request
from dataclasses import dataclass
from email.utils import parseaddr
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.utils.translation import gettext_lazy as _

from .choices import CHANNELS_REFUSED_WHEN_CLASSIFIED, Channel
from .constants import SMS_TIMEOUT_SECONDS
from .links import absolute_links, absolute_url
from .sms import sms_message


class SendError(Exception):
    retryable = False


class RetryableSendError(SendError):
    retryable = True


class PermanentSendError(SendError):
    retryable = False


@dataclass(frozen=True)
class SendResult:
    provider_message_id: str = ""


def personal_link(dispatch: Any, delivery: Any) -> str:
    """The member's personal link as e-mail and SMS carry it: absolute, from the configured
    site address (a relative path opens nothing in a mail client or on a phone)."""
    return absolute_url(f"{dispatch.link_base}{delivery.token}")


def sms_enabled() -> bool:
    """SMS really goes out only through a configured gateway."""
    return bool(sms_gateway_url())


def sms_gateway_url() -> str:
    return getattr(settings, "SMS_GATEWAY_URL", "") or ""


def channel_unavailable_reason(channel: str, *, classified: bool) -> str:
    """Why a channel cannot be used for a message, or "" when it can."""
    if classified and channel in CHANNELS_REFUSED_WHEN_CLASSIFIED:
        return str(_("Classified messages are never sent by e-mail or SMS."))
    if channel == Channel.SMS and not sms_gateway_url():
        # said to the office in words; the setting's name is for the administrator (README)
        return str(
            _("SMS is off: the agency has not set up an SMS gateway; ask the system administrator.")
        )
    return ""


def _refuse_classified(dispatch: Any, channel: str) -> None:
    if dispatch.classified and channel in CHANNELS_REFUSED_WHEN_CLASSIFIED:
        raise PermanentSendError("classified message refused on this channel")


def sender_address(name: str) -> str | None:
    """The agency's address under the name of the body that sends ("Chi bộ A
    <thidua@bo.gov.vn>"); None (the default sender) without a name."""
    if not name:
        return None
    address = parseaddr(getattr(settings, "DEFAULT_FROM_EMAIL", "") or "thidua@localhost")[1]
    name = " ".join(name.split()).replace("\\", "").replace('"', "")
    # left unencoded: Django encodes the Vietnamese name when it writes the header
    return f'"{name}" <{address or "thidua@localhost"}>'


def message_id_for(token: str) -> str:
    sender = getattr(settings, "DEFAULT_FROM_EMAIL", "") or "thidua@localhost"
    domain = sender.rsplit("@", 1)[-1].strip(" >") or "localhost"
    return f"<{token}@{domain}>"


class EmailChannel:
    """One SMTP connection per chunk (opened lazily), one message per delivery."""

    def __init__(self) -> None:
        self._connection = None

    def __enter__(self) -> "EmailChannel":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self._connection is not None:
            with contextlib.suppress(Exception):  # a broken connection is dropped anyway
                self._connection.close()
            self._connection = None

    def send(self, delivery: Any) -> SendResult:
        dispatch, person = delivery.dispatch, delivery.person
        _refuse_classified(dispatch, Channel.EMAIL)
        if not person.email:
            raise PermanentSendError("no e-mail address")
        body = absolute_links(dispatch.body)
        if dispatch.link_base:
            link = personal_link(dispatch, delivery)
            body = (
                f"{body}\n\n{_('Your personal link (read and confirm): %(url)s') % {'url': link}}"
            )
        message = EmailMessage(
            subject=dispatch.subject,
            body=body,
            from_email=sender_address(getattr(dispatch, "sender", "")),
            to=[person.email],
            headers={"Message-ID": message_id_for(delivery.token)},
        )
        try:
            if self._connection is None:
                self._connection = get_connection(fail_silently=False)
                self._connection.open()
            self._connection.send_messages([message])
        except smtplib.SMTPRecipientsRefused as exc:
            raise PermanentSendError(f"recipient refused: {exc}") from exc
        except smtplib.SMTPResponseException as exc:
            self.close()
            if 500 <= exc.smtp_code < 600:
                raise PermanentSendError(f"SMTP {exc.smtp_code}: {exc.smtp_error!r}") from exc
            raise RetryableSendError(f"SMTP {exc.smtp_code}: {exc.smtp_error!r}") from exc
        except (smtplib.SMTPException, OSError) as exc:
            self.close()
            raise RetryableSendError(f"SMTP: {exc}") from exc
        return SendResult(provider_message_id=message_id_for(delivery.token))


class SmsGatewayChannel:
    """HTTP POST {request_id, to, text} as JSON; the gateway de-duplicates by request_id."""

    def __enter__(self) -> "SmsGatewayChannel":
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def send(self, delivery: Any) -> SendResult:
        dispatch, person = delivery.dispatch, delivery.person
        _refuse_classified(dispatch, Channel.SMS)
        url = sms_gateway_url()
        if not url:
            raise PermanentSendError("SMS gateway not configured (SMS_GATEWAY_URL)")
        if not person.phone:
            raise PermanentSendError("no phone number")
        text = sms_message(dispatch.sms_text, personal_link(dispatch, delivery))
        payload = {
            "request_id": delivery.token,
            "to": person.phone,
            "text": unicodedata.normalize("NFC", text),
        }
        headers = {"Content-Type": "application/json; charset=utf-8"}
        token = getattr(settings, "SMS_GATEWAY_TOKEN", "")
        if token:
            headers["Authorization"] = f"Bearer {token}"
        request = urllib.request.Request(  # noqa: S310 - URL comes from settings
            url, data=json.dumps(payload).encode(), headers=headers, method="POST"
        )
        timeout = getattr(settings, "SMS_GATEWAY_TIMEOUT", SMS_TIMEOUT_SECONDS)
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
                raw = response.read()
        except urllib.error.HTTPError as exc:
            if exc.code >= 500 or exc.code == 429:
                raise RetryableSendError(f"gateway HTTP {exc.code}") from exc
            raise PermanentSendError(f"gateway HTTP {exc.code}") from exc
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            raise RetryableSendError(f"gateway unreachable: {exc}") from exc
        try:
            answer = json.loads(raw or b"{}")
        except ValueError:
            answer = {}
        return SendResult(provider_message_id=str(answer.get("id", ""))[:120])


CHANNEL_ADAPTERS: dict[str, type[EmailChannel] | type[SmsGatewayChannel]] = {
    Channel.EMAIL: EmailChannel,
    Channel.SMS: SmsGatewayChannel,
}
