"""JSON from outside (API bodies, pasted credentials), read within limits every real document meets.

Python's decoder recurses once per nesting level, so a body of a few thousand brackets raises RecursionError
(a server error) instead of a refusal; and "\\ud800" is valid JSON but no database can store the lone
surrogate it decodes to."""

import json
from typing import Any

MAX_DEPTH = 64  # a verifiable credential nests about six levels; nothing real comes near this


def parse_json(text: str | bytes, *, max_depth: int = MAX_DEPTH) -> Any:
    """The decoded document; ValueError (with the reason) for anything that is not usable JSON."""
    if isinstance(text, bytes):
        text = text.decode("utf-8")  # UnicodeDecodeError is a ValueError
    if nesting(text) > max_depth:
        raise ValueError(f"the JSON is nested more than {max_depth} levels deep")
    document = json.loads(text)
    try:
        json.dumps(document, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError("the JSON holds a lone surrogate (\\ud800-\\udfff), which is not text") from None
    return document


def nesting(text: str) -> int:
    """How deep brackets nest, counting those inside strings too: an upper bound, cheap and enough."""
    depth = deepest = 0
    for char in text:
        if char in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in "]}":
            depth -= 1
    return deepest
