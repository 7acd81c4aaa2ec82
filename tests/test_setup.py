"""What the setup command leaves behind: translation catalogues that parse, compile and are used,
and shell scripts that at least parse."""

import importlib.util
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest
from babel.messages.pofile import read_po
from django.utils import translation

ROOT = Path(__file__).resolve().parent.parent
CATALOGUES = sorted((ROOT / "locale").glob("*/LC_MESSAGES/django.po"))


def compiler() -> ModuleType:
    spec = importlib.util.spec_from_file_location("compile_translations", ROOT / "scripts" / "compile_translations.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_catalogues_exist_for_both_languages():
    assert {po.parent.parent.name for po in CATALOGUES} == {"en", "id"}


@pytest.mark.parametrize("po", CATALOGUES, ids=lambda p: p.parent.parent.name)
def test_catalogue_parses_and_compiles_cleanly(po):
    assert compiler().compile_catalogue(po, write=False) == []


def test_english_catalogue_is_at_least_95_percent_translated():
    with (ROOT / "locale" / "en" / "LC_MESSAGES" / "django.po").open("rb") as handle:
        catalogue = read_po(handle)
    messages = [m for m in catalogue if m.id]
    untranslated = [m.id for m in messages if not m.string or m.fuzzy]
    assert messages
    assert len(untranslated) <= 0.05 * len(messages), f"untranslated: {untranslated[:20]}"


def test_compiled_english_catalogue_is_current_and_used():
    po = ROOT / "locale" / "en" / "LC_MESSAGES" / "django.po"
    mo = po.with_suffix(".mo")
    stale = not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime
    assert not stale, "locale/en is not compiled: run scripts/test (or python scripts/compile_translations.py)"
    with translation.override("en"):
        assert translation.gettext("Umum") == "General"
    with translation.override("id"):
        assert translation.gettext("Umum") == "Umum"


def test_compiler_refuses_a_catalogue_marked_fuzzy(tmp_path):
    po = tmp_path / "django.po"
    po.write_text(
        '#, fuzzy\nmsgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid "Umum"\nmsgstr "General"\n'
    )

    problems = compiler().compile_catalogue(po, write=True)

    assert problems
    assert "fuzzy" in problems[0]
    assert not po.with_suffix(".mo").exists()


def test_compiler_refuses_a_translation_with_wrong_placeholders(tmp_path):
    po = tmp_path / "django.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        '#, python-format\nmsgid "Baris %(baris)s salah"\nmsgstr "Row %(row)s is wrong"\n'
    )

    problems = compiler().compile_catalogue(po, write=True)

    assert len(problems) == 1
    assert "Baris" in problems[0]
    assert not po.with_suffix(".mo").exists()


def test_compiler_writes_a_usable_mo_file(tmp_path):
    import gettext

    po = tmp_path / "django.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        '#, python-format\nmsgid "Baris %(baris)s salah"\nmsgstr "Row %(baris)s is wrong"\n'
    )

    assert compiler().compile_catalogue(po, write=True) == []

    with po.with_suffix(".mo").open("rb") as handle:
        catalogue = gettext.GNUTranslations(handle)
    assert catalogue.gettext("Baris %(baris)s salah") % {"baris": 7} == "Row 7 is wrong"


@pytest.mark.parametrize("script", ["scripts/lib.sh", "scripts/start", "scripts/test", ".ci/run"])
def test_shell_scripts_parse(script):
    result = subprocess.run(["bash", "-n", str(ROOT / script)], capture_output=True, text=True, check=False)  # noqa: S603, S607
    assert result.returncode == 0, result.stderr


def test_ci_runs_exactly_the_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text()
    readme = (ROOT / "README.md").read_text()
    assert 'exec scripts/test "$@"' in ci
    assert "scripts/test" in readme.split("##", 1)[0]
    assert "scripts/start" in readme.split("##", 1)[0]


def test_compile_check_mode_passes_on_the_committed_catalogues():
    result = subprocess.run(
        [sys.executable, "scripts/compile_translations.py", "--check"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
