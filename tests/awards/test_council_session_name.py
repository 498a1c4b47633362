"""A council session is named once (CouncilSession.display_name): a title that already names
the meeting ("Phiên họp Hội đồng Thi đua – Khen thưởng năm 2025") is shown as it is, another
("Xét khen thưởng năm 2025") gets the word "Phiên họp" — in the hand-off messages, on the
session's page and in the minutes, never "Phiên họp Phiên họp …"."""

from io import BytesIO

import pytest
from django.urls import reverse
from docx import Document

from thidua.awards.models import CouncilSession

pytestmark = pytest.mark.django_db

NAMED = "Phiên họp Hội đồng Thi đua – Khen thưởng năm 2025"
PLAIN = "Xét khen thưởng năm 2025"


@pytest.mark.parametrize(
    ("title", "name", "minutes_heading"),
    [
        (NAMED, NAMED, NAMED),
        (PLAIN, f"Phiên họp {PLAIN}", f"Họp Hội đồng Thi đua - Khen thưởng: {PLAIN}"),
    ],
)
def test_a_session_reads_naturally_in_its_message_page_and_minutes(
    client, officer, council_member, title, name, minutes_heading
):
    client.force_login(officer.user)
    created = client.post(
        reverse("awards:session_list"), {"title": title, "held_on": "2026-01-05"}, follow=True
    )
    session = CouncilSession.objects.get()
    said = [str(m) for m in created.context["messages"]]
    closed = client.post(reverse("awards:session_close", args=[session.pk]), follow=True)
    said += [str(m) for m in closed.context["messages"]]
    page = client.get(reverse("awards:session_detail", args=[session.pk])).content.decode()
    minutes = client.get(reverse("awards:session_minutes", args=[session.pk]))
    heading = [p.text for p in Document(BytesIO(minutes.content)).paragraphs]

    assert session.display_name == name
    assert said[0].startswith(f"Đã tạo “{name}” với 1 thành viên Hội đồng;")
    assert said[1].startswith(f"Đã kết thúc “{name}”; Hội đồng không thông qua")
    assert f"<h1>{name}</h1>" in page
    assert minutes_heading in heading
    for text in [*said, page, *heading]:
        assert "Phiên họp Phiên họp" not in text and "phiên họp “Phiên họp" not in text
