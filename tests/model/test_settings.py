"""The settings file. Nonsense in it never stops the console: bad fields get their
defaults, what was wrong is said, and the file is kept (as .bad) before it is written over."""

import json
import logging
import os
import stat

import pytest

from console.model import settings as s
from console.model.settings import Settings, load_settings, save_settings


def write(path, content):
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return path


def test_no_file_is_a_fresh_install(tmp_path):
    settings = load_settings(tmp_path / "settings.json")
    assert settings == Settings() and not settings.problems
    assert settings.language == "vi" and settings.hub_url == "" and settings.renderer == "auto"


def test_good_settings_round_trip_in_a_file_only_the_user_reads(tmp_path):
    path = tmp_path / "cfg" / "settings.json"
    wanted = Settings(
        hub_url="https://hub.example.vn:8765",
        ca_file="/etc/hub.pem",
        language="en",
        renderer="gl",
        wall_screen=1,
        audio_output="alsa_output.usb-1",
    )
    assert save_settings(path, wanted) is None  # nothing to keep: there was no file
    assert load_settings(path) == wanted and not load_settings(path).problems
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert json.loads(path.read_text())["schema"] == s.SCHEMA


def test_wrong_types_and_values_get_defaults_field_by_field(tmp_path, caplog):
    path = write(
        tmp_path / "settings.json",
        json.dumps(
            {
                "hub_url": 42,
                "ca_file": ["x"],
                "language": "klingon",
                "renderer": "vulkan",
                "wall_screen": "two",
                "audio_output": None,
                "future_key": {"a": 1},
            }
        ),
    )
    with caplog.at_level(logging.WARNING):
        settings = load_settings(path)
    assert settings == Settings()  # every field bad: all defaults
    kinds = {(p.field, p.kind) for p in settings.problems}
    assert kinds == {
        ("hub_url", s.WRONG_TYPE),
        ("ca_file", s.WRONG_TYPE),
        ("language", s.BAD_VALUE),
        ("renderer", s.BAD_VALUE),
        ("wall_screen", s.WRONG_TYPE),
        ("audio_output", s.WRONG_TYPE),
        ("future_key", s.UNKNOWN_KEY),
    }
    assert "klingon" in caplog.text and "using the default" in caplog.text


def test_good_fields_survive_beside_bad_ones(tmp_path):
    path = write(
        tmp_path / "settings.json",
        json.dumps({"hub_url": "https://hub.example.vn:8765", "language": "EN ", "wall_screen": 2.0, "renderer": True}),
    )
    settings = load_settings(path)
    assert (settings.hub_url, settings.language, settings.wall_screen, settings.renderer) == (
        "https://hub.example.vn:8765",
        "en",
        2,
        "auto",
    )
    assert [(p.field, p.kind) for p in settings.problems] == [("renderer", s.WRONG_TYPE)]


@pytest.mark.parametrize("screen", [True, -1, 64, 1.5, 1e308, "1"])
def test_a_wall_screen_must_be_a_small_whole_number(tmp_path, screen):
    settings = load_settings(write(tmp_path / "settings.json", json.dumps({"wall_screen": screen})))
    assert settings.wall_screen is None and settings.problems[0].field == "wall_screen"


@pytest.mark.parametrize(
    "content, kind",
    [
        ("{not json", s.NOT_JSON),
        ('{"hub_url": NaN}', s.NOT_JSON),
        ("[1, 2, 3]", s.NOT_OBJECT),
        ('"just a string"', s.NOT_OBJECT),
        (b"\x89PNG\r\n\x1a\n\x00\x00\xff\xfe binary garbage", s.NOT_TEXT),
        ("[" * 100_000 + "]" * 100_000, s.NOT_JSON),  # nested beyond the parser's recursion limit
        ('{"hub_url": "' + "x" * (s.MAX_BYTES + 10) + '"}', s.TOO_LARGE),
    ],
)
def test_a_file_that_is_not_settings_gives_all_defaults_and_one_problem(tmp_path, content, kind):
    settings = load_settings(write(tmp_path / "settings.json", content))
    assert settings == Settings()
    assert [p.kind for p in settings.problems] == [kind]


def test_a_huge_file_is_not_read_whole(tmp_path):
    path = tmp_path / "settings.json"
    with open(path, "wb") as f:  # 200 MB of zeros, sparse on disk
        f.truncate(200 * 1024 * 1024)
    assert [p.kind for p in load_settings(path).problems] == [s.TOO_LARGE]


def test_an_unreadable_path_is_said(tmp_path):
    folder = tmp_path / "settings.json"
    folder.mkdir()  # a folder where the file should be
    assert [p.kind for p in load_settings(folder).problems] == [s.UNREADABLE]


def test_an_empty_file_is_a_fresh_install(tmp_path):
    assert not load_settings(write(tmp_path / "settings.json", "  \n")).problems


def test_saving_over_a_bad_file_keeps_it_as_bad_first(tmp_path):
    garbage = b"\x00\x01 this was not JSON \xff"
    path = write(tmp_path / "settings.json", garbage)
    kept = save_settings(path, Settings(hub_url="https://hub.example.vn:8765"))
    assert kept == tmp_path / "settings.json.bad" and kept.read_bytes() == garbage
    assert load_settings(path).hub_url == "https://hub.example.vn:8765" and not load_settings(path).problems
    # A good file written over is not copied again (the .bad copy stays the bad one).
    assert save_settings(path, Settings(language="en")) is None and kept.read_bytes() == garbage


def test_unknown_keys_are_said_and_kept_in_the_bad_copy(tmp_path):
    path = write(tmp_path / "settings.json", json.dumps({"language": "en", "colour": "red"}))
    settings = load_settings(path)
    assert settings.language == "en" and [p.kind for p in settings.problems] == [s.UNKNOWN_KEY]
    kept = save_settings(path, settings.with_changes())
    assert "colour" in kept.read_text() and "colour" not in path.read_text()
