"""The OneRoster route table: rostering (``R/``), gradebook (``G/``) and resources (``X/``).

Every path and the handlers of its methods, in one place; plain CRUD comes from the entity views
(`_entities`), everything else from `_handlers`."""

from __future__ import annotations

from starlette.routing import BaseRoute, Route

from timeback_emulator.oneroster._entities import (
    ASSESSMENT_LINE_ITEMS,
    ASSESSMENT_RESULTS,
    CATEGORIES,
    CLASSES,
    COMPONENT_RESOURCES,
    COMPONENTS,
    COURSES,
    DEMOGRAPHICS,
    ENROLLMENTS,
    GRADING_PERIODS,
    LINE_ITEMS,
    ORGS,
    RESOURCES,
    RESULTS,
    SCHOOLS,
    SCORE_SCALES,
    SESSIONS,
    STUDENTS,
    TEACHERS,
    TERMS,
    USERS,
)
from timeback_emulator.oneroster._handlers import (
    RESULTS_OF_CLASS,
    add_agent,
    assign_resource,
    bulk_create,
    class_in_school,
    classes_of_user,
    create_course_structure,
    create_term_grading_period,
    decrypt_credential,
    enrolled_users,
    export_resource,
    fill_class_line_item,
    fill_class_result,
    fill_line_item_result,
    fill_school_line_item,
    json_equals,
    line_item_in_class,
    list_agent_for,
    list_agents,
    register_credentials,
    remove_agent,
    resources_for,
    school_users,
    scoped,
    scoped_enrollment,
    unassign_resource,
    user_with_demographics,
)
from timeback_emulator.oneroster._http import (
    Handler,
)
from timeback_emulator.oneroster._render import G, R, X
from timeback_emulator.oneroster._views import (
    View,
    create_handler,
    delete_handler,
    get_handler,
    list_handler,
    methods,
    patch_handler,
    put_handler,
)

# --------------------------------------------------------------------------------------------
# Route table


def _crud(base: str, view: View, *, patch: bool = True) -> list[tuple[str, dict[str, Handler]]]:
    """Collection and single-entity routes of a view."""
    collection = {"get": list_handler(view)}
    entity = {"get": get_handler(view)}
    if view.writable:
        collection["post"] = create_handler(view)
        entity["put"] = put_handler(view)
        entity["delete"] = delete_handler(view)
        if patch:
            entity["patch"] = patch_handler(view)
    return [(base, collection), (base + "/{id}", entity)]


def _get_under(
    path: str, view: View, parent: View, condition: str
) -> tuple[str, dict[str, Handler]]:
    """A GET route listing the records of `view` that `condition` ties to the `{id}` of `parent`."""
    return (path, {"get": scoped(view, [(parent, "id")], condition)})


def _in_school_class(path: str, view: View, condition: str) -> tuple[str, dict[str, Handler]]:
    """A GET route listing records of a class, reached through its school (both must exist)."""
    return (
        path,
        {
            "get": scoped(
                view,
                [(SCHOOLS, "schoolId"), (CLASSES, "classId")],
                condition,
                message="School or class not found.",
                args=["classId"],
                check=class_in_school,
            )
        },
    )


def _table() -> list[tuple[str, dict[str, Handler]]]:
    class_line_item = [(CLASSES, "classId"), (LINE_ITEMS, "lineItemId")]
    return [
        # ---- rostering: users and their sub-resources
        *_crud(f"{R}/users", USERS),
        _get_under(f"{R}/users/{{id}}/classes", CLASSES, USERS, classes_of_user(None)),
        (f"{R}/users/{{id}}/demographics", {"get": user_with_demographics}),
        (f"{R}/users/{{id}}/agents", {"get": list_agents, "post": add_agent}),
        (f"{R}/users/{{id}}/agents/{{agentId}}", {"delete": remove_agent}),
        (f"{R}/users/{{id}}/agentFor", {"get": list_agent_for}),
        (f"{R}/users/{{id}}/credentials", {"post": register_credentials}),
        (f"{R}/users/{{id}}/credentials/{{credentialId}}/decrypt", {"post": decrypt_credential}),
        *_crud(f"{R}/students", STUDENTS),
        _get_under(f"{R}/students/{{id}}/classes", CLASSES, STUDENTS, classes_of_user("student")),
        *_crud(f"{R}/teachers", TEACHERS),
        _get_under(f"{R}/teachers/{{id}}/classes", CLASSES, TEACHERS, classes_of_user("teacher")),
        # ---- orgs and schools
        *_crud(f"{R}/orgs", ORGS),
        *_crud(f"{R}/schools", SCHOOLS),
        _get_under(
            f"{R}/schools/{{id}}/classes", CLASSES, SCHOOLS, json_equals("$.school.sourcedId")
        ),
        _get_under(f"{R}/schools/{{id}}/courses", COURSES, SCHOOLS, json_equals("$.org.sourcedId")),
        _get_under(
            f"{R}/schools/{{id}}/enrollments",
            ENROLLMENTS,
            SCHOOLS,
            json_equals("$.school.sourcedId"),
        ),
        _get_under(f"{R}/schools/{{id}}/students", USERS, SCHOOLS, school_users("student")),
        _get_under(f"{R}/schools/{{id}}/teachers", USERS, SCHOOLS, school_users("teacher")),
        _get_under(f"{R}/schools/{{id}}/terms", TERMS, SCHOOLS, json_equals("$.org.sourcedId")),
        _in_school_class(
            f"{R}/schools/{{schoolId}}/classes/{{classId}}/enrollments",
            ENROLLMENTS,
            json_equals("$.class.sourcedId"),
        ),
        _in_school_class(
            f"{R}/schools/{{schoolId}}/classes/{{classId}}/students",
            USERS,
            enrolled_users("student"),
        ),
        _in_school_class(
            f"{R}/schools/{{schoolId}}/classes/{{classId}}/teachers",
            USERS,
            enrolled_users("teacher"),
        ),
        # ---- academic sessions, terms, grading periods
        *_crud(f"{R}/academicSessions", SESSIONS),
        *_crud(f"{R}/terms", TERMS),
        (
            f"{R}/terms/{{id}}/classes",
            {
                "get": scoped(
                    CLASSES,
                    [(TERMS, "id")],
                    "EXISTS (SELECT 1 FROM json_each(t.doc, '$.terms') AS je"
                    " WHERE json_extract(je.value, '$.sourcedId') = ?)",
                )
            },
        ),
        (
            f"{R}/terms/{{id}}/gradingPeriods",
            {
                "get": scoped(GRADING_PERIODS, [(TERMS, "id")], json_equals("$.parent.sourcedId")),
                "post": create_term_grading_period,
            },
        ),
        *_crud(f"{R}/gradingPeriods", GRADING_PERIODS),
        # ---- classes
        *_crud(f"{R}/classes", CLASSES),
        (
            f"{R}/classes/{{id}}/students",
            {
                "get": scoped(
                    USERS, [(CLASSES, "id")], enrolled_users("student"), keys=("students", "users")
                ),
                "post": scoped_enrollment("student"),
            },
        ),
        (
            f"{R}/classes/{{id}}/teachers",
            {
                "get": scoped(
                    USERS, [(CLASSES, "id")], enrolled_users("teacher"), keys=("teachers", "users")
                ),
                "post": scoped_enrollment("teacher"),
            },
        ),
        _get_under(
            f"{R}/classes/{{id}}/enrollments",
            ENROLLMENTS,
            CLASSES,
            json_equals("$.class.sourcedId"),
        ),
        # ---- courses (literal segments before {id})
        (f"{R}/courses/structure", {"post": create_course_structure}),
        *_crud(f"{R}/courses/components", COMPONENTS),
        *_crud(f"{R}/courses/component-resources", COMPONENT_RESOURCES),
        *_crud(f"{R}/courses", COURSES),
        _get_under(
            f"{R}/courses/{{id}}/classes", CLASSES, COURSES, json_equals("$.course.sourcedId")
        ),
        # ---- enrollments and demographics
        *_crud(f"{R}/enrollments", ENROLLMENTS),
        *_crud(f"{R}/demographics", DEMOGRAPHICS),
        # ---- gradebook
        *_crud(f"{G}/categories", CATEGORIES),
        *_crud(f"{G}/lineItems", LINE_ITEMS),
        (
            f"{G}/lineItems/{{id}}/results",
            {
                "get": scoped(RESULTS, [(LINE_ITEMS, "id")], json_equals("$.lineItem.sourcedId")),
                "post": bulk_create(
                    RESULTS, "results", [(LINE_ITEMS, "id")], fill_line_item_result
                ),
            },
        ),
        *_crud(f"{G}/results", RESULTS),
        *_crud(f"{G}/scoreScales", SCORE_SCALES),
        *_crud(f"{G}/assessmentLineItems", ASSESSMENT_LINE_ITEMS),
        *_crud(f"{G}/assessmentResults", ASSESSMENT_RESULTS),
        (
            f"{G}/classes/{{id}}/categories",
            {
                "get": scoped(
                    CATEGORIES,
                    [(CLASSES, "id")],
                    "t.sid IN (SELECT json_extract(l.doc, '$.category.sourcedId')"
                    ' FROM "doc_lineItems" AS l'
                    " WHERE json_extract(l.doc, '$.class.sourcedId') = ?)",
                )
            },
        ),
        (
            f"{G}/classes/{{id}}/lineItems",
            {
                "get": scoped(LINE_ITEMS, [(CLASSES, "id")], json_equals("$.class.sourcedId")),
                "post": bulk_create(
                    LINE_ITEMS, "lineItems", [(CLASSES, "id")], fill_class_line_item
                ),
            },
        ),
        (
            f"{G}/classes/{{id}}/results",
            {"get": scoped(RESULTS, [(CLASSES, "id")], RESULTS_OF_CLASS, args=["id", "id"])},
        ),
        _get_under(
            f"{G}/classes/{{id}}/scoreScales",
            SCORE_SCALES,
            CLASSES,
            json_equals("$.class.sourcedId"),
        ),
        (
            f"{G}/classes/{{classId}}/lineItems/{{lineItemId}}/results",
            {
                "get": scoped(
                    RESULTS,
                    class_line_item,
                    json_equals("$.lineItem.sourcedId"),
                    message="Class or line item not found.",
                    args=["lineItemId"],
                    check=line_item_in_class,
                )
            },
        ),
        (
            f"{G}/classes/{{classId}}/students/{{studentId}}/results",
            {
                "get": scoped(
                    RESULTS,
                    [(CLASSES, "classId"), (USERS, "studentId")],
                    f"{json_equals('$.student.sourcedId')} AND {RESULTS_OF_CLASS}",
                    message="Class or student not found.",
                    args=["studentId", "classId", "classId"],
                )
            },
        ),
        (
            f"{G}/classes/{{classId}}/academicSessions/{{sessionId}}/results",
            {
                "post": bulk_create(
                    RESULTS,
                    "results",
                    [(CLASSES, "classId"), (SESSIONS, "sessionId")],
                    fill_class_result,
                    "Class or academic session not found.",
                )
            },
        ),
        (
            f"{G}/schools/{{id}}/lineItems",
            {
                "get": scoped(LINE_ITEMS, [(SCHOOLS, "id")], json_equals("$.school.sourcedId")),
                "post": bulk_create(
                    LINE_ITEMS, "lineItems", [(SCHOOLS, "id")], fill_school_line_item
                ),
            },
        ),
        (
            f"{G}/schools/{{id}}/scoreScales",
            {
                "get": scoped(
                    SCORE_SCALES,
                    [(SCHOOLS, "id")],
                    "json_extract(t.doc, '$.class.sourcedId') IN (SELECT c.sid"
                    ' FROM "doc_classes" AS c'
                    " WHERE json_extract(c.doc, '$.school.sourcedId') = ?)",
                )
            },
        ),
        # ---- resources (literal segments before {id})
        (f"{X}/resources/export/{{id}}", {"post": export_resource}),
        *[
            route
            for kind in ("classes", "courses", "users")
            for route in (
                (
                    f"{X}/resources/{kind}/{{id}}/resources",
                    {"get": resources_for(kind), "post": assign_resource(kind)},
                ),
                (
                    f"{X}/resources/{kind}/{{id}}/resources/{{resourceId}}",
                    {"delete": unassign_resource(kind)},
                ),
                # Standard 1EdTech paths, served as aliases.
                (f"{X}/{kind}/{{id}}/resources", {"get": resources_for(kind)}),
            )
        ],
        *_crud(f"{X}/resources", RESOURCES, patch=True),
    ]


ALL_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]


def build_routes() -> list[BaseRoute]:
    """Starlette routes for every OneRoster endpoint (full paths, no trailing slashes)."""
    routes: list[BaseRoute] = []
    for path, handlers in _table():
        dispatch, _names = methods(**handlers)
        routes.append(Route(path, dispatch, methods=ALL_METHODS))
    return routes


def route_methods() -> list[tuple[str, str]]:
    """(method, path template) pairs served, for documentation and fidelity tests."""
    return [(method.upper(), path) for path, handlers in _table() for method in handlers]
