"""Things editors put in order (start-page cards, menu groups): moving one up or down."""

from collections.abc import Sequence
from typing import Protocol

UP = "up"
DOWN = "down"


class Ordered(Protocol):
    position: int


def move(rows: Sequence[Ordered], row: Ordered, direction: str) -> bool:
    """Swap `row` with its neighbour in `direction` (rows in display order); False at an end.

    The positions are written out as 1, 2, 3, ... so gaps and ties left by deletions or by
    two editors adding at once are gone after any move.
    """
    if direction not in (UP, DOWN):
        raise ValueError(direction)
    ordered = list(rows)
    index = ordered.index(row)
    other = index - 1 if direction == UP else index + 1
    if not 0 <= other < len(ordered):
        return False
    ordered[index], ordered[other] = ordered[other], ordered[index]
    renumber(ordered)
    return True


def renumber(rows: Sequence[Ordered]) -> None:
    for number, row in enumerate(rows, start=1):
        row.position = number


def next_position(rows: Sequence[Ordered]) -> int:
    return max((row.position for row in rows), default=0) + 1
