"""Read an administrative-divisions file into a flat, validated list of divisions.

Two shapes are accepted:

* nested (the shape of ``vietnam-provinces`` and of the 2025-01 three-tier file): a list of
  provinces, each with children under ``districts``, ``wards`` or ``communes``, any depth;
* flat: a list of records each carrying ``level`` and, below the top, ``parent_code``
  (and ``parent_level`` where the level above is ambiguous).

GSO codes are unique within a level, not across levels (province 1, district 1 and
ward 1 all exist), so a division's identity is its ``key``: ``"<level>:<code>"``.
Nothing here touches the database: a file is fully validated before any write.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

LEVELS = ("province", "district", "commune")
_CHILD_KEYS = {"districts": "district", "wards": "commune", "communes": "commune"}


class DivisionsError(ValueError):
    """A divisions file that cannot be imported; the message names the place in the file."""


def site_key(level: str, code: int) -> str:
    """The identity of a site: GSO codes repeat across levels, so the level is part of it."""
    return f"{level}:{code}"


@dataclass(frozen=True)
class Division:
    """One administrative unit, i.e. one possible conference site."""

    key: str
    code: int
    name: str
    level: str
    division_type: str
    codename: str
    parent_key: str | None
    province_key: str
    path: tuple[str, ...]  # names from the province down to this unit
    ordinal: int  # position in the file, for a stable tree order
    depth: int
    where: str = field(default="", compare=False)  # place in the source file, for errors


def load_divisions(path: str | Path) -> list[Division]:
    """Read and validate ``path``; raise DivisionsError naming the bad place."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise DivisionsError(f"{path}: cannot read the file: {exc.strerror or exc}") from exc
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DivisionsError(f"{path}: not UTF-8 text (byte {exc.start})") from exc
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise DivisionsError(f"{path}: not valid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}") from exc
    try:
        return parse_divisions(document)
    except DivisionsError as exc:
        raise DivisionsError(f"{path}: {exc}") from None


def parse_divisions(document: Any) -> list[Division]:
    """Validate a decoded document (nested or flat) and flatten it."""
    if isinstance(document, dict) and isinstance(document.get("provinces"), list):
        document = document["provinces"]
    if not isinstance(document, list):
        raise DivisionsError(f"$: expected a list of provinces, found {_kind(document)}")
    if not document:
        raise DivisionsError("$: the list of divisions is empty")
    if all(isinstance(item, dict) and "level" in item for item in document):
        divisions = _Flat(document).parse()
    else:
        divisions = _Nested(document).parse()
    _check_unique(divisions)
    return divisions


class _Nested:
    """Walks a province -> [district] -> commune tree, any depth."""

    def __init__(self, provinces: list[Any]) -> None:
        self.provinces = provinces
        self.out: list[Division] = []
        self.where: dict[str, str] = {}

    def parse(self) -> list[Division]:
        for i, node in enumerate(self.provinces):
            self._visit(node, f"$[{i}]", "province", None, None, ())
        return self.out

    def _visit(
        self,
        node: Any,
        where: str,
        level: str,
        parent: Division | None,
        province_key: str | None,
        path: tuple[str, ...],
    ) -> None:
        fields = _node_fields(node, where)
        key = site_key(level, fields["code"])
        division = Division(
            key=key,
            level=level,
            parent_key=parent.key if parent else None,
            province_key=province_key or key,
            path=path + (fields["name"],),
            ordinal=len(self.out),
            depth=len(path),
            where=where,
            **fields,
        )
        self.out.append(division)
        for child_key, child_level in _CHILD_KEYS.items():
            children = node.get(child_key)
            if children is None:
                continue
            if not isinstance(children, list):
                raise DivisionsError(f"{where}.{child_key}: expected a list, found {_kind(children)}")
            if LEVELS.index(child_level) <= LEVELS.index(level):
                raise DivisionsError(
                    f"{where}.{child_key}: a {level} cannot contain {child_key} (levels go {' > '.join(LEVELS)})"
                )
            for j, child in enumerate(children):
                self._visit(
                    child, f"{where}.{child_key}[{j}]", child_level, division, division.province_key, division.path
                )


class _Flat:
    """Links records that name their parent by level and code."""

    def __init__(self, records: list[dict[str, Any]]) -> None:
        self.records = records

    def parse(self) -> list[Division]:
        levels_present = set()
        for i, record in enumerate(self.records):
            level = record.get("level")
            if level not in LEVELS:
                raise DivisionsError(f"$[{i}].level: expected one of {', '.join(LEVELS)}, found {level!r}")
            levels_present.add(level)
        parsed = [(i, r["level"], _node_fields(r, f"$[{i}]")) for i, r in enumerate(self.records)]
        by_key: dict[str, tuple[int, str, dict[str, Any]]] = {}
        for item in parsed:
            by_key.setdefault(site_key(item[1], item[2]["code"]), item)

        out: dict[str, Division] = {}

        def build(i: int, level: str, fields: dict[str, Any], chain: tuple[str, ...]) -> Division:
            key = site_key(level, fields["code"])
            if key in out:
                return out[key]
            if key in chain:
                raise DivisionsError(f"$[{i}]: {level} {fields['code']} is its own ancestor")
            parent = None
            if level != "province":
                parent_key = self._parent_key(i, level, levels_present)
                if parent_key not in by_key:
                    raise DivisionsError(
                        f"$[{i}] ({level} {fields['code']} {fields['name']!r}): parent "
                        f"{parent_key.replace(':', ' ')} is not in the file"
                    )
                parent = build(*by_key[parent_key], chain + (key,))
            division = Division(
                key=key,
                level=level,
                parent_key=parent.key if parent else None,
                province_key=parent.province_key if parent else key,
                path=(parent.path if parent else ()) + (fields["name"],),
                ordinal=i,
                depth=(parent.depth + 1) if parent else 0,
                where=f"$[{i}]",
                **fields,
            )
            out[key] = division
            return division

        _check_no_duplicate_codes(parsed)
        return [build(i, level, fields, ()) for i, level, fields in parsed]

    def _parent_key(self, i: int, level: str, levels_present: set[str]) -> str:
        record = self.records[i]
        code = record.get("parent_code")
        if code is None:
            raise DivisionsError(f"$[{i}].parent_code: a {level} needs the code of its parent")
        parent_level = record.get("parent_level")
        if parent_level is None:
            above = [lv for lv in LEVELS[: LEVELS.index(level)] if lv in levels_present]
            parent_level = above[-1] if above else "province"
        if parent_level not in LEVELS or LEVELS.index(parent_level) >= LEVELS.index(level):
            raise DivisionsError(f"$[{i}].parent_level: {parent_level!r} is not a level above {level}")
        return site_key(parent_level, _code(code, f"$[{i}].parent_code"))


def _check_no_duplicate_codes(parsed: list[tuple[int, str, dict[str, Any]]]) -> None:
    first: dict[str, int] = {}
    for i, level, fields in parsed:
        key = site_key(level, fields["code"])
        if key in first:
            raise DivisionsError(f"$[{i}]: duplicate {level} code {fields['code']} (first used at $[{first[key]}])")
        first[key] = i


def _check_unique(divisions: list[Division]) -> None:
    seen: dict[str, Division] = {}
    for division in divisions:
        first = seen.setdefault(division.key, division)
        if first is not division:
            raise DivisionsError(
                f"{division.where}: duplicate {division.level} code {division.code} "
                f"({division.name!r}; first used at {first.where} by {first.name!r})"
            )


def _node_fields(node: Any, where: str) -> dict[str, Any]:
    if not isinstance(node, dict):
        raise DivisionsError(f"{where}: expected an object, found {_kind(node)}")
    name = node.get("name")
    if not isinstance(name, str) or not name.strip():
        raise DivisionsError(f"{where}.name: expected a non-empty string, found {_kind(name)}")
    division_type = node.get("division_type", "")
    if not isinstance(division_type, str):
        raise DivisionsError(f"{where}.division_type: expected a string, found {_kind(division_type)}")
    codename = node.get("codename", "")
    if not isinstance(codename, str):
        raise DivisionsError(f"{where}.codename: expected a string, found {_kind(codename)}")
    return {
        "code": _code(node.get("code"), f"{where}.code"),
        "name": name.strip(),
        "division_type": division_type.strip(),
        "codename": codename.strip(),
    }


def _code(value: Any, where: str) -> int:
    # GSO codes are written zero-padded ("00001"); files carry them as numbers or strings.
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    raise DivisionsError(f"{where}: expected a GSO code (a non-negative integer), found {_kind(value)}")


def _kind(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"a boolean ({value})"
    if isinstance(value, (int, float)):
        return f"a number ({value})"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return f"a string ({shown!r})"
    if isinstance(value, list):
        return f"a list of {len(value)}"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__
