"""Typos find what was meant. Operators type fast: a missing space ("hoankiem"),
one wrong, extra, missing or swapped letter ("hoan kiemm", "hoan kiwm"). Close spellings come
after the exact matches and never replace them."""

import pytest

from console.directory.spelling import Speller, _one_edit_apart


def keys(results):
    return [s.key for s in results]


@pytest.mark.parametrize(
    "typed", ["hoankiem", "hoan kiemm", "hoan kiwm", "hoan kiem", "hoan keim", "hoan kem", "Hoàn Kiêmm"]
)
def test_one_slip_still_finds_the_place(national, typed):
    answer = national.search_answer(typed, limit=5)
    assert "district:2" in keys(answer.sites)[:2], (typed, [s.name for s in answer.sites])  # Quận Hoàn Kiếm
    assert (answer.exact == 0) == bool(answer.respelled)


def test_close_spellings_come_after_the_exact_matches(national):
    exact = national.search_answer("phuc xa ba dinh", limit=20)
    assert exact.respelled == () and keys(exact.sites)[0] == "commune:1"  # nothing to respell
    answer = national.search_answer("ba dinhh", limit=20)
    assert answer.exact == 0 and answer.respelled[0] == "ba dinh"
    assert keys(answer.sites) == keys(national.search("ba dinh", limit=20))
    # Prefixes being typed are never respelled: type-ahead stays exact.
    for prefix in ("h", "ho", "hoa", "hoan", "hoan k", "hoan ki", "hoan kie"):
        assert national.search_answer(prefix, limit=20).respelled == ()


def test_nonsense_finds_nothing_and_codes_are_never_respelled(national):
    assert national.search("zzqqxx") == []
    assert national.search_answer("26734", limit=3).respelled == ()


def test_speller_on_its_own():
    speller = Speller(
        [
            "phuong hoan kiem",
            "quan hoan kiem",
            "xa hoang kim",
            "xa kim",
            "xa tan thanh",
            "phuong tan thanh",
            "xa ba dinh",
        ],
        known=["hk", "tp"],
    )
    assert speller.respell(["hoan", "kiem"]) == []  # nothing wrong
    assert speller.respell(["hk"]) == []  # an abbreviation is a known word
    assert speller.respell(["hoankiem"])[0] == ["hoan", "kiem"]  # a missing space
    assert speller.respell(["tan", "tthanh"])[0] == ["tan", "thanh"]
    assert speller.respell(["kiwm"])[0] == ["kiem"]  # w is next to e: before "kim"
    assert speller.respell(["ab"]) == []  # too short to guess
    # A word that starts a word ("tan" of "tanh"...) is respelled only when nothing matched.
    assert speller.respell(["hoan", "kim"]) == []
    assert ["hoan", "kiem"] in speller.respell(["hoan", "kim"], nothing_found=True)


@pytest.mark.parametrize(
    "a, b, near",
    [
        ("kiem", "kiemm", True),
        ("kiem", "kiwm", True),
        ("kiem", "keim", True),
        ("kiem", "kem", True),
        ("kiem", "kiem", False),
        ("kiem", "kmim", False),
        ("kiem", "ekmi", False),
        ("tan", "thanh", False),
    ],
)
def test_one_edit_apart(a, b, near):
    assert _one_edit_apart(a, b) is near and _one_edit_apart(b, a) is near
