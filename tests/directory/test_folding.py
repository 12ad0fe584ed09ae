from console.directory.folding import core_name, fold, initials, words


def test_fold_strips_vietnamese_diacritics_and_case():
    assert fold("Phường Phúc Xá") == "phuong phuc xa"
    assert fold("Thành phố Hồ Chí Minh") == "thanh pho ho chi minh"


def test_fold_turns_d_with_stroke_into_d():
    # unicode61 keeps đ; the directory must not.
    assert fold("Đắk Lắk") == "dak lak"
    assert fold("ĐÀ NẴNG") == "da nang"
    assert fold("Ðông") == "dong"  # U+00D0, a look-alike seen in hand-typed data


def test_fold_precomposed_and_decomposed_forms_agree():
    import unicodedata

    text = "Thừa Thiên Huế"
    assert fold(unicodedata.normalize("NFC", text)) == fold(unicodedata.normalize("NFD", text))


def test_punctuation_becomes_word_breaks():
    assert fold("Xã Đạ K' Nàng") == "xa da k nang"
    assert fold("Phan Rang-Tháp Chàm") == "phan rang thap cham"
    assert words("  ") == []
    assert words('"; DROP TABLE sites; --') == ["drop", "table", "sites"]


def test_core_name_drops_the_division_type():
    assert core_name("thi xa son tay") == "son tay"
    assert core_name("xa xy") == "xy"
    assert core_name("phuong 1") == "1"
    assert core_name("xa") == "xa"  # nothing left to call it otherwise


def test_initials_give_the_abbreviations_people_type():
    assert initials("thanh pho ho chi minh") == ["hcm", "tphcm"]
    assert initials("thanh pho ha noi") == ["hn", "tphn"]
    assert initials("huyen cam my") == ["cm"]
    assert initials("phuong 12") == []
