"""Response processing: score a candidate response against an item's response declaration.

Two standard templates are implemented, for the interaction kinds the SDK's builders write
(choice, text entry, inline choice, order, match) and for items created in the JSON form:

- ``match_correct`` (the default): score 1.0 when the response equals the correct response,
  else 0.0. Equality follows the cardinality: ``single`` compares one value, ``multiple``
  compares sets, ``ordered`` compares sequences. Values are compared after trimming; pairs
  (``"dog mammal"``) after collapsing inner whitespace.
- ``map_response`` (used when the declaration has a mapping): the sum of the mapped values of
  the distinct response values (each key counted once; ``default-value`` for unmapped values),
  clamped to the mapping's bounds. Map keys honour ``case-sensitive``.

Emulator decisions: feedback is ``correct`` when the score reaches the item's maximum (1.0 for
``match_correct``; the best mapped score for ``map_response``), else ``incorrect``. Items with
neither a correct response nor a mapping (extended text, free response) are not graded: score
0.0 and feedback ``ungraded`` (the platform grades them with an AI grader or an external
scorer; the emulator never calls out).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

__all__ = ["score_response"]


def _norm(value: str, base_type: str | None) -> str:
    text = value.strip()
    if base_type in ("pair", "directedPair"):
        text = " ".join(text.split())
    if base_type == "pair":  # unordered pair: "a b" equals "b a"
        text = " ".join(sorted(text.split()))
    return text


def _values(response: str | Sequence[str]) -> list[str]:
    return [response] if isinstance(response, str) else [str(v) for v in response]


def _match(declaration: Mapping[str, Any], response: list[str]) -> bool:
    base_type = declaration.get("baseType")
    correct = [
        _norm(str(v), base_type)
        for v in (declaration.get("correctResponse") or {}).get("value") or []
    ]
    given = [_norm(v, base_type) for v in response]
    cardinality = declaration.get("cardinality", "single")
    if cardinality == "single":
        return len(given) == 1 and given[0] in correct[:1]
    if cardinality == "ordered":
        return given == correct
    return sorted(set(given)) == sorted(set(correct)) and len(given) == len(set(given))


def _map(mapping: Mapping[str, Any], response: list[str], base_type: str | None) -> float:
    entries = mapping.get("mapEntries") or []
    default = float(mapping.get("defaultValue") or 0.0)
    total = 0.0
    for value in dict.fromkeys(_norm(v, base_type) for v in response):
        mapped = default
        for entry in entries:
            key = _norm(str(entry.get("mapKey", "")), base_type)
            sensitive = entry.get("caseSensitive") is not False
            if key == value or (not sensitive and key.casefold() == value.casefold()):
                mapped = float(entry.get("mappedValue") or 0.0)
                break
        total += mapped
    return _clamp(total, mapping)


def _clamp(total: float, mapping: Mapping[str, Any]) -> float:
    lower, upper = mapping.get("lowerBound"), mapping.get("upperBound")
    if lower is not None:
        total = max(total, float(lower))
    if upper is not None:
        total = min(total, float(upper))
    return total


def _best(mapping: Mapping[str, Any], cardinality: str) -> float:
    values = [float(e.get("mappedValue") or 0.0) for e in mapping.get("mapEntries") or []]
    if not values:
        return _clamp(0.0, mapping)
    best = max(values) if cardinality == "single" else sum(v for v in values if v > 0)
    return _clamp(best, mapping)


def score_response(
    item: Mapping[str, Any], response: str | Sequence[str], declaration_id: str | None = None
) -> dict[str, Any]:
    """Score ``response`` for ``item`` (its stored JSON document).

    Returns:
        ``{"score": float, "feedback": {"identifier": ..., "value": ...}}``.
    """
    declarations = item.get("responseDeclarations") or []
    declaration = next(
        (d for d in declarations if d.get("identifier") == declaration_id),
        declarations[0] if declarations else None,
    )
    given = _values(response)
    if declaration is None:
        return _result(0.0, "ungraded")
    mapping = declaration.get("mapping")
    template = (item.get("responseProcessing") or {}).get("templateType")
    has_correct = bool((declaration.get("correctResponse") or {}).get("value"))
    if isinstance(mapping, Mapping) and (template == "map_response" or not has_correct):
        score = _map(mapping, given, declaration.get("baseType"))
        best = _best(mapping, declaration.get("cardinality", "single"))
        return _result(score, "correct" if best > 0 and score >= best else "incorrect")
    if not has_correct:
        return _result(0.0, "ungraded")
    correct = _match(declaration, given)
    return _result(1.0 if correct else 0.0, "correct" if correct else "incorrect")


_TEXT = {
    "correct": "Correct",
    "incorrect": "Incorrect",
    "ungraded": "Not graded: the emulator does not grade free responses",
}


def _result(score: float, identifier: str) -> dict[str, Any]:
    return {"score": score, "feedback": {"identifier": identifier, "value": _TEXT[identifier]}}
