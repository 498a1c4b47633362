"""thidua.core.text: names put in a sentence."""

from thidua.core.text import quoted


def test_a_name_is_quoted_once_and_quotes_are_never_nested():
    assert quoted("Thi đua cao điểm 2026") == "“Thi đua cao điểm 2026”"
    slogan = "Phong trào thi đua năm 2026: “Mỗi ngày một việc tốt”"
    assert quoted(slogan) == slogan
    assert quoted('Phong trào "Dân vận khéo"') == 'Phong trào "Dân vận khéo"'
