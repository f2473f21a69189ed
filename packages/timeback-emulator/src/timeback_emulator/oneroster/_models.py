"""Validation and normalisation of OneRoster write bodies into the stored canonical form.

Inputs accept every variant the platform accepts (Refs with or without ``href``/``type``, JSON
booleans or strings for string-boolean fields, ``schoolYear`` as number or string); the stored
form is canonical (references ``{"sourcedId", "type"}``, string booleans, numeric
``schoolYear``). Unknown members are kept as sent; ``dateLastModified`` is dropped (server-set).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from timeback_emulator._filter import normalize_timestamp
from timeback_emulator._store import COLLECTIONS
from timeback_emulator.oneroster._render import REFS, STRING_BOOLEANS

Detail = dict[str, str]

REQUIRED: dict[str, tuple[str, ...]] = {
    "users": ("enabledUser", "givenName", "familyName", "roles"),
    "orgs": ("name", "type"),
    "academicSessions": ("sourcedId", "title", "startDate", "endDate", "type", "schoolYear", "org"),
    "courses": ("title", "org"),
    "classes": ("title", "course", "org", "terms"),
    "enrollments": ("role", "user", "class"),
    "demographics": ("sourcedId",),
    "courseComponents": ("course", "title"),
    "componentResources": ("sourcedId", "title", "courseComponent", "resource"),
    "categories": ("title",),
    "lineItems": ("title", "assignDate", "dueDate", "class", "school", "category"),
    "results": ("lineItem", "student", "scoreStatus", "scoreDate"),
    "scoreScales": ("title", "type", "class", "scoreScaleValue"),
    "assessmentLineItems": ("title",),
    "assessmentResults": ("assessmentLineItem", "student", "scoreDate", "scoreStatus"),
    "resources": ("title", "vendorResourceId"),
}

SCORE_STATUSES = ("exempt", "fully graded", "not submitted", "partially graded", "submitted")
ENUMS: dict[tuple[str, str], tuple[str | None, ...]] = {
    ("orgs", "type"): ("department", "school", "district", "local", "state", "national"),
    ("academicSessions", "type"): ("gradingPeriod", "semester", "schoolYear", "term"),
    ("enrollments", "role"): ("administrator", "proctor", "student", "teacher"),
    ("classes", "classType"): ("homeroom", "scheduled"),
    ("results", "scoreStatus"): SCORE_STATUSES,
    ("assessmentResults", "scoreStatus"): SCORE_STATUSES,
    ("demographics", "sex"): ("male", "female", "other", "unspecified", None),
    ("resources", "importance"): ("primary", "secondary", None),
}
ROLE_NAMES = (
    "administrator",
    "aide",
    "guardian",
    "parent",
    "proctor",
    "relative",
    "student",
    "teacher",
)
ROLE_TYPES = ("primary", "secondary")
STATUSES = ("active", "tobedeleted")
# Date-time members stored normalised to ``YYYY-MM-DDTHH:MM:SS.mmmZ``.
DATETIMES = {"assignDate", "dueDate", "scoreDate"}


def _ref(value: Any, ref_type: str) -> dict[str, Any] | None:
    if isinstance(value, str) and value:
        return {"sourcedId": value, "type": ref_type}
    if isinstance(value, Mapping):
        sid = value.get("sourcedId")
        if isinstance(sid, str) and sid:
            given = value.get("type")
            return {
                "sourcedId": sid,
                "type": given if isinstance(given, str) and given else ref_type,
            }
    return None


def _string_bool(value: Any) -> str | None:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str) and value.strip().lower() in ("true", "false"):
        return value.strip().lower()
    return None


def _number(value: Any) -> int | float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value) if value.is_integer() else value
    if isinstance(value, str):
        try:
            number = float(value.strip())
        except ValueError:
            return None
        if number != number or number in (float("inf"), float("-inf")):
            return None
        return int(number) if number.is_integer() else number
    return None


class _Validator:
    def __init__(self, collection: str, prefix: str) -> None:
        self.collection = collection
        self.prefix = prefix
        self.details: list[Detail] = []

    def fail(self, name: str, message: str) -> None:
        self.details.append({"field": f"{self.prefix}{name}", "message": message})

    def normalize(self, body: Mapping[str, Any], partial: bool) -> dict[str, Any]:
        collection = self.collection
        doc = {k: v for k, v in body.items() if k != "dateLastModified"}
        if not partial:
            for name in REQUIRED.get(collection, ()):
                value = doc.get(name)
                if value is None or value == "" or (name in ("roles", "terms") and value == []):
                    self.fail(name, "Required")
        if collection == "classes" and "org" in doc:
            # Class writes name the school ``org``; responses call it ``school``.
            doc["school"] = doc.pop("org")
        schema = COLLECTIONS.get(collection, {})
        refs = {name: (ref_type, is_array) for name, ref_type, is_array in REFS.get(collection, ())}
        for name, value in list(doc.items()):
            if value is None:
                continue
            if name in refs:
                ref_type, is_array = refs[name]
                doc[name] = self.refs(name, value, ref_type, is_array)
                continue
            if name in STRING_BOOLEANS.get(collection, ()):
                text = _string_bool(value)
                if text is None:
                    self.fail(name, "must be true or false (boolean or string)")
                doc[name] = text
                continue
            spec = schema.get(name)
            if spec is None:
                continue
            if name == "status":
                if value not in STATUSES:
                    self.fail(name, f"must be one of {', '.join(STATUSES)}")
            elif spec.kind == "str":
                if not isinstance(value, str):
                    self.fail(name, "must be a string")
            elif spec.kind == "num":
                number = _number(value)
                if number is None:
                    self.fail(name, "must be a number")
                doc[name] = number
            elif spec.kind == "date":
                if not isinstance(value, str) or normalize_timestamp(value) is None:
                    self.fail(name, "must be an ISO 8601 date or date-time")
                elif name in DATETIMES:
                    doc[name] = normalize_timestamp(value)
            elif spec.kind == "strarr":
                if not isinstance(value, list):
                    self.fail(name, "must be an array of strings")
                else:
                    doc[name] = [str(v) if isinstance(v, (int, float)) else v for v in value]
                    if not all(isinstance(v, str) for v in doc[name]):
                        self.fail(name, "must be an array of strings")
            elif spec.kind == "objarr":
                if not isinstance(value, list) or not all(isinstance(v, Mapping) for v in value):
                    self.fail(name, "must be an array of objects")
            elif spec.kind == "obj" and not isinstance(value, Mapping):
                self.fail(name, "must be an object")
        for (coll, name), allowed in ENUMS.items():
            if coll == collection and name in doc and doc[name] not in allowed:
                shown = ", ".join(a for a in allowed if a is not None)
                self.fail(name, f"must be one of {shown}")
        if collection == "users" and isinstance(doc.get("roles"), list):
            doc["roles"] = [self.role(i, role) for i, role in enumerate(doc["roles"])]
        return doc

    def refs(self, name: str, value: Any, ref_type: str, is_array: bool) -> Any:
        if is_array:
            if not isinstance(value, list):
                self.fail(name, "must be an array of references")
                return value
            out = []
            for i, item in enumerate(value):
                ref = _ref(item, ref_type)
                if ref is None:
                    self.fail(f"{name}[{i}].sourcedId", "Required")
                out.append(ref if ref is not None else item)
            return out
        ref = _ref(value, ref_type)
        if ref is None:
            self.fail(f"{name}.sourcedId", "Required")
            return value
        return ref

    def role(self, index: int, role: Any) -> Any:
        where = f"roles[{index}]"
        if not isinstance(role, Mapping):
            self.fail(where, "must be an object")
            return role
        out = dict(role)
        if out.get("role") not in ROLE_NAMES:
            self.fail(f"{where}.role", f"must be one of {', '.join(ROLE_NAMES)}")
        if out.get("roleType") not in ROLE_TYPES:
            self.fail(f"{where}.roleType", "must be primary or secondary")
        org = _ref(out.get("org"), "org")
        if org is None:
            self.fail(f"{where}.org.sourcedId", "Required")
        else:
            out["org"] = org
        return out


def as_input(collection: str, doc: dict[str, Any]) -> dict[str, Any]:
    """A stored document in write-body form (for re-validation after a PATCH merge)."""
    out = dict(doc)
    if collection == "classes" and "school" in out and "org" not in out:
        out["org"] = out.pop("school")
    return out


def normalize(
    collection: str, body: Mapping[str, Any], *, partial: bool = False, prefix: str = ""
) -> tuple[dict[str, Any], list[Detail]]:
    """Validate a write body and convert it to the stored form.

    Args:
        collection: Collection wire name.
        body: The unwrapped entity.
        partial: PATCH semantics (no required members).
        prefix: Prefix of the field names in error details (e.g. ``"lineItems[2]."``).

    Returns:
        The normalised document and the list of validation failures (empty when valid).
    """
    validator = _Validator(collection, prefix)
    doc = validator.normalize(body, partial)
    return doc, validator.details
