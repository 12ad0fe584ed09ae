import pytest

from console.views import theme


def test_every_token_in_the_stylesheet_is_defined():
    qss = theme.stylesheet()
    assert "{{" not in qss and "#0d1117" in qss


def test_an_undefined_token_is_an_error(tmp_path):
    (tmp_path / "theme-tokens.json").write_text('{"bg": "#000"}', encoding="utf-8")
    (tmp_path / "console.qss").write_text("QWidget { color: {{nope}}; }", encoding="utf-8")
    with pytest.raises(KeyError, match="nope"):
        theme.stylesheet(tmp_path)
