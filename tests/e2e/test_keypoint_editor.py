"""The Party key-point editor in a real browser (issue 12, point 5): each point is a
full-width box in the page's own font, three rows and growing with its text, with a live count
under it of the characters the app counts (out of its 300) and of the SMS the point would
take, counted as thidua.messaging.sms counts (UCS-2 70/67 with diacritics, GSM-7 160/153
without; the count without diacritics too)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.party.conftest import party, resolution_text  # noqa: F401 (fixtures)
from thidua.messaging.sms import sms_parts, strip_diacritics
from thidua.party import selectors, services

from .test_browser import log_in

pytestmark = pytest.mark.e2e
COUNT = re.compile(
    r"^(\d+) / 300 ký tự · gửi SMS: (?:vừa 1 tin|bị tách thành (\d+) tin) \((GSM-7|UCS-2)"
)


def _counted(text: str) -> tuple[int, int, str]:
    match = COUNT.match(text)
    assert match, text
    return int(match[1]), int(match[2] or 1), match[3]


def test_typing_a_key_point_updates_its_sms_counter(
    transactional_db,
    party,  # noqa: F811 (the Party fixtures, imported above)
    resolution_text,  # noqa: F811
    live_server,
    page,
):
    resolution = services.resolution_upload(
        actor=party["secretary_a"].user,
        body=party["cell_a"],
        title="Nghị quyết chuyển đổi số",
        file_name="nq.txt",
        data=resolution_text.encode(),
    )
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, live_server, "bithu-a", "mật-khẩu-thử-123")
    page.get_by_role("heading", name="Xin chào", exact=False).first.wait_for()
    page.goto(f"{live_server.url}/party/resolutions/{resolution.pk}/")

    box = page.locator("#id_form-0-text")
    counter = page.locator("#id_form-0-text-count")
    # A wide box in the page's font (no more two-row monospace boxes), described by its count.
    assert box.get_attribute("rows") == "3"
    font = box.evaluate("el => getComputedStyle(el).fontFamily")
    assert "mono" not in font.lower() and font == page.evaluate(
        "getComputedStyle(document.body).fontFamily"
    )
    fieldset = page.locator("fieldset.keypoint-item").first.bounding_box()
    assert box.bounding_box()["width"] > 0.85 * fieldset["width"]
    assert box.get_attribute("aria-describedby") == "id_form-0-text-count"
    extracted = box.input_value()
    expect(counter).to_contain_text(f"{len(' '.join(extracted.split()))} / 300 ký tự")

    # Typing: the count follows each key; 70 Vietnamese characters fit one SMS, 71 split.
    box.fill("")
    expect(counter).to_contain_text("0 / 300 ký tự · để trống")
    box.press_sequentially("Nghị quyết")
    expect(counter).to_have_text(
        "10 / 300 ký tự · gửi SMS: vừa 1 tin (UCS-2, tối đa 70 ký tự) · không dấu: 1 tin"
    )
    box.fill("ệ" * 70)
    expect(counter).to_contain_text("70 / 300 ký tự · gửi SMS: vừa 1 tin (UCS-2")
    box.press_sequentially("ệ")
    expect(counter).to_contain_text("71 / 300 ký tự · gửi SMS: bị tách thành 2 tin (UCS-2, 67")
    expect(counter).to_have_class(re.compile(r"\bsplit\b"))

    # The same numbers as the app's own count, whatever the text.
    samples = [
        "a" * 160,
        "a" * 161,
        "{[~]}" * 40,  # GSM-7 extension characters take two septets each
        "Chuyển   đổi\nsố" + " quốc gia" * 20,  # runs of whitespace count as one space
        "Đảng bộ 🇻🇳 " * 12,  # characters outside the BMP take two UCS-2 units
    ]
    for sample in samples:
        kept = " ".join(sample.split())
        box.fill(sample)
        info = sms_parts(kept)
        expect(counter).to_contain_text(f"{len(kept)} / 300 ký tự")
        assert _counted(counter.text_content())[1:] == (info.parts, info.encoding), sample
        if info.encoding == "UCS-2":
            plain = sms_parts(strip_diacritics(kept)).parts
            assert counter.text_content().endswith(f"không dấu: {plain} tin")

    # A long point grows its box; one over the limit says it must be shortened.
    before = box.bounding_box()["height"]
    box.fill("Phát triển hạ tầng số. " * 12)
    assert box.bounding_box()["height"] > before
    box.evaluate(
        "el => { el.value = 'x'.repeat(305); el.dispatchEvent(new Event('input', {bubbles: true})); }"
    )
    expect(counter).to_contain_text("305 / 300 ký tự · thừa 5 ký tự: hãy rút gọn")
    expect(counter).to_have_class(re.compile(r"\bover\b"))

    # Saved as typed.
    box.fill("Đưa mọi hoạt động của Đảng bộ lên môi trường số.")
    page.get_by_role("button", name="Lưu các ý chính").click()
    page.get_by_text("Đã lưu các ý chính.").wait_for()
    digest = selectors.digest_current(resolution=resolution)
    assert digest.points.first().text == "Đưa mọi hoạt động của Đảng bộ lên môi trường số."
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
