"""Helpers for the model tests: numbered site keys and a recorder of a wall's events."""

from console.model.wall import WallModel


def sites(count: int) -> list[str]:
    return [f"s{i:02d}" for i in range(count)]


class EventLog:
    """Every event a wall emits, as (name, args), in order."""

    def __init__(self, model: WallModel) -> None:
        self.calls: list[tuple[str, tuple]] = []
        for name, signal in model.events.signals().items():
            signal.connect(lambda *args, name=name: self.calls.append((name, args)))

    def names(self) -> list[str]:
        return [name for name, _ in self.calls]

    def last(self, name: str) -> tuple:
        return [args for n, args in self.calls if n == name][-1]

    def clear(self) -> None:
        self.calls.clear()
