"""Options are never guessed from a prefix, on any parser of the command line."""

import argparse

import pytest

from console.cli import build_parser, main


def _parsers(parser: argparse.ArgumentParser, path: tuple[str, ...] = ()):
    """Every parser with the words that reach it: (path, parser)."""
    yield path, parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield from _parsers(sub, (*path, name))


def _prefixes():
    """For each long option of every command, its longest prefix that is no option of that command."""
    for path, parser in _parsers(build_parser()):
        options = {o for action in parser._actions for o in action.option_strings}
        for option in sorted(o for o in options if o.startswith("--") and len(o) > 3):
            prefix = option[:-1]
            while prefix in options and len(prefix) > 3:
                prefix = prefix[:-1]
            if prefix not in options and len(prefix) > 2:
                yield pytest.param(path, prefix, id=" ".join((*path, prefix)))


class Refused(Exception):
    pass


@pytest.mark.parametrize("path, prefix", list(_prefixes()))
def test_a_prefix_of_a_long_option_is_refused(path, prefix):
    parser = build_parser()
    for _, each in _parsers(parser):
        for action in each._actions:
            action.required = False
        for group in each._mutually_exclusive_groups:
            group.required = False

        def refuse(message, each=each):
            raise Refused(message)

        each.error = refuse
    with pytest.raises(Refused, match="unrecognized arguments"):
        parser.parse_args([*path, prefix])


def test_bench_links_sites_is_not_sites_per_class(capsys):
    with pytest.raises(SystemExit) as exit:
        main(["bench", "links", "--sites", "16"])
    assert exit.value.code == 2
    assert "unrecognized arguments: --sites 16" in capsys.readouterr().err


def test_bench_links_refuses_more_sites_than_its_wall_shows(capsys):
    assert main(["bench", "links", "--sites-per-class", "17"]) == 2
    err = capsys.readouterr().err
    assert "68 sites" in err and "at most 64" in err and "at most 16" in err
