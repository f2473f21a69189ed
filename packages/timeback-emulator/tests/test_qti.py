"""The emulator's QTI service over HTTP: envelopes, statuses, lists, scoring, validation, safety.

The emulator imports no client package, so the XML here is written by hand.
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from timeback_emulator import InProcessEmulator

pytestmark = pytest.mark.anyio

NS = 'xmlns="http://www.imsglobal.org/xsd/imsqtiasi_v3p0"'
MATCH = "https://purl.imsglobal.org/spec/qti/v3p0/rptemplates/match_correct.xml"
MAP = "https://purl.imsglobal.org/spec/qti/v3p0/rptemplates/map_response.xml"


def item_xml(
    identifier: str,
    interaction: str,
    *,
    cardinality: str = "single",
    base_type: str = "identifier",
    correct: tuple[str, ...] = (),
    mapping: str = "",
    template: str = MATCH,
) -> str:
    values = "".join(f"<qti-value>{v}</qti-value>" for v in correct)
    correct_block = f"<qti-correct-response>{values}</qti-correct-response>" if values else ""
    return (
        f'<qti-assessment-item {NS} identifier="{identifier}" title="T {identifier}">'
        f'<qti-response-declaration identifier="RESPONSE" cardinality="{cardinality}" '
        f'base-type="{base_type}">{correct_block}{mapping}</qti-response-declaration>'
        f"<qti-item-body>{interaction}</qti-item-body>"
        f'<qti-response-processing template="{template}"/></qti-assessment-item>'
    )


CHOICE = item_xml(
    "choice-1",
    '<qti-choice-interaction response-identifier="RESPONSE" max-choices="1">'
    '<qti-simple-choice identifier="A">3</qti-simple-choice>'
    '<qti-simple-choice identifier="B">4</qti-simple-choice></qti-choice-interaction>',
    correct=("B",),
)
TEXT = item_xml(
    "text-1",
    '<p>Capital: <qti-text-entry-interaction response-identifier="RESPONSE"/></p>',
    base_type="string",
    correct=("Paris",),
    mapping='<qti-mapping default-value="0" lower-bound="0" upper-bound="1">'
    '<qti-map-entry map-key="Paris" mapped-value="1" case-sensitive="false"/></qti-mapping>',
    template=MAP,
)
INLINE = item_xml(
    "inline-1",
    '<p>She <qti-inline-choice-interaction response-identifier="RESPONSE">'
    '<qti-inline-choice identifier="go">go</qti-inline-choice>'
    '<qti-inline-choice identifier="goes">goes</qti-inline-choice>'
    "</qti-inline-choice-interaction> home.</p>",
    correct=("goes",),
)
ORDER = item_xml(
    "order-1",
    '<qti-order-interaction response-identifier="RESPONSE">'
    '<qti-simple-choice identifier="A">1</qti-simple-choice>'
    '<qti-simple-choice identifier="B">2</qti-simple-choice>'
    '<qti-simple-choice identifier="C">3</qti-simple-choice></qti-order-interaction>',
    cardinality="ordered",
    correct=("A", "B", "C"),
)
MATCH_ITEM = item_xml(
    "match-1",
    '<qti-match-interaction response-identifier="RESPONSE"><qti-simple-match-set>'
    + "".join(
        f'<qti-simple-associable-choice identifier="{key}" match-max="1">{key}'
        "</qti-simple-associable-choice>"
        + ("</qti-simple-match-set><qti-simple-match-set>" if key == "eagle" else "")
        for key in ("dog", "eagle", "mammal", "bird")
    )
    + "</qti-simple-match-set></qti-match-interaction>",
    cardinality="multiple",
    base_type="directedPair",
    correct=("dog mammal", "eagle bird"),
)
HOSTILE = {
    "xxe-file": '<!DOCTYPE i [<!ENTITY s SYSTEM "file:///etc/passwd">]>'
    '<qti-assessment-item identifier="evil" title="&s;"/>',
    "xxe-http": '<!DOCTYPE i [<!ENTITY s SYSTEM "http://127.0.0.1:9/x">]>'
    '<qti-assessment-item identifier="evil" title="&s;"/>',
    "billion-laughs": '<!DOCTYPE l [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">'
    '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;">]><qti-assessment-item identifier="evil" title="&c;"/>',
    "quadratic": '<!DOCTYPE q [<!ENTITY a "' + "a" * 50_000 + '">]>'
    '<qti-assessment-item identifier="evil">' + "&a;" * 5_000 + "</qti-assessment-item>",
}


async def create(api: httpx.AsyncClient, xml: str) -> dict[str, Any]:
    response = await api.post("/assessment-items", json={"format": "xml", "xml": xml})
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


async def score(api: httpx.AsyncClient, identifier: str, response: Any) -> dict[str, Any]:
    answer = await api.post(
        f"/assessment-items/{identifier}/process-response",
        json={"identifier": "RESPONSE", "response": response},
    )
    assert answer.status_code == 200, answer.text
    body: dict[str, Any] = answer.json()
    return body


async def test_seeded_bank_has_items_stimuli_and_tests_per_course(
    api: httpx.AsyncClient, emu: InProcessEmulator
) -> None:
    courses = emu.store.find("courses", filter="status='active'")
    items = (await api.get("/assessment-items", params={"limit": 1})).json()
    tests = (await api.get("/assessment-tests", params={"limit": 1})).json()
    stimuli = (await api.get("/stimuli", params={"limit": 1})).json()
    assert items["total"] == 3 * len(courses)
    assert tests["total"] == stimuli["total"] == len(courses)
    questions = (
        await api.get(f"/assessment-tests/{tests['items'][0]['identifier']}/questions")
    ).json()
    assert questions["totalQuestions"] == 3


async def test_lists_are_page_based_with_totals(api: httpx.AsyncClient) -> None:
    first = (
        await api.get(
            "/assessment-items",
            params={"limit": 5, "page": 1, "sort": "identifier", "order": "asc"},
        )
    ).json()
    second = (
        await api.get(
            "/assessment-items",
            params={"limit": 5, "page": 2, "sort": "identifier", "order": "asc"},
        )
    ).json()
    assert (first["page"], first["limit"], first["pages"]) == (1, 5, -(-first["total"] // 5))
    names = [i["identifier"] for i in first["items"] + second["items"]]
    assert names == sorted(names)
    assert len(set(names)) == 10


async def test_query_and_filter_narrow_a_list(api: httpx.AsyncClient) -> None:
    orders = (
        await api.get("/assessment-items", params={"filter": "type='order'", "limit": 100})
    ).json()
    assert orders["total"] > 0
    assert {i["type"] for i in orders["items"]} == {"order"}
    found = (await api.get("/assessment-items", params={"query": "-TEXT", "limit": 100})).json()
    assert all("-text" in i["identifier"] for i in found["items"])


@pytest.mark.parametrize(
    ("params", "word"),
    [
        ({"limit": "0"}, "limit"),
        ({"page": "x"}, "page"),
        ({"sort": "nope"}, "sort"),
        ({"order": "up"}, "order"),
        ({"filter": "type=="}, "filter"),
    ],
)
async def test_invalid_list_parameters_are_400_with_a_message(
    api: httpx.AsyncClient, params: dict[str, str], word: str
) -> None:
    response = await api.get("/assessment-items", params=params)
    assert response.status_code == 400
    assert word in response.json()["message"]


async def test_create_get_update_delete_item_with_statuses(api: httpx.AsyncClient) -> None:
    created = await create(api, CHOICE)
    assert (created["type"], created["identifier"]) == ("choice", "choice-1")
    assert created["responseDeclarations"][0]["correctResponse"] == {"value": ["B"]}
    assert created["content"]["qti-assessment-item"]["_attributes"]["identifier"] == "choice-1"
    again = await api.post("/assessment-items", json={"format": "xml", "xml": CHOICE})
    assert again.status_code == 409
    assert "choice-1" in again.json()["message"]
    updated = await api.put(
        "/assessment-items/choice-1",
        json={"format": "xml", "xml": CHOICE.replace("T choice-1", "New")},
    )
    assert updated.status_code == 200
    assert (await api.get("/assessment-items/choice-1")).json()["title"] == "New"
    assert (await api.delete("/assessment-items/choice-1")).status_code == 204
    missing = await api.get("/assessment-items/choice-1")
    assert missing.status_code == 404
    assert "choice-1" in missing.json()["message"]


async def test_item_in_the_json_form_gets_xml(api: httpx.AsyncClient) -> None:
    response = await api.post(
        "/assessment-items",
        json={
            "identifier": "json-1",
            "title": "J",
            "type": "choice",
            "responseDeclarations": [
                {
                    "identifier": "RESPONSE",
                    "cardinality": "single",
                    "baseType": "identifier",
                    "correctResponse": {"value": ["A"]},
                }
            ],
        },
    )
    assert response.status_code == 201
    assert 'identifier="json-1"' in response.json()["rawXml"]
    assert (await score(api, "json-1", "A"))["score"] == 1.0


@pytest.mark.parametrize(
    ("body", "word"),
    [
        ({"identifier": "x", "title": "T", "type": "bogus"}, "type"),
        ({"title": "T", "type": "choice"}, "identifier"),
        ({"format": "xml", "xml": "<qti-assessment-item identifier='x'>"}, "line 1"),
        ({"format": "xml", "xml": "<qti-assessment-test identifier='x'/>"}, "root"),
    ],
)
async def test_invalid_item_bodies_are_400(
    api: httpx.AsyncClient, body: dict[str, Any], word: str
) -> None:
    response = await api.post("/assessment-items", json=body)
    assert response.status_code == 400
    assert word in response.json()["message"]


@pytest.mark.parametrize(
    ("xml", "right", "wrong"),
    [
        (CHOICE, "B", "A"),
        (TEXT, " paris ", "Lyon"),
        (INLINE, "goes", "go"),
        (ORDER, ["A", "B", "C"], ["C", "B", "A"]),
        (MATCH_ITEM, ["eagle bird", "dog  mammal"], ["dog bird", "eagle mammal"]),
    ],
    ids=["choice", "text-entry-map", "inline-choice", "order", "match"],
)
async def test_process_response_scores_right_and_wrong(
    api: httpx.AsyncClient, xml: str, right: Any, wrong: Any
) -> None:
    identifier = (await create(api, xml))["identifier"]
    good, bad = await score(api, identifier, right), await score(api, identifier, wrong)
    assert good == {"score": 1.0, "feedback": {"identifier": "correct", "value": "Correct"}}
    assert bad["score"] == 0.0
    assert bad["feedback"]["identifier"] == "incorrect"


async def test_map_response_sums_and_clamps(api: httpx.AsyncClient) -> None:
    xml = item_xml(
        "multi-map",
        '<qti-choice-interaction response-identifier="RESPONSE" max-choices="0">'
        + "".join(f'<qti-simple-choice identifier="{k}">{k}</qti-simple-choice>' for k in "ABC")
        + "</qti-choice-interaction>",
        cardinality="multiple",
        mapping='<qti-mapping default-value="0" lower-bound="0" upper-bound="2">'
        '<qti-map-entry map-key="A" mapped-value="1"/><qti-map-entry map-key="B" mapped-value="1"/>'
        '<qti-map-entry map-key="C" mapped-value="-3"/></qti-mapping>',
        template=MAP,
    )
    await create(api, xml)
    assert (await score(api, "multi-map", ["A"]))["score"] == 1.0
    assert (await score(api, "multi-map", ["A", "B", "A"]))["score"] == 2.0
    assert (await score(api, "multi-map", ["A", "C"]))["score"] == 0.0


async def test_process_response_needs_a_response_and_a_known_item(api: httpx.AsyncClient) -> None:
    await create(api, CHOICE)
    bad = await api.post(
        "/assessment-items/choice-1/process-response", json={"identifier": "RESPONSE"}
    )
    assert bad.status_code == 400
    missing = await api.post(
        "/assessment-items/nope/process-response", json={"identifier": "R", "response": "A"}
    )
    assert missing.status_code == 404


@pytest.mark.parametrize("payload", HOSTILE.values(), ids=HOSTILE.keys())
async def test_hostile_xml_is_refused_with_400_and_nothing_stored(
    api: httpx.AsyncClient, payload: str
) -> None:
    before = (await api.get("/assessment-items", params={"limit": 1})).json()["total"]
    for path in ("/assessment-items", "/stimuli", "/assessment-tests"):
        response = await api.post(path, json={"format": "xml", "xml": payload})
        assert response.status_code == 400
        assert "unsafe XML refused" in response.json()["message"]
        assert "root:" not in response.text
    raw = await api.post(
        "/assessment-tests", content=payload, headers={"Content-Type": "application/xml"}
    )
    assert raw.status_code == 400
    validate = await api.post("/validate", json={"schema": "item", "xml": payload})
    assert validate.status_code == 400
    assert (await api.get("/assessment-items/evil")).status_code == 404
    assert (await api.get("/assessment-items", params={"limit": 1})).json()["total"] == before


async def test_validate_reports_line_and_column(api: httpx.AsyncClient) -> None:
    broken = (
        f"<qti-assessment-item {NS} identifier='a' title='t'>\n  <qti-item-body>\n"
        "</qti-assessment-item>"
    )
    result = (await api.post("/validate", json={"schema": "item", "xml": broken})).json()
    assert result["success"] == "false"
    assert result["validationErrors"][0].startswith("line 3, column 3")
    undeclared = CHOICE.replace('response-identifier="RESPONSE"', '\nresponse-identifier="R2"')
    result = (await api.post("/validate", json={"schema": "item", "xml": undeclared})).json()
    assert any(
        "'R2' is not declared" in e and e.startswith("line 1,") for e in result["validationErrors"]
    )
    good = (await api.post("/validate", json={"schema": "item", "xml": CHOICE})).json()
    assert (good["success"], good["validationErrors"], good["entityId"]) == ("true", [], "choice-1")


async def test_validate_a_stored_entity_and_in_batch(api: httpx.AsyncClient) -> None:
    await create(api, CHOICE)
    stored = (await api.post("/validate", json={"schema": "item", "entityId": "choice-1"})).json()
    assert stored["success"] == "true"
    missing = await api.post("/validate", json={"schema": "item", "entityId": "nope"})
    assert missing.status_code == 404
    assert missing.json()["success"] is False
    batch = (
        await api.post(
            "/validate/batch",
            json={"schema": "item", "xml": [CHOICE, "<x"], "entityIds": ["a", "b"]},
        )
    ).json()
    assert [r["success"] for r in batch["results"]] == ["true", "false"]
    mismatch = await api.post(
        "/validate/batch", json={"schema": "item", "xml": [CHOICE], "entityIds": []}
    )
    assert mismatch.status_code == 400


async def test_test_parts_sections_and_item_order(api: httpx.AsyncClient) -> None:
    for xml in (CHOICE, ORDER, INLINE):
        await create(api, xml)
    test = {
        "identifier": "t1",
        "title": "T",
        "qti-test-part": [
            {
                "identifier": "p1",
                "navigationMode": "linear",
                "submissionMode": "individual",
                "qti-assessment-section": [],
            }
        ],
    }
    assert (await api.post("/assessment-tests", json=test)).status_code == 201
    assert (await api.post("/assessment-tests", json=test)).status_code == 409
    base = "/assessment-tests/t1/test-parts/p1/sections"
    assert (
        await api.post(base, json={"identifier": "s1", "title": "S", "visible": True})
    ).status_code == 201
    assert (
        await api.post(base, json={"identifier": "s1", "title": "S", "visible": True})
    ).status_code == 409
    for name in ("choice-1", "order-1", "inline-1"):
        assert (await api.post(f"{base}/s1/items", json={"identifier": name})).status_code == 201
    assert (await api.post(f"{base}/s1/items", json={"identifier": "choice-1"})).status_code == 409
    assert (await api.post(f"{base}/s1/items", json={"identifier": "ghost"})).status_code == 404
    order = [{"identifier": n} for n in ("inline-1", "choice-1", "order-1")]
    section = (await api.put(f"{base}/s1/items/order", json={"items": order})).json()
    assert [r["identifier"] for r in section["qti-assessment-item-ref"]] == [
        "inline-1",
        "choice-1",
        "order-1",
    ]
    partial = await api.put(f"{base}/s1/items/order", json={"items": order[:2]})
    assert partial.status_code == 400
    assert "order-1" in partial.json()["message"]
    questions = (await api.get("/assessment-tests/t1/questions")).json()
    assert [q["question"]["identifier"] for q in questions["questions"]] == [
        "inline-1",
        "choice-1",
        "order-1",
    ]
    raw = (await api.get("/assessment-tests/t1")).json()["rawXml"]
    assert raw.index("inline-1") < raw.index("choice-1") < raw.index("order-1")
    assert (await api.delete(f"{base}/s1/items/choice-1")).status_code == 204
    assert (await api.delete(f"{base}/s1/items/choice-1")).status_code == 404
    parts = (await api.get("/assessment-tests/t1/test-parts")).json()
    assert (parts["total"], parts["items"][0]["identifier"]) == (1, "p1")
    assert (
        await api.post(
            "/assessment-tests/t1/test-parts",
            json={
                "identifier": "p1",
                "navigationMode": "linear",
                "submissionMode": "individual",
                "qti-assessment-section": [],
            },
        )
    ).status_code == 409
    deleted = await api.delete(f"{base}/s1")
    assert deleted.status_code == 200
    assert deleted.json()["message"]
    assert (await api.get(f"{base}/s1")).status_code == 404
    assert (await api.delete("/assessment-tests/t1/test-parts/p1")).status_code == 204
    assert (await api.get("/assessment-tests/t1/test-parts/p1")).status_code == 404


async def test_test_from_raw_xml_body(api: httpx.AsyncClient) -> None:
    xml = (
        f'<qti-assessment-test {NS} identifier="xml-test" title="X">'
        '<qti-test-part identifier="p" navigation-mode="nonlinear" submission-mode="simultaneous">'
        '<qti-assessment-section identifier="s" title="S" visible="true">'
        '<qti-assessment-item-ref identifier="choice-1" href="x"/></qti-assessment-section>'
        "</qti-test-part></qti-assessment-test>"
    )
    response = await api.post(
        "/assessment-tests", content=xml, headers={"Content-Type": "application/xml"}
    )
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["qti-test-part"][0]["navigationMode"] == "nonlinear"
    assert body["isValidXml"] is True
    found = (await api.get("/assessment-tests", params={"navigationMode": "nonlinear"})).json()
    assert [t["identifier"] for t in found["items"]] == ["xml-test"]


async def test_metadata_updates(api: httpx.AsyncClient) -> None:
    await create(api, CHOICE)
    item = await api.post(
        "/assessment-items/metadata",
        json={
            "identifier": "choice-1",
            "title": "T",
            "type": "choice",
            "metadata": {"subject": "Math"},
        },
    )
    assert item.status_code == 201
    assert item.json()["metadata"]["subject"] == "Math"
    tests = (await api.get("/assessment-tests", params={"limit": 1})).json()["items"]
    updated = await api.put(
        f"/assessment-tests/{tests[0]['identifier']}/metadata", json={"metadata": {"grade": "3"}}
    )
    assert updated.json()["metadata"]["grade"] == "3"


async def test_stimulus_lifecycle(api: httpx.AsyncClient) -> None:
    body = {"identifier": "st-1", "title": "Passage", "content": "<p>Once upon a time</p>"}
    created = await api.post("/stimuli", json=body)
    assert created.status_code == 201
    assert "Once upon a time" in created.json()["rawXml"]
    assert (await api.post("/stimuli", json=body)).status_code == 409
    bad = await api.post("/stimuli", json={**body, "identifier": "st-2", "content": "<p>open"})
    assert bad.status_code == 400
    assert (await api.delete("/stimuli/st-1")).status_code == 204
    assert (await api.delete("/stimuli/st-1")).status_code == 404


async def test_feedback_lifecycle(api: httpx.AsyncClient) -> None:
    made = await api.post(
        "/question", json={"questionId": "q", "userId": "u", "feedback": "typo", "lessonId": "L"}
    )
    assert made.status_code == 201
    assert made.json()["type"] == "QUESTION"
    assert (
        await api.post("/lesson", json={"userId": "u", "feedback": "fun", "lessonId": "L"})
    ).status_code == 201
    assert (await api.post("/lesson", json={"userId": "u"})).status_code == 400
    listed = (await api.get("/lesson/L")).json()
    assert [f["type"] for f in listed] == ["QUESTION", "LESSON"]
    assert (await api.delete(f"/{made.json()['id']}")).status_code == 200
    assert (await api.delete(f"/{made.json()['id']}")).status_code == 404


async def test_openapi_lists_every_qti_operation(api: httpx.AsyncClient) -> None:
    spec = (await api.get("/_emulator/openapi.json")).json()
    ids = {op.get("operationId") for path in spec["paths"].values() for op in path.values()}
    assert {
        "searchStimuli",
        "processResponse",
        "updateAssessmentItemOrder",
        "deleteFeedback",
        "validateBatch",
    } <= ids


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(body=st.text(max_size=200))
def test_any_xml_text_is_answered_without_a_server_error(body: str) -> None:
    from starlette.testclient import TestClient

    with TestClient(_FUZZ.app) as client:
        response = client.post(
            "/validate", json={"schema": "item", "xml": body}, headers=_fuzz_headers(client)
        )
    assert response.status_code in (200, 400)


_FUZZ = InProcessEmulator(seed="tiny")
_TOKEN: list[str] = []


def _fuzz_headers(client: Any) -> dict[str, str]:
    if not _TOKEN:
        answer = client.post(
            "/oauth2/token",
            data={"grant_type": "client_credentials"},
            auth=(_FUZZ.client_id, _FUZZ.client_secret),
        )
        _TOKEN.append(answer.json()["access_token"])
    return {"Authorization": f"Bearer {_TOKEN[0]}"}


async def test_free_responses_are_not_graded(api: httpx.AsyncClient) -> None:
    xml = item_xml(
        "essay-1",
        '<qti-extended-text-interaction response-identifier="RESPONSE"/>',
        base_type="string",
        template="none",
    )
    await create(api, xml)
    result = await score(api, "essay-1", "Photosynthesis turns light into sugar.")
    assert result["score"] == 0.0
    assert result["feedback"]["identifier"] == "ungraded"


_KEYS = st.lists(st.sampled_from("ABCDEFG"), min_size=1, max_size=7, unique=True)


@given(correct=_KEYS, data=st.data())
def test_multiple_cardinality_scores_any_order_of_the_set_and_nothing_else(
    correct: list[str], data: st.DataObject
) -> None:
    from timeback_emulator.qti._scoring import score_response

    item = {
        "responseDeclarations": [
            {
                "identifier": "RESPONSE",
                "cardinality": "multiple",
                "baseType": "identifier",
                "correctResponse": {"value": correct},
            }
        ]
    }
    shuffled = data.draw(st.permutations(correct))
    assert score_response(item, shuffled)["score"] == 1.0
    other = data.draw(_KEYS.filter(lambda keys: sorted(keys) != sorted(correct)))
    assert score_response(item, other)["score"] == 0.0


@given(correct=_KEYS, data=st.data())
def test_ordered_cardinality_needs_the_exact_sequence(
    correct: list[str], data: st.DataObject
) -> None:
    from timeback_emulator.qti._scoring import score_response

    item = {
        "responseDeclarations": [
            {
                "identifier": "RESPONSE",
                "cardinality": "ordered",
                "correctResponse": {"value": correct},
            }
        ]
    }
    order = data.draw(st.permutations(correct))
    expected = 1.0 if list(order) == correct else 0.0
    assert score_response(item, order)["score"] == expected


def test_stored_items_are_scored_for_other_services(emu: InProcessEmulator) -> None:
    from timeback_emulator.qti import score_stored_item
    from timeback_emulator.qti._seed import slug

    course = emu.store.find("courses", filter="status='active'", limit=1)[0]
    identifier = f"item-{slug(course['sourcedId'])}-choice"
    assert score_stored_item(emu.store, identifier, "B") == {
        "score": 1.0,
        "feedback": {"identifier": "correct", "value": "Correct"},
    }
    wrong = score_stored_item(emu.store, identifier, "A")
    assert wrong is not None
    assert wrong["score"] == 0.0
    assert score_stored_item(emu.store, "no-such-item", "B") is None
