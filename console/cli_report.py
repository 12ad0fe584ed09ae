"""`opsconsole report meeting` (issue 15): placeholder until the report module lands."""


def add_parser(commands) -> None:
    pass
