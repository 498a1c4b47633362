"""Every API operation has a Vietnamese description in OpenAPI (issue 15, point 2: "OpenAPI
complete with Vietnamese descriptions"): not empty, and not English — an operation without
`description=` shows its Python docstring, which is English in this code base (as POST
awards/eligibility did). The summaries are checked by tests/api/test_api_tokens.py."""

import re

from config.api import api

# A letter only Vietnamese writes (ă â đ ê ô ơ ư and the tone marks), either case.
VIETNAMESE = re.compile(
    "[ăâđêôơưáàảãạấầẩẫậắằẳẵặéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ]", re.IGNORECASE
)


def test_every_operation_has_a_vietnamese_description():
    schema = api.get_openapi_schema()
    lacking = [
        f"{method.upper()} {path}: {(spec.get('description') or '')[:60]!r}"
        for path, methods in schema["paths"].items()
        for method, spec in methods.items()
        if not VIETNAMESE.search(spec.get("description") or "")
    ]
    assert lacking == [], "give these operations a Vietnamese description="


def test_an_english_docstring_is_not_taken_for_vietnamese():
    assert not VIETNAMESE.search("Judge every title and form for one history.")
    assert VIETNAMESE.search("Xét mọi danh hiệu")
