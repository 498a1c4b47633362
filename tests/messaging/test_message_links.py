"""A message's site paths as links on the member's page (the `site_links` filter)."""

from thidua.messaging.templatetags.messaging_links import site_links


def test_a_labelled_path_shows_its_label_as_the_link():
    body = "Nghị quyết số 01\n\nTrả lời câu hỏi: /party/campaigns/2/answers/\n\nChi bộ A"
    html = str(site_links(body))
    assert '<a href="/party/campaigns/2/answers/">Trả lời câu hỏi</a>' in html
    assert ">/party/campaigns/2/answers/<" not in html
    assert html.startswith("Nghị quyết số 01") and html.endswith("Chi bộ A")


def test_a_bare_path_is_still_a_link_and_the_rest_is_escaped():
    html = str(site_links("Xem /goals/ hoặc <b>đây</b>: http://x"))
    assert '<a href="/goals/">/goals/</a>' in html
    assert "&lt;b&gt;" in html and "<b>" not in html
