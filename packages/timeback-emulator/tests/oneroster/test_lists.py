"""List semantics over HTTP: pagination body and headers, sort, fields, search, filter."""

from __future__ import annotations

import math
import re
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from timeback_emulator._seed import SeedSummary

pytestmark = pytest.mark.anyio

R = "/ims/oneroster/rostering/v1p2"
G = "/ims/oneroster/gradebook/v1p2"


def links(response: httpx.Response) -> dict[str, str]:
    return {
        rel: url for url, rel in re.findall(r'<([^>]+)>; rel="(\w+)"', response.headers["Link"])
    }


async def test_default_page_has_body_totals_and_headers(seeded: httpx.AsyncClient) -> None:
    response = await seeded.get(f"{R}/users")
    body = response.json()
    assert response.status_code == 200
    assert body["totalCount"] == 30 == len(body["users"])
    assert (body["pageCount"], body["pageNumber"], body["offset"], body["limit"]) == (1, 1, 0, 100)
    assert response.headers["X-Total-Count"] == "30"


async def test_page_fields_follow_limit_and_offset(seeded: httpx.AsyncClient) -> None:
    response = await seeded.get(f"{R}/users", params={"limit": 7, "offset": 14})
    body = response.json()
    assert len(body["users"]) == 7
    assert body["pageCount"] == math.ceil(30 / 7)
    assert body["pageNumber"] == 14 // 7 + 1
    assert (body["offset"], body["limit"]) == (14, 7)


async def test_pages_are_disjoint_and_cover_everything(seeded: httpx.AsyncClient) -> None:
    seen: list[str] = []
    for offset in range(0, 30, 8):
        page = await seeded.get(f"{R}/users", params={"limit": 8, "offset": offset})
        seen += [u["sourcedId"] for u in page.json()["users"]]
    assert len(seen) == 30
    assert seen == sorted(seen)


async def test_link_header_changes_only_offset(seeded: httpx.AsyncClient) -> None:
    params = {"limit": "5", "offset": "10", "filter": "status='active'", "sort": "familyName"}
    response = await seeded.get(f"{R}/users", params=params)
    total = int(response.headers["X-Total-Count"])
    found = links(response)
    assert set(found) == {"first", "prev", "next", "last"}
    for rel, offset in {"first": 0, "prev": 5, "next": 15, "last": (total - 1) // 5 * 5}.items():
        url = urlsplit(found[rel])
        assert f"{url.scheme}://{url.netloc}{url.path}" == f"http://emu.test{R}/users"
        query = parse_qs(url.query)
        assert query["offset"] == [str(offset)]
        assert query["limit"] == ["5"]
        assert query["filter"] == ["status='active'"]
        assert query["sort"] == ["familyName"]


async def test_link_header_first_and_last_pages(seeded: httpx.AsyncClient) -> None:
    first = links(await seeded.get(f"{R}/users", params={"limit": 10}))
    last = links(await seeded.get(f"{R}/users", params={"limit": 10, "offset": 20}))
    assert "prev" not in first
    assert "next" in first
    assert "next" not in last
    assert "prev" in last


async def test_offset_past_the_end_gives_empty_page_with_totals(seeded: httpx.AsyncClient) -> None:
    body = (await seeded.get(f"{R}/users", params={"offset": 500})).json()
    assert body["users"] == []
    assert body["totalCount"] == 30


@pytest.mark.parametrize(
    "params",
    [{"limit": "0"}, {"limit": "3001"}, {"limit": "ten"}, {"offset": "-1"}, {"orderBy": "up"}],
)
async def test_invalid_paging_params_are_400(
    seeded: httpx.AsyncClient, params: dict[str, str], ims_error: Any
) -> None:
    ims_error(await seeded.get(f"{R}/users", params=params), 400, "invaliddata")


async def test_limit_3000_is_accepted(seeded: httpx.AsyncClient) -> None:
    assert (await seeded.get(f"{R}/users", params={"limit": 3000})).json()["limit"] == 3000


async def test_sort_and_order_by(seeded: httpx.AsyncClient) -> None:
    body = (await seeded.get(f"{R}/users", params={"sort": "familyName", "orderBy": "desc"})).json()
    names = [u["familyName"] for u in body["users"]]
    assert names == sorted(names, reverse=True)


async def test_sort_ties_break_by_sourced_id(seeded: httpx.AsyncClient) -> None:
    body = (await seeded.get(f"{R}/users", params={"sort": "status"})).json()
    keys = [(u["status"], u["sourcedId"]) for u in body["users"]]
    assert keys == sorted(keys)


async def test_sort_by_dotted_reference_path(seeded: httpx.AsyncClient) -> None:
    body = (await seeded.get(f"{R}/classes", params={"sort": "course.sourcedId"})).json()
    keys = [(c["course"]["sourcedId"], c["sourcedId"]) for c in body["classes"]]
    assert keys == sorted(keys)


async def test_unknown_sort_field_is_400(seeded: httpx.AsyncClient, ims_error: Any) -> None:
    ims_error(await seeded.get(f"{R}/users", params={"sort": "shoeSize"}), 400, "invaliddata")


async def test_fields_projection_on_list(seeded: httpx.AsyncClient) -> None:
    body = (await seeded.get(f"{R}/users", params={"fields": "sourcedId, givenName"})).json()
    assert all(set(u) == {"sourcedId", "givenName"} for u in body["users"])


async def test_fields_projection_on_single_get(
    seeded: httpx.AsyncClient, summary: SeedSummary
) -> None:
    response = await seeded.get(f"{R}/users/{summary.student_id}", params={"fields": "email"})
    assert response.json() == {"user": {"email": summary.student_email}}


async def test_unknown_field_in_fields_is_400(seeded: httpx.AsyncClient, ims_error: Any) -> None:
    response = await seeded.get(f"{R}/users", params={"fields": "sourcedId,shoeSize"})
    ims_error(response, 400, "invalid_selection_field")


async def test_search_users_matches_names_and_email(
    seeded: httpx.AsyncClient, summary: SeedSummary
) -> None:
    body = (await seeded.get(f"{R}/users", params={"search": summary.student_email.upper()})).json()
    assert [u["sourcedId"] for u in body["users"]] == [summary.student_id]
    body = (await seeded.get(f"{R}/users", params={"search": "o'brien"})).json()
    assert body["users"]
    assert all("o'brien" in u["familyName"].lower() for u in body["users"])


async def test_search_combines_with_filter(seeded: httpx.AsyncClient) -> None:
    params = {"search": "grade", "filter": "subjects='Math'"}
    body = (await seeded.get(f"{R}/courses", params=params)).json()
    assert body["courses"]
    assert all("Math" in c["subjects"] and "grade" in c["title"].lower() for c in body["courses"])


async def test_filter_with_and_or_parentheses(
    seeded: httpx.AsyncClient, summary: SeedSummary
) -> None:
    flt = f"(role='student' OR role='teacher') AND class.sourcedId='{summary.class_id}'"
    body = (await seeded.get(f"{R}/enrollments", params={"filter": flt})).json()
    assert body["enrollments"]
    assert {e["class"]["sourcedId"] for e in body["enrollments"]} == {summary.class_id}
    assert body["totalCount"] == len(body["enrollments"])


async def test_filter_date_comparison(seeded: httpx.AsyncClient) -> None:
    everything = await seeded.get(f"{R}/users", params={"filter": "dateLastModified>'2000-01-01'"})
    nothing = await seeded.get(f"{R}/users", params={"filter": "dateLastModified>'2999-01-01'"})
    assert everything.json()["totalCount"] == 30
    assert nothing.json()["totalCount"] == 0


async def test_plus_in_query_string_means_space(seeded: httpx.AsyncClient) -> None:
    response = await seeded.get(
        f"{R}/users?filter=status%3D%27active%27+AND+roles.role%3D%27teacher%27"
    )
    assert response.status_code == 200
    assert response.json()["users"]
    assert all(any(r["role"] == "teacher" for r in u["roles"]) for u in response.json()["users"])


async def test_encoded_plus_is_a_literal_plus(seeded: httpx.AsyncClient) -> None:
    response = await seeded.get(f"{R}/users", params={"filter": "sourcedId='usr+plus'"})
    assert [u["sourcedId"] for u in response.json()["users"]] == ["usr+plus"]


@pytest.mark.parametrize("flt", ["status=active", "shoeSize='9'", "status='a' AND", "(x='1'"])
async def test_bad_filter_is_400_invalid_filter_field(
    seeded: httpx.AsyncClient, flt: str, ims_error: Any
) -> None:
    ims_error(await seeded.get(f"{R}/users", params={"filter": flt}), 400, "invalid_filter_field")


async def test_trailing_slash_is_the_same_route(seeded: httpx.AsyncClient) -> None:
    plain = await seeded.get(f"{R}/users", params={"limit": 3})
    slashed = await seeded.get(f"{R}/users/", params={"limit": 3})
    assert slashed.status_code == 200
    assert slashed.json() == plain.json()


async def test_unpaginated_gradebook_lists_page_too(
    seeded: httpx.AsyncClient, summary: SeedSummary
) -> None:
    response = await seeded.get(f"{G}/classes/{summary.class_id}/results", params={"limit": 1})
    body = response.json()
    assert len(body["results"]) == 1
    assert body["totalCount"] >= 1
    assert response.headers["X-Total-Count"] == str(body["totalCount"])


async def test_strict_mode_rejects_three_predicates(seeded_store: Any, ims_error: Any) -> None:
    app = _strict_app(seeded_store[0])
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://e") as c:
        ok = await c.get(f"{R}/users", params={"filter": "status='active' AND givenName~'a'"})
        assert ok.status_code == 200
        bad = await c.get(
            f"{R}/users", params={"filter": "status='active' AND givenName~'a' AND email~'e'"}
        )
        ims_error(bad, 400, "invalid_filter_field")


def _strict_app(store: Any) -> Any:
    from types import SimpleNamespace

    from starlette.applications import Starlette

    from timeback_emulator.oneroster import routes

    app = Starlette(routes=routes())
    app.state.store = store
    app.state.config = SimpleNamespace(strict_filters=True)
    return app


# -- a top-level ``role`` in user filters (as the platform's own client writes them) -----------


def _ids(response: httpx.Response) -> list[str]:
    assert response.status_code == 200, response.text
    return [u["sourcedId"] for u in response.json()["users"]]


@pytest.mark.parametrize(
    ("by_role", "by_roles_path"),
    [
        ("role='teacher'", "roles.role='teacher'"),
        ("role='student' AND status='active'", "roles.role='student' AND status='active'"),
        ("role='teacher' OR role='administrator'", "roles.role@'teacher,administrator'"),
        ("role~'TEACH'", "roles.role~'teach'"),
    ],
)
async def test_role_filters_users_like_the_roles_role_path(
    seeded: httpx.AsyncClient, by_role: str, by_roles_path: str
) -> None:
    params = {"limit": "3000"}
    with_role = await seeded.get(f"{R}/users", params={**params, "filter": by_role})
    with_path = await seeded.get(f"{R}/users", params={**params, "filter": by_roles_path})

    assert _ids(with_role) == _ids(with_path)
    assert _ids(with_role)


async def test_role_matches_any_of_a_users_roles(seeded: httpx.AsyncClient) -> None:
    everyone = (await seeded.get(f"{R}/users", params={"limit": "3000"})).json()["users"]
    expected = sorted(
        u["sourcedId"] for u in everyone if any(r["role"] == "teacher" for r in u["roles"])
    )

    response = await seeded.get(f"{R}/users", params={"filter": "role='teacher'", "limit": "3000"})

    assert sorted(_ids(response)) == expected


async def test_role_is_a_filter_name_only_on_users(
    seeded: httpx.AsyncClient, ims_error: Any
) -> None:
    response = await seeded.get(f"{R}/classes", params={"filter": "role='teacher'"})

    ims_error(response, 400, "invalid_filter_field")


async def test_role_has_no_members(seeded: httpx.AsyncClient, ims_error: Any) -> None:
    response = await seeded.get(f"{R}/users", params={"filter": "role.name='teacher'"})

    ims_error(response, 400, "invalid_filter_field")
