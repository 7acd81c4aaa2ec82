"""What higher apps do after an evaluation cycle finishes, without penilaian importing them.

An app registers a callable in its ``AppConfig.ready``; when a cycle finishes, each one is called
after the commit with the period's id (it should only dispatch a task: the work belongs to the
registering app). pelatihan uses this to derive training needs every cycle."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

SiklusSelesaiHook = Callable[[int], None]

_setelah_siklus: dict[str, SiklusSelesaiHook] = {}
_ditahan = 0


def setelah_siklus_register(nama: str, hook: SiklusSelesaiHook) -> None:
    """Register (or replace) the hook ``nama``."""
    _setelah_siklus[nama] = hook


def setelah_siklus_hooks() -> list[SiklusSelesaiHook]:
    if _ditahan:
        return []
    return [_setelah_siklus[nama] for nama in sorted(_setelah_siklus)]


@contextmanager
def hooks_ditahan() -> Iterator[None]:
    """Cycles finished inside the block call no hook (the demo runs several cycles in a row and
    lets each app fill its own data once afterwards)."""
    global _ditahan
    _ditahan += 1
    try:
        yield
    finally:
        _ditahan -= 1
