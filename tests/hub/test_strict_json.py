"""The strict decoding gate (console/signaling/strict_json.py) and the pacing of floods."""

import json

import pytest

from console.hub.pacing import TokenBucket
from console.signaling import strict_json
from console.signaling.strict_json import StrictJsonError


@pytest.mark.parametrize(
    "text, where, reason",
    [
        ('{"a": "\\ud800"}', "$.a", "lone UTF-16 surrogate"),
        ('{"a": ["ok", "x\\udfffy"]}', "$.a[1]", "lone UTF-16 surrogate"),
        ('{"\\ud83d": 1}', "$ (a key)", "lone UTF-16 surrogate"),
        ('{"a": NaN}', "$.a", "NaN is not JSON"),
        ('{"a": {"b": -Infinity}}', "$.a.b", "-Infinity is not JSON"),
        ('[1e999]', "$[0]", "not finite"),
        ('{"n": %s}' % ("7" * 4301), "$.n", "at most 16 digits"),
        ('{"n": 9007199254740993}', "$.n", "beyond ±2^53"),
        ('{"n": 1e300}', "$.n", "beyond ±2^53"),
        ("[" * 33 + "]" * 33, "$" + "[0]" * 32, "nested more than 32"),
        ("[" * 5000 + "]" * 5000, "$", "nested more than 32"),
        ('{"a": 1', "$", "not valid JSON"),
        (b'{"a": "\xff"}', "$", "not UTF-8"),
    ],
)
def test_the_gate_refuses_and_says_where(text, where, reason):
    with pytest.raises(StrictJsonError) as error:
        strict_json.loads(text)
    assert error.value.where == where and reason in error.value.reason, str(error.value)


@pytest.mark.parametrize(
    "value",
    [
        {"name": "Phường Hoàn Kiếm", "emoji": "\U0001f600", "escaped": "\\ud800 is text here"},
        [[[[1, 2.5, -3, True, None, "x"]]]],
        {"n": 2**53, "f": -1.5e-300},
    ],
)
def test_the_gate_lets_strict_json_through_unchanged(value):
    text = json.dumps(value, ensure_ascii=True)  # escapes, including a valid surrogate pair
    assert strict_json.loads(text) == json.loads(text)
    assert strict_json.loads(strict_json.dumps(value)) == value


def test_nesting_of_exactly_the_limit_is_accepted():
    assert strict_json.loads("[" * 32 + "]" * 32) == eval("[" * 32 + "]" * 32)


def test_a_flood_waits_and_an_honest_rate_never_does():
    bucket = TokenBucket(rate=10, burst=5, stamp=100.0)
    assert [bucket.take(100.0) for _ in range(5)] == [0.0] * 5  # the burst
    assert bucket.take(100.0) == pytest.approx(0.1)  # then a tenth of a second each
    assert bucket.take(100.0) == pytest.approx(0.2)
    honest = TokenBucket(rate=10, burst=5, stamp=0.0)
    assert all(honest.take(t * 0.2) == 0.0 for t in range(100))  # 5 a second, forever
