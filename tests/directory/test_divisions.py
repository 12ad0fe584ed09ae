import json

import pytest

from console.directory.divisions import DivisionsError, load_divisions, parse_divisions


def nested():
    return [
        {
            "name": "Tỉnh A",
            "code": 1,
            "division_type": "tỉnh",
            "districts": [
                {
                    "name": "Huyện B",
                    "code": 1,
                    "districts": None,
                    "wards": [{"name": "Xã C", "code": 1}, {"name": "Xã D", "code": "00002"}],
                },
            ],
        },
        {"name": "Tỉnh E", "code": 2, "wards": [{"name": "Phường F", "code": 3}]},
    ]


def test_nested_tree_of_any_depth_is_flattened_with_levels_and_paths():
    divisions = parse_divisions(nested())
    by_key = {d.key: d for d in divisions}
    assert list(by_key) == ["province:1", "district:1", "commune:1", "commune:2", "province:2", "commune:3"]
    assert by_key["commune:2"].code == 2  # zero-padded strings are codes too
    assert by_key["commune:2"].path == ("Tỉnh A", "Huyện B", "Xã D")
    assert by_key["commune:2"].parent_key == "district:1"
    assert by_key["commune:3"].parent_key == "province:2"  # two tiers under one province
    assert by_key["commune:3"].province_key == "province:2"
    assert [d.depth for d in divisions] == [0, 1, 2, 2, 0, 1]


def test_the_same_code_at_different_levels_is_three_sites():
    keys = {d.key for d in parse_divisions(nested())}
    assert {"province:1", "district:1", "commune:1"} <= keys


def test_flat_records_link_to_their_parents():
    flat = [
        {"level": "province", "code": 1, "name": "Tỉnh A"},
        {"level": "commune", "code": 7, "name": "Xã B", "parent_code": 1},
    ]
    divisions = parse_divisions(flat)
    assert divisions[1].path == ("Tỉnh A", "Xã B")
    assert divisions[1].parent_key == "province:1"


@pytest.mark.parametrize(
    "document, message",
    [
        ({"a": 1}, "$: expected a list of provinces, found an object"),
        ([], "$: the list of divisions is empty"),
        ([1], "$[0]: expected an object, found a number (1)"),
        ([{"code": 1}], "$[0].name: expected a non-empty string, found nothing"),
        ([{"name": "A", "code": -4}], "$[0].code: expected a GSO code"),
        ([{"name": "A", "code": True}], "$[0].code: expected a GSO code (a non-negative integer), found a boolean"),
        ([{"name": "A", "code": 1, "districts": {}}], "$[0].districts: expected a list, found an object"),
        (
            [{"name": "A", "code": 1, "wards": [{"name": "B", "code": 2, "districts": []}]}],
            "$[0].wards[0].districts: a commune cannot contain districts",
        ),
        (
            [{"name": "A", "code": 1, "wards": [{"name": "B", "code": 2}, {"name": "C", "code": 2}]}],
            "$[0].wards[1]: duplicate commune code 2 ('C'; first used at $[0].wards[0] by 'B')",
        ),
        (
            [
                {"level": "province", "code": 1, "name": "A"},
                {"level": "commune", "code": 5, "name": "B", "parent_code": 9},
            ],
            "$[1] (commune 5 'B'): parent province 9 is not in the file",
        ),
        (
            [{"level": "province", "code": 1, "name": "A"}, {"level": "province", "code": 1, "name": "B"}],
            "$[1]: duplicate province code 1 (first used at $[0])",
        ),
        ([{"level": "town", "code": 1, "name": "A"}], "$[0].level: expected one of"),
    ],
)
def test_bad_documents_are_rejected_naming_the_place(document, message):
    with pytest.raises(DivisionsError) as error:
        parse_divisions(document)
    assert message in str(error.value)


def test_a_deep_missing_parent_is_found_through_the_chain(tmp_path):
    flat = [
        {"level": "province", "code": 1, "name": "A"},
        {"level": "district", "code": 2, "name": "B", "parent_code": 1},
        {"level": "commune", "code": 3, "name": "C", "parent_code": 4},
    ]
    with pytest.raises(DivisionsError, match=r"parent district 4 is not in the file"):
        parse_divisions(flat)


def test_files_that_are_not_json_say_where(tmp_path):
    path = tmp_path / "broken.json"
    path.write_text('[{"name": "A", "code": 1},\n {"name": oops}]', encoding="utf-8")
    with pytest.raises(DivisionsError, match=r"broken.json: not valid JSON at line 2, column 11"):
        load_divisions(path)
    path.write_bytes(b"\xff\xfe[]")
    with pytest.raises(DivisionsError, match="not UTF-8"):
        load_divisions(path)
    with pytest.raises(DivisionsError, match="cannot read the file"):
        load_divisions(tmp_path / "missing.json")


def test_shape_errors_in_files_carry_the_file_name(tmp_path):
    path = tmp_path / "shape.json"
    path.write_text(json.dumps([{"name": "A"}]), encoding="utf-8")
    with pytest.raises(DivisionsError, match=r"shape.json: \$\[0\].code"):
        load_divisions(path)
