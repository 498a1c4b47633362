"""A document's number as a named entity (`thidua.nlp.entities`, kind "reference"): found by
its form, with or without diacritics, and looked for in the first passages whatever the scope
(a document writes it once, in its header)."""

from types import SimpleNamespace

from thidua.nlp.entities import entities, entities_held


def kinds(question):
    return [(e.kind, e.text) for e in entities(question)]


def test_document_numbers_are_entities():
    assert ("reference", "91/2017/NĐ-CP") in kinds("Nghị định 91/2017/NĐ-CP quy định gì?")
    assert ("reference", "52-NQ/TW") in kinds("Nghị quyết 52-NQ/TW yêu cầu gì?")
    assert ("reference", "03-NQ/DU") in kinds("nghi quyet 03-NQ/DU co hieu luc tu khi nao")
    assert not [k for k, _t in kinds("Tỷ lệ 15% năm 2025, ngày 15/01") if k == "reference"]


def test_the_year_inside_a_number_is_no_year_of_its_own():
    assert [k for k, _t in kinds("Nghị định 91/2017/NĐ-CP quy định gì?")] == ["reference"]


def test_a_number_is_looked_for_in_the_first_passages_whatever_the_scope():
    passages = [("Nghị quyết", "Các chi bộ báo cáo hằng quý."), ("Nghị quyết", "Số 03-NQ/ĐU")]
    evidence = SimpleNamespace(passage=0, clause="Các chi bộ báo cáo hằng quý.")
    held = {"scope": "passage", "kinds": ("reference",), "top": 3}
    assert entities_held("NQ 03-NQ/ĐU: chi bộ báo cáo khi nào?", passages, evidence, **held)
    assert not entities_held("NQ 52-NQ/TW: chi bộ báo cáo khi nào?", passages, evidence, **held)
