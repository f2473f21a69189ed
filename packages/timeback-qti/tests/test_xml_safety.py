"""Hostile XML ends in a typed error, quickly, without resolving or fetching anything."""

from __future__ import annotations

import tracemalloc

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from timeback_common import InputValidationError
from timeback_qti import MAX_XML_CHARS, QtiError, QtiXmlError, inspect_item_xml, parse_xml

XXE_FILE = (
    '<?xml version="1.0"?>\n<!DOCTYPE item [<!ENTITY secret SYSTEM "file:///etc/passwd">]>\n'
    '<qti-assessment-item identifier="x" title="&secret;"/>'
)
XXE_HTTP = (
    '<?xml version="1.0"?>\n<!DOCTYPE item [<!ENTITY remote SYSTEM "http://127.0.0.1:9/x">]>\n'
    '<qti-assessment-item identifier="x" title="&remote;"/>'
)
EXTERNAL_DTD = (
    '<?xml version="1.0"?>\n<!DOCTYPE item SYSTEM "http://127.0.0.1:9/evil.dtd">\n'
    '<qti-assessment-item identifier="x"/>'
)
BILLION_LAUGHS = (
    '<?xml version="1.0"?>\n<!DOCTYPE lolz [\n <!ENTITY lol "lol">\n'
    + "".join(
        f' <!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">\n'
        for i in range(1, 10)
    )
    + "]>\n<lolz>&lol9;</lolz>"
)
QUADRATIC = (
    '<?xml version="1.0"?>\n<!DOCTYPE kaboom [<!ENTITY a "'
    + "a" * 100_000
    + '">]>\n<kaboom>'
    + "&a;" * 20_000
    + "</kaboom>"
)

HOSTILE = {
    "xxe-file": XXE_FILE,
    "xxe-http": XXE_HTTP,
    "external-dtd": EXTERNAL_DTD,
    "billion-laughs": BILLION_LAUGHS,
    "quadratic-blowup": QUADRATIC,
}


@pytest.mark.parametrize("payload", HOSTILE.values(), ids=HOSTILE.keys())
def test_hostile_xml_is_refused_as_unsafe_with_little_memory(payload: str) -> None:
    tracemalloc.start()
    try:
        with pytest.raises(QtiXmlError) as caught:
            parse_xml(payload)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert caught.value.unsafe
    assert isinstance(caught.value, QtiError)
    assert isinstance(caught.value, InputValidationError)
    assert "passwd" not in str(caught.value)
    assert "root:" not in str(caught.value)
    # Nothing was expanded: the peak stays far below one expansion of the payload.
    assert peak < 20 * len(payload) + 1_000_000


@pytest.mark.parametrize("payload", HOSTILE.values(), ids=HOSTILE.keys())
def test_hostile_xml_refused_by_the_parser_itself_when_not_plain_utf8(payload: str) -> None:
    """UTF-16 hides the DOCTYPE from a byte scan: the parser's own refusal still applies."""
    encoded = payload.replace('<?xml version="1.0"?>', '<?xml version="1.0" encoding="UTF-16"?>')
    with pytest.raises(QtiXmlError) as caught:
        parse_xml(encoded.encode("utf-16"))
    assert caught.value.unsafe


def test_hostile_item_xml_is_refused_by_inspect() -> None:
    with pytest.raises(QtiXmlError):
        inspect_item_xml(XXE_FILE)


def test_oversized_xml_is_refused_before_parsing() -> None:
    with pytest.raises(QtiXmlError, match="larger than") as caught:
        parse_xml("<a>" + "x" * MAX_XML_CHARS + "</a>")
    assert caught.value.unsafe


def test_schema_location_and_hrefs_are_not_fetched() -> None:
    # A port nothing listens on: any fetch would fail or hang; parsing succeeds at once.
    xml = (
        '<qti-assessment-item xmlns="http://www.imsglobal.org/xsd/imsqtiasi_v3p0" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
        'xsi:schemaLocation="http://127.0.0.1:9/x http://127.0.0.1:9/x.xsd" identifier="a">'
        '<qti-assessment-stimulus-ref identifier="s" href="http://127.0.0.1:9/s"/>'
        "</qti-assessment-item>"
    )
    assert inspect_item_xml(xml).identifier == "a"


def test_malformed_xml_reports_line_and_column() -> None:
    with pytest.raises(QtiXmlError) as caught:
        parse_xml("<a>\n  <b>\n</a>")
    assert (caught.value.line, caught.value.column) == (3, 3)
    assert "line 3, column 3" in str(caught.value)
    assert not caught.value.unsafe


def test_not_a_string_is_a_typed_error() -> None:
    with pytest.raises(QtiXmlError, match="str or bytes"):
        parse_xml(42)  # type: ignore[arg-type]


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_any_text_parses_or_ends_in_a_typed_error(text: str) -> None:
    outcome: object
    try:
        outcome = parse_xml(text)
    except QtiXmlError as exc:
        outcome = exc.message
    assert outcome


_names = st.from_regex(r"[a-z][a-z0-9\-]{0,8}", fullmatch=True)


@settings(max_examples=100, deadline=None)
@given(
    st.recursive(
        _names.map(lambda n: f"<{n}/>"),
        lambda inner: st.tuples(_names, st.lists(inner, max_size=3)).map(
            lambda t: f"<{t[0]}>{''.join(t[1])}</{t[0]}>"
        ),
        max_leaves=10,
    )
)
def test_well_formed_documents_parse(xml: str) -> None:
    assert parse_xml(xml) is not None
