"""Compile locale/*/LC_MESSAGES/django.po into .mo files with Babel (pure Python, no GNU gettext).

Fails (exit 1) when a catalogue does not parse, is marked fuzzy as a whole (it would be skipped
silently), or has a translation whose placeholders do not match its source text.

    python scripts/compile_translations.py [--check]   # --check: verify only, write nothing
"""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"


def compile_catalogue(po_path: Path, *, write: bool) -> list[str]:
    """Compile one catalogue; return the problems found (nothing is written when there are any)."""
    try:
        with po_path.open("rb") as handle:
            catalogue = read_po(handle, abort_invalid=True)
    except Exception as error:
        return [f"{po_path}: does not parse: {error}"]
    problems = []
    if catalogue.fuzzy:
        problems.append(f"{po_path}: the header is marked fuzzy; remove '#, fuzzy' above the first msgid")
    for message, errors in catalogue.check():
        problems.extend(f"{po_path}:{message.lineno}: {message.id!r}: {error}" for error in errors)
    if problems or not write:
        return problems
    with po_path.with_suffix(".mo").open("wb") as handle:
        write_mo(handle, catalogue)
    messages = [m for m in catalogue if m.id]
    translated = sum(
        1 for m in messages if not m.fuzzy and all(m.string if isinstance(m.string, tuple) else [m.string])
    )
    sys.stdout.write(f"{po_path.parent.parent.name}: {translated} of {len(messages)} messages translated\n")
    return []


def main(argv: list[str]) -> int:
    write = "--check" not in argv
    catalogues = sorted(LOCALE_DIR.glob("*/LC_MESSAGES/django.po"))
    if not catalogues:
        sys.stderr.write(f"No catalogues found under {LOCALE_DIR}\n")
        return 1
    problems = [problem for po_path in catalogues for problem in compile_catalogue(po_path, write=write)]
    for problem in problems:
        sys.stderr.write(problem + "\n")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
