"""Messages waiting for a person ("Việc của tôi", section "todo").

Key "messaging.acknowledge:<dispatch>": an in-app message (a Party digest sent by a
campaign, …) the person has not acknowledged ("Đã đọc và quán triệt" on the message's page);
a reminder counts with the message it follows up, under the first one's dispatch. The
message's own page, where it is acknowledged, is the link. This app owns "read and
acknowledge" for every message; the Party app gives only what is its own (answers to the
digest's questions). A classified message's subject is never put in an item (items go out
by e-mail too)."""

from django.urls import reverse
from django.utils.translation import gettext as _

from thidua.core.nextsteps import TODO, NextStep, moment

from .selectors import messages_to_acknowledge

PRIORITY = 10


def messaging_next_steps(user) -> list[NextStep]:
    steps = []
    for delivery in messages_to_acknowledge(viewer=user):
        dispatch = delivery.dispatch
        steps.append(
            NextStep(
                _("Read and acknowledge a classified message")
                if dispatch.classified
                else (
                    _("Read and acknowledge: %(subject)s")
                    if dispatch.asks_understanding
                    else _("Read and confirm: %(subject)s")
                )
                % {"subject": dispatch.subject},
                reverse("messaging:message", args=[delivery.token]),
                detail=dispatch.sender,
                priority=PRIORITY,
                section=TODO,
                key=f"messaging.acknowledge:{delivery.thread_dispatch_id}",  # type: ignore[attr-defined]
                since=moment(delivery.waiting_since),  # type: ignore[attr-defined]
            )
        )
    return steps
