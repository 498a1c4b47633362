"""Optional generative answers from an OpenAI-compatible endpoint.

Set ASSISTANT_LLM_URL (the API base, e.g. http://10.0.0.5:8080/v1) and ASSISTANT_LLM_MODEL;
without the URL the assistant is fully extractive. The model sees only the retrieved
passages, numbered, and must cite them as [n]; an answer citing nothing, or a number that was
not given, is discarded (the page then shows the extractive answer). Standard library HTTP
only: the endpoint is on the agency's intranet, nothing is downloaded.
"""

from __future__ import annotations

import json
import logging
import os
import re
import urllib.error
import urllib.request
from dataclasses import dataclass

logger = logging.getLogger(__name__)

TIMEOUT_SECONDS = 30
MAX_ANSWER_CHARS = 4000
_CITE = re.compile(r"\[(\d{1,2})\]")

SYSTEM_PROMPT = (
    "Bạn là trợ lý của một cơ quan nhà nước Việt Nam. Chỉ trả lời bằng tiếng Việt, chỉ dựa "
    "vào các đoạn văn bản được đánh số dưới đây. Sau mỗi ý, ghi số đoạn làm căn cứ trong "
    "ngoặc vuông, ví dụ [1]. Nếu các đoạn không đủ để trả lời, chỉ viết: Không tìm thấy căn cứ."
)


@dataclass(frozen=True)
class Generated:
    text: str
    cited: tuple[int, ...]


def is_configured() -> bool:
    return bool(os.environ.get("ASSISTANT_LLM_URL", "").strip())


def generate(*, question: str, passages: list[tuple[int, str, str]]) -> Generated | None:
    """The model's answer citing only the given passages, or None (not configured, failed,
    or it cited nothing / something it was not given)."""
    url = os.environ.get("ASSISTANT_LLM_URL", "").strip().rstrip("/")
    if not url or not passages:
        return None
    if not url.startswith(("http://", "https://")):
        logger.error("ASSISTANT_LLM_URL must be an http(s) address, not %r", url)
        return None
    context = "\n\n".join(f"[{n}] {label}\n{text}" for n, label, text in passages)
    body = {
        "model": os.environ.get("ASSISTANT_LLM_MODEL", "").strip() or "default",
        "temperature": 0,
        "messages": [
            {"role": "system", "content": SYSTEM_PROMPT},
            {"role": "user", "content": f"Các đoạn văn bản:\n{context}\n\nCâu hỏi: {question}"},
        ],
    }
    headers = {"Content-Type": "application/json"}
    key = os.environ.get("ASSISTANT_LLM_API_KEY", "").strip()
    if key:
        headers["Authorization"] = f"Bearer {key}"
    request = urllib.request.Request(  # noqa: S310 (scheme checked above)
        f"{url}/chat/completions", data=json.dumps(body).encode(), headers=headers, method="POST"
    )
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310
            payload = json.loads(response.read().decode("utf-8"))
        text = payload["choices"][0]["message"]["content"]
    except (urllib.error.URLError, OSError, ValueError, KeyError, IndexError, TypeError) as exc:
        logger.warning("Assistant language model at %s failed: %s", url, exc)
        return None
    text = (text or "").strip()[:MAX_ANSWER_CHARS]
    given = {n for n, _label, _text in passages}
    cited = tuple(dict.fromkeys(int(m) for m in _CITE.findall(text)))
    if not cited:
        logger.info("Assistant language model cited no passage; answer discarded")
        return None
    if any(n not in given for n in cited):
        logger.warning("Assistant language model cited passages it was not given: %s", cited)
        return None
    return Generated(text=text, cited=cited)
