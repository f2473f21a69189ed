"""Small builders of QTI 3.0 assessment items: a question in a few lines. Pure, no I/O.

Each builder checks its arguments (a typed error naming the argument, before anything is
built), writes the item with the standard library's ``ElementTree`` (so every text and
attribute is escaped), and reads the result back through `parse_xml`, so what it returns is
well-formed and safe. The returned text is ready for ``client.qti.items.create(xml=...)``::

    xml = choice_item(
        "capital-fr", "Capital of France",
        prompt="Which city is the capital of France?",
        choices={"A": "Lyon", "B": "Paris", "C": "Nice"},
        correct="B",
    )

Scoring: choice, inline choice, order and match items use the ``match_correct`` template (the
response must equal the correct response); text entry uses ``map_response`` (each accepted
answer maps to 1, case-insensitive unless asked otherwise); extended text declares no correct
response (a human or an external grader scores it).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from xml.etree.ElementTree import Element, SubElement, tostring

from timeback_qti._errors import input_error
from timeback_qti._xml import QTI_NAMESPACE, parse_xml

__all__ = [
    "MAP_RESPONSE",
    "MATCH_CORRECT",
    "choice_item",
    "extended_text_item",
    "inline_choice_item",
    "match_item",
    "order_item",
    "text_entry_item",
]

MATCH_CORRECT = "https://purl.imsglobal.org/spec/qti/v3p0/rptemplates/match_correct.xml"
"""The standard response-processing template: score 1 when the response equals the correct one."""
MAP_RESPONSE = "https://purl.imsglobal.org/spec/qti/v3p0/rptemplates/map_response.xml"
"""The standard response-processing template: score the sum of the mapped values."""

_XSI = "http://www.w3.org/2001/XMLSchema-instance"
_SCHEMA_LOCATION = (
    f"{QTI_NAMESPACE} https://purl.imsglobal.org/spec/qti/v3p0/schema/xsd/imsqti_asiv3p0_v1p0.xsd"
)
# QTI identifiers are XML NCNames; the service also uses them in URL paths.
_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_.\-]*$")
_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def _identifier(value: object, argument: str) -> str:
    if not isinstance(value, str) or not _IDENTIFIER.match(value):
        raise input_error(
            f"{argument} must be a QTI identifier (a letter or _, then letters, digits, "
            f"'_', '-' or '.'), got {value!r}",
            argument,
        )
    return value


def _text(value: object, argument: str, *, allow_empty: bool = False) -> str:
    if not isinstance(value, str) or (not allow_empty and not value.strip()):
        raise input_error(f"{argument} must be a non-empty string, got {value!r}", argument)
    return value


def _options(choices: object, argument: str) -> dict[str, str]:
    """Choices as {identifier: text}: a mapping, or a sequence of texts lettered A, B, C..."""
    if isinstance(choices, Mapping):
        pairs = list(choices.items())
    elif isinstance(choices, Sequence) and not isinstance(choices, (str, bytes)):
        if len(choices) > len(_LETTERS):
            raise input_error(
                f"{argument}: at most {len(_LETTERS)} unnamed choices; pass a mapping", argument
            )
        pairs = list(zip(_LETTERS, choices, strict=False))
    else:
        raise input_error(
            f"{argument} must be a mapping of identifier to text or a list of texts", argument
        )
    if len(pairs) < 2:
        raise input_error(f"{argument} needs at least two choices", argument)
    return {
        _identifier(key, f"{argument} identifier"): _text(text, f"{argument}[{key!r}]")
        for key, text in pairs
    }


def _many(value: str | Iterable[str], argument: str) -> list[str]:
    values = [value] if isinstance(value, str) else list(value)
    if not values:
        raise input_error(f"{argument} must name at least one value", argument)
    return values


def _known(values: Iterable[str], known: Mapping[str, str], argument: str) -> None:
    unknown = [v for v in values if v not in known]
    if unknown:
        raise input_error(
            f"{argument} names unknown choices {unknown}; expected some of {list(known)}",
            argument,
        )


def _item(identifier: str, title: str) -> Element:
    return Element(
        "qti-assessment-item",
        {
            "xmlns": QTI_NAMESPACE,
            "xmlns:xsi": _XSI,
            "xsi:schemaLocation": _SCHEMA_LOCATION,
            "identifier": _identifier(identifier, "identifier"),
            "title": _text(title, "title"),
            "adaptive": "false",
            "time-dependent": "false",
        },
    )


def _declare(
    root: Element,
    cardinality: str,
    base_type: str,
    correct: Sequence[str] = (),
    mapping: Mapping[str, float] | None = None,
    *,
    case_sensitive: bool = True,
) -> None:
    declaration = SubElement(
        root,
        "qti-response-declaration",
        {"identifier": "RESPONSE", "cardinality": cardinality, "base-type": base_type},
    )
    if correct:
        block = SubElement(declaration, "qti-correct-response")
        for value in correct:
            SubElement(block, "qti-value").text = value
    if mapping:
        block = SubElement(
            declaration,
            "qti-mapping",
            {"default-value": "0", "lower-bound": "0", "upper-bound": _num(max(mapping.values()))},
        )
        for key, mapped in mapping.items():
            SubElement(
                block,
                "qti-map-entry",
                {
                    "map-key": key,
                    "mapped-value": _num(mapped),
                    "case-sensitive": "true" if case_sensitive else "false",
                },
            )
    SubElement(
        root,
        "qti-outcome-declaration",
        {"identifier": "SCORE", "cardinality": "single", "base-type": "float"},
    )


def _num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def _body(root: Element, prompt: str | None = None) -> tuple[Element, Element | None]:
    body = SubElement(root, "qti-item-body")
    return body, None if prompt is None else _p(body, prompt)


def _p(parent: Element, text: str) -> Element:
    paragraph = SubElement(parent, "p")
    paragraph.text = text
    return paragraph


def _simple_choices(
    root: Element,
    tag: str,
    prompt: str,
    options: Mapping[str, str],
    shuffle: bool,
    extra: Mapping[str, str] | None = None,
) -> None:
    """The item body holding one ``tag`` interaction: the prompt, then one simple choice each."""
    body, _ = _body(root)
    attributes = {"response-identifier": "RESPONSE", "shuffle": "true" if shuffle else "false"}
    interaction = SubElement(body, tag, {**attributes, **(extra or {})})
    _prompt(interaction, prompt)
    for key, text in options.items():
        SubElement(interaction, "qti-simple-choice", {"identifier": key}).text = text


def _prompt(interaction: Element, prompt: str) -> None:
    SubElement(interaction, "qti-prompt").text = _text(prompt, "prompt")


def _finish(root: Element, template: str | None) -> str:
    if template is not None:
        SubElement(root, "qti-response-processing", {"template": template})
    xml = '<?xml version="1.0" encoding="UTF-8"?>\n' + tostring(root, encoding="unicode")
    parse_xml(xml, what="built item XML")  # the builders' output goes through the safe parser
    return xml


def choice_item(
    identifier: str,
    title: str,
    *,
    prompt: str,
    choices: Mapping[str, str] | Sequence[str],
    correct: str | Iterable[str],
    shuffle: bool = False,
    max_choices: int | None = None,
) -> str:
    """A multiple-choice item (one or several correct choices).

    Args:
        identifier: The item's identifier.
        title: Its title.
        prompt: The question.
        choices: ``{"A": "Lyon", "B": "Paris"}``, or a list of texts lettered A, B, C...
        correct: The correct choice's identifier, or several (then several may be selected).
        shuffle: Whether delivery may shuffle the choices.
        max_choices: How many choices may be selected (default 1, or the number of correct
            choices when there are several).

    Returns:
        The item's QTI 3.0 XML.

    Raises:
        InputValidationError: An argument is invalid (named in the message); also a `QtiError`.
    """
    options = _options(choices, "choices")
    answers = _many(correct, "correct")
    _known(answers, options, "correct")
    limit = max_choices if max_choices is not None else (1 if len(answers) == 1 else len(answers))
    if not isinstance(limit, int) or isinstance(limit, bool) or not 0 <= limit <= len(options):
        raise input_error(
            f"max_choices must be an integer from 0 to {len(options)}, got {max_choices!r}",
            "max_choices",
        )
    root = _item(identifier, title)
    single = limit == 1 and len(answers) == 1
    _declare(root, "single" if single else "multiple", "identifier", answers)
    extra = {"max-choices": str(limit)}
    _simple_choices(root, "qti-choice-interaction", prompt, options, shuffle, extra)
    return _finish(root, MATCH_CORRECT)


def text_entry_item(
    identifier: str,
    title: str,
    *,
    prompt: str,
    correct: str | Iterable[str],
    case_sensitive: bool = False,
    expected_length: int | None = None,
) -> str:
    """A short typed answer, scored against one or several accepted answers.

    Args:
        identifier: The item's identifier.
        title: Its title.
        prompt: The question, shown before the answer box.
        correct: The accepted answer, or several (each scores 1).
        case_sensitive: Whether ``"paris"`` differs from ``"Paris"``.
        expected_length: A hint for the answer box's width, in characters.

    Returns:
        The item's QTI 3.0 XML.

    Raises:
        InputValidationError: An argument is invalid (named in the message); also a `QtiError`.
    """
    answers = [_text(a, "correct") for a in _many(correct, "correct")]
    root = _item(identifier, title)
    _declare(
        root,
        "single",
        "string",
        answers[:1],
        dict.fromkeys(answers, 1.0),
        case_sensitive=case_sensitive,
    )
    body, _ = _body(root)
    paragraph = _p(body, _text(prompt, "prompt") + " ")
    attributes = {"response-identifier": "RESPONSE"}
    if expected_length is not None:
        if not isinstance(expected_length, int) or expected_length < 1:
            raise input_error("expected_length must be a positive integer", "expected_length")
        attributes["expected-length"] = str(expected_length)
    SubElement(paragraph, "qti-text-entry-interaction", attributes)
    return _finish(root, MAP_RESPONSE)


def extended_text_item(
    identifier: str,
    title: str,
    *,
    prompt: str,
    expected_lines: int | None = None,
    rubric: str | None = None,
) -> str:
    """A free-response question (an essay or explanation), scored by a person or a grader.

    Args:
        identifier: The item's identifier.
        title: Its title.
        prompt: The question.
        expected_lines: A hint for the answer box's height.
        rubric: Scoring guidance for the scorer (a ``qti-rubric-block`` seen by scorers only).

    Returns:
        The item's QTI 3.0 XML (no correct response, no response processing).

    Raises:
        InputValidationError: An argument is invalid (named in the message); also a `QtiError`.
    """
    root = _item(identifier, title)
    _declare(root, "single", "string")
    body, _ = _body(root)
    if rubric is not None:
        block = SubElement(body, "qti-rubric-block", {"view": "scorer", "use": "scoring"})
        _p(SubElement(block, "qti-content-body"), _text(rubric, "rubric"))
    attributes = {"response-identifier": "RESPONSE"}
    if expected_lines is not None:
        if not isinstance(expected_lines, int) or expected_lines < 1:
            raise input_error("expected_lines must be a positive integer", "expected_lines")
        attributes["expected-lines"] = str(expected_lines)
    interaction = SubElement(body, "qti-extended-text-interaction", attributes)
    _prompt(interaction, prompt)
    return _finish(root, None)


def inline_choice_item(
    identifier: str,
    title: str,
    *,
    text_before: str,
    choices: Mapping[str, str] | Sequence[str],
    correct: str,
    text_after: str = "",
) -> str:
    """A sentence with a drop-down gap: ``text_before [choice] text_after``.

    Args:
        identifier: The item's identifier.
        title: Its title.
        text_before: The sentence up to the gap.
        choices: The gap's options (mapping or list, as for `choice_item`).
        correct: The correct option's identifier.
        text_after: The rest of the sentence.

    Returns:
        The item's QTI 3.0 XML.

    Raises:
        InputValidationError: An argument is invalid (named in the message); also a `QtiError`.
    """
    options = _options(choices, "choices")
    _known([_text(correct, "correct")], options, "correct")
    root = _item(identifier, title)
    _declare(root, "single", "identifier", [correct])
    body, _ = _body(root)
    paragraph = _p(body, _text(text_before, "text_before") + " ")
    interaction = SubElement(
        paragraph, "qti-inline-choice-interaction", {"response-identifier": "RESPONSE"}
    )
    for key, text in options.items():
        SubElement(interaction, "qti-inline-choice", {"identifier": key}).text = text
    interaction.tail = " " + _text(text_after, "text_after", allow_empty=True)
    return _finish(root, MATCH_CORRECT)


def order_item(
    identifier: str,
    title: str,
    *,
    prompt: str,
    choices: Mapping[str, str] | Sequence[str],
    correct_order: Sequence[str],
    shuffle: bool = True,
) -> str:
    """Put the choices in the right order.

    Args:
        identifier: The item's identifier.
        title: Its title.
        prompt: The instruction.
        choices: The choices (mapping or list, as for `choice_item`).
        correct_order: Every choice identifier, in the correct order.
        shuffle: Whether delivery shuffles the choices (usually wanted here).

    Returns:
        The item's QTI 3.0 XML.

    Raises:
        InputValidationError: An argument is invalid (named in the message); also a `QtiError`.
    """
    options = _options(choices, "choices")
    order = _many(correct_order, "correct_order") if not isinstance(correct_order, str) else []
    if sorted(order) != sorted(options):
        raise input_error(
            f"correct_order must list every choice exactly once: {list(options)}",
            "correct_order",
        )
    root = _item(identifier, title)
    _declare(root, "ordered", "identifier", order)
    _simple_choices(root, "qti-order-interaction", prompt, options, shuffle)
    return _finish(root, MATCH_CORRECT)


def match_item(
    identifier: str,
    title: str,
    *,
    prompt: str,
    sources: Mapping[str, str],
    targets: Mapping[str, str],
    correct_pairs: Iterable[tuple[str, str]],
) -> str:
    """Match each source to a target (pairs of identifiers, e.g. ``("dog", "mammal")``).

    Args:
        identifier: The item's identifier.
        title: Its title.
        prompt: The instruction.
        sources: The left-hand choices, ``{identifier: text}``.
        targets: The right-hand choices, ``{identifier: text}``.
        correct_pairs: The correct ``(source, target)`` pairs.

    Returns:
        The item's QTI 3.0 XML (response values are ``"source target"`` pairs).

    Raises:
        InputValidationError: An argument is invalid (named in the message); also a `QtiError`.
    """
    left = _options(dict(sources) if isinstance(sources, Mapping) else sources, "sources")
    right = _options(dict(targets) if isinstance(targets, Mapping) else targets, "targets")
    if set(left) & set(right):
        raise input_error("sources and targets must use different identifiers", "targets")
    pairs = list(correct_pairs)
    if not pairs:
        raise input_error("correct_pairs must hold at least one pair", "correct_pairs")
    for pair in pairs:
        if not (isinstance(pair, tuple) and len(pair) == 2):
            raise input_error(f"each correct pair must be (source, target), got {pair!r}")
        _known([pair[0]], left, "correct_pairs source")
        _known([pair[1]], right, "correct_pairs target")
    root = _item(identifier, title)
    _declare(root, "multiple", "directedPair", [f"{s} {t}" for s, t in pairs])
    body, _ = _body(root)
    interaction = SubElement(
        body,
        "qti-match-interaction",
        {"response-identifier": "RESPONSE", "shuffle": "false", "max-associations": "0"},
    )
    _prompt(interaction, prompt)
    for group in (left, right):
        match_set = SubElement(interaction, "qti-simple-match-set")
        for key, text in group.items():
            SubElement(
                match_set, "qti-simple-associable-choice", {"identifier": key, "match-max": "1"}
            ).text = text
    return _finish(root, MATCH_CORRECT)
