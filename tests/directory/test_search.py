import pytest

from console.directory import short_prefixes
from console.directory.search import plan_search


def keys(results):
    return [s.key for s in results]


def test_unaccented_words_from_name_and_parents(national):
    assert keys(national.search("phuc xa ba dinh"))[0] == "commune:1"
    assert national.search("phuc xa ba dinh")[0].path == ["Thành phố Hà Nội", "Quận Ba Đình", "Phường Phúc Xá"]


def test_accented_and_unaccented_queries_agree(national):
    assert keys(national.search("Phúc Xá")) == keys(national.search("phuc xa"))
    assert keys(national.search("ĐẮK LẮK")) == keys(national.search("dak lak"))


def test_d_with_stroke_folds_to_d(national):
    top = national.search("dak lak", limit=1)[0]
    assert top.key == "province:66" and top.name == "Tỉnh Đắk Lắk"
    assert national.search("da nang", limit=1)[0].name == "Thành phố Đà Nẵng"


def test_every_word_is_a_prefix(national):
    assert "commune:1" in keys(national.search("phu x ba d", limit=5))
    assert keys(national.search("phuc x ba din", limit=3))[0] == "commune:1"
    assert national.search("tan din", limit=5)[0].name in ("Phường Tân Định", "Xã Tân Định", "Xã Tân Dĩnh")


def test_exact_code_first_at_every_level_then_code_prefixes(national):
    results = national.search("1", limit=5)
    assert keys(results)[:3] == ["province:1", "district:1", "commune:1"]
    assert all(str(s.code).startswith("1") for s in results)
    assert keys(national.search("00001", limit=3)) == ["province:1", "district:1", "commune:1"]
    assert keys(national.search("26734", limit=1)) == ["commune:26734"]


def test_names_equal_to_the_query_beat_longer_ones_and_higher_tiers_win_ties(national):
    assert keys(national.search("ba dinh", limit=1)) == ["district:1"]  # Quận Ba Đình
    assert national.search("ha noi", limit=1)[0].key == "province:1"
    assert national.search("son tay", limit=1)[0].name == "Thị xã Sơn Tây"


def test_abbreviations(national):
    assert national.search("hcm", limit=1)[0].key == "province:79"
    assert national.search("tp hcm", limit=1)[0].key == "province:79"
    assert national.search("hn", limit=1)[0].key == "province:1"


def test_numbered_wards_by_name_and_district(national):
    results = national.search("phuong 1 quan 3", limit=3)
    assert results[0].name == "Phường 1" and results[0].path[1] == "Quận 3"


def test_nothing_matches_garbage_and_nothing_breaks(national):
    for query in [
        "",
        "   ",
        "zzzzqqq",
        '"',
        "*",
        "a AND b",
        "NEAR(",
        "'; DROP TABLE sites; --",
        "x" * 500,
        "1 2 3 4 5 6 7 8 9 10",
        "🙂",
    ]:
        national.search(query)  # must not raise
    assert national.search("zzzzqqq") == []
    assert national.db["sites"].count > 10000


def test_limit(national):
    assert len(national.search("xa", limit=7)) == 7
    assert national.search("xa", limit=0) == []


@pytest.mark.parametrize("prefix", ["t", "p", "ph", "x", "ng", "h", "b", "tr", "tha", "phu", "tra", "ngh"])
def test_short_prefix_answers_equal_the_sql_ranking(national, prefix):
    stored = national._short_prefix_ids(prefix, 20)
    assert stored is not None
    plan = plan_search(prefix, 20)
    assert stored == [row[0] for row in national.db.execute(plan.sql, plan.params)]


@pytest.mark.parametrize(
    "query", ["thanh", "thanh t", "tha", "phu", "hoa t", "xa", "phuc xa ba", "quan 1", "ba dinh", "tan"]
)
def test_the_names_first_shortcut_gives_the_full_answer(national, query):
    plan = plan_search(query, 20)
    full = [row[0] for row in national.db.execute(plan.sql, plan.params)]
    assert national._ranked_ids(plan, 20) == full


def test_short_prefixes_are_kept_for_common_first_keystrokes(national):
    assert national.db["short_prefixes"].count > 100
    assert short_prefixes.KEEP >= 20
