"""The data schema (docs/data.md): good payloads read, every fault named where it is."""

import json

import pytest

from console.data import NATIONAL, PayloadError, parse_csv, parse_json, parse_payload
from console.data.sample import Province, SampleData
from console.data.schema import json_bytes

NOW = 1_790_000_000.0


def sample_doc():
    return SampleData([Province(1, "Thành phố Hà Nội"), Province(79, "Thành phố Hồ Chí Minh")]).document(NOW)


def test_the_sample_reads_back_as_it_was_written_in_json_and_csv():
    data = SampleData([Province(1, "Thành phố Hà Nội"), Province(79, "Thành phố Hồ Chí Minh")])
    from_json = parse_json(json_bytes(data.document(NOW)))
    from_csv = parse_csv(data.csv(NOW).encode("utf-8"))
    for dataset in (from_json, from_csv):
        assert dataset.sample and "SAMPLE DATA" in dataset.title
        assert list(dataset.indicators) == ["new_cases", "positivity", "vaccinated"]
        assert {s.area for s in dataset.provinces("new_cases")} == {"province:1", "province:79"}
        national = dataset.national("new_cases")
        assert len(national.points) == 90 and national.points[-1][0] <= NOW
        # The country's new cases are the provinces' sum, at every point.
        last = sum(s.latest[1] for s in dataset.provinces("new_cases"))
        assert national.latest[1] == pytest.approx(last)
        assert dataset.updated_at.timestamp() == national.latest[0]
        assert dataset.names["province:79"] == "Thành phố Hồ Chí Minh"
    assert from_json.series.keys() == from_csv.series.keys()
    assert from_json.indicators == from_csv.indicators


def test_thresholds_give_levels_in_the_indicators_direction():
    data = parse_json(json_bytes(sample_doc()))
    cases, vaccinated = data.indicators["new_cases"], data.indicators["vaccinated"]
    assert [cases.level(v) for v in (10, 60, 119, 120, None)] == ["ok", "warn", "warn", "alert", "ok"]
    assert [vaccinated.level(v) for v in (95, 80, 75, 70, 10)] == ["ok", "warn", "warn", "alert", "alert"]


def test_the_sample_moves_with_time():
    data = SampleData([Province(1, "Hà Nội")])
    before, after = (parse_json(json_bytes(data.document(t))) for t in (NOW, NOW + 60))
    assert before.updated_at < after.updated_at
    assert before.national("new_cases").points != after.national("new_cases").points


def broken(change):
    document = sample_doc()
    change(document)
    return json_bytes(document)


@pytest.mark.parametrize(
    "change, where, fragment",
    [
        (lambda d: d.pop("updated_at"), "$", "missing 'updated_at'"),
        (lambda d: d.update(updated_at="yesterday"), "$.updated_at", "not an ISO 8601 time"),
        (lambda d: d.update(updated_at="2026-01-31T09:00:00"), "$.updated_at", "names no time zone"),
        (lambda d: d["series"][3]["points"][7].__setitem__(1, "abc"), "$.series[3].points[7][1]", "expected a number"),
        (lambda d: d["series"][3]["points"][7].__setitem__(1, True), "$.series[3].points[7][1]", "expected a number"),
        (lambda d: d["series"][2]["points"].append([1, 2]), "$.series[2].points[90][0]", "expected an ISO time"),
        (lambda d: d["series"][2]["points"].append([1]), "$.series[2].points[90]", "expected [time, value]"),
        (lambda d: d["series"][1].update(indicator="deaths"), "$.series[1].indicator", "unknown indicator 'deaths'"),
        (lambda d: d["series"][1].update(province="ha noi"), "$.series[1].province", "expected a GSO code"),
        (lambda d: d["series"].append(dict(d["series"][1])), "$.series[9]", "a second series"),
        (lambda d: d["indicators"][0].update(warn="high"), "$.indicators[0].warn", "expected a number"),
        (lambda d: d.update(series={}), "$.series", "expected an array"),
    ],
)
def test_a_malformed_json_payload_says_where(change, where, fragment):
    with pytest.raises(PayloadError) as error:
        parse_json(broken(change))
    assert error.value.where == where, error.value
    assert fragment in error.value.problem


@pytest.mark.parametrize(
    "payload, where, fragment",
    [
        (b"{\"updated_at\": ", "line 1, column 16", "not JSON"),
        (b"[1, 2]", "$", "expected an object"),
        (b"\xff\xfe{}", "byte 0", "not UTF-8"),
        (b'{"indicators": [], "series": [], "updated_at": NaN}', "$", "NaN"),
        (b"[" * 100_000 + b"]" * 100_000, "$", None),
    ],
)
def test_garbage_is_refused_with_a_place(payload, where, fragment):
    with pytest.raises(PayloadError) as error:
        parse_json(payload)
    assert error.value.where == where
    if fragment:
        assert fragment in str(error.value)


def test_huge_numbers_are_not_finite_and_refused():
    document = sample_doc()
    text = json_bytes(document).replace(b'"warn":60', b'"warn":1e999', 1)
    with pytest.raises(PayloadError, match=r"\$\.indicators\[0\]\.warn: the number is not finite"):
        parse_json(text)


CSV = """# title: Sở Y tế
# updated_at: 2026-01-31T09:00:00+07:00
indicator,unit,province,time,value
cases,ca,,2026-01-31T08:00:00+07:00,10
cases,ca,1,2026-01-31T08:00:00+07:00,4
cases,ca,01,2026-01-31T08:30:00+07:00,6
"""


def test_csv_reads_national_and_zero_padded_provinces():
    data = parse_csv(CSV.encode())
    assert data.title == "Sở Y tế" and not data.sample
    assert data.national("cases").latest[1] == 10
    assert [v for _, v in data.area("cases", "province:1").points] == [4, 6]
    assert parse_payload(CSV.encode(), "text/csv; charset=utf-8").series == data.series


@pytest.mark.parametrize(
    "text, where, fragment",
    [
        (CSV.replace(",6\n", ",six\n"), 'line 6, column "value"', "'six' is not a number"),
        (CSV.replace(",6\n", ",6,7\n"), "line 6", "6 cells where the header has 5"),
        (CSV.replace("08:30:00+07:00", "08:30"), 'line 6, column "time"', "names no time zone"),
        (CSV.replace("indicator,unit", "indicatr,unit"), "line 3", "the header lacks indicator"),
        (CSV.replace(",1,2026", ",x1,2026"), "line 5.province", "expected a GSO code"),
        (CSV.replace(",10\n", ",inf\n"), 'line 4, column "value"', "not a finite"),
    ],
)
def test_a_malformed_csv_payload_says_where(text, where, fragment):
    with pytest.raises(PayloadError) as error:
        parse_csv(text.encode())
    assert error.value.where == where, error.value
    assert fragment in error.value.problem


def test_the_format_is_told_by_content_type_name_or_first_character():
    body = json_bytes(sample_doc())
    for content_type, name in (("application/json", ""), ("", "x.json"), ("text/plain", "data")):
        assert parse_payload(body, content_type, name).sample
    assert parse_payload(CSV.encode(), "", "x.csv").national("cases") is not None
    assert NATIONAL == "national"
    assert json.loads(body)["sample"] is True
