"""A parser's version is a digest of the code it runs: it moves with that code and only with it."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

import pytest

from extractors.code_version import CodeVersionError, code_digest, covered_modules, module_digest
from extractors.sources import all_sources, extractor_version


@pytest.fixture
def package(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """`toypkg`: a parser module importing a helper (relatively and absolutely), plus an unrelated module."""
    root = tmp_path / "toypkg"
    (root / "sub").mkdir(parents=True)
    (root / "__init__.py").write_text("")
    (root / "sub" / "__init__.py").write_text("")
    (root / "parser.py").write_text(
        "import json\nfrom . import helper\nfrom toypkg.sub import deep\n\n"
        "def parse(text):\n    from toypkg import late\n    return helper.twice(deep.one(json.loads(text)))\n"
    )
    (root / "helper.py").write_text("def twice(x):\n    return 2 * x\n")
    (root / "late.py").write_text("LATE = 1\n")
    (root / "sub" / "deep.py").write_text("def one(x):\n    return x\n")
    (root / "unrelated.py").write_text("VALUE = 1\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    importlib.invalidate_caches()
    yield root
    for name in [name for name in sys.modules if name.split(".")[0] == "toypkg"]:
        del sys.modules[name]


def test_the_digest_covers_the_module_and_what_it_imports_from_its_own_package(package):
    assert covered_modules("toypkg.parser") == (
        "toypkg",
        "toypkg.helper",
        "toypkg.late",
        "toypkg.parser",
        "toypkg.sub",
        "toypkg.sub.deep",
    )


@pytest.mark.parametrize("edited", ["helper.py", "sub/deep.py", "late.py", "parser.py", "__init__.py"])
def test_adding_a_statement_to_an_imported_module_changes_the_digest(package, edited):
    before = code_digest("toypkg.parser")
    with (package / edited).open("a") as module:
        module.write("EXTRA = 2\n")
    after = code_digest("toypkg.parser")
    assert after != before
    assert len(after) == 12 and int(after, 16) >= 0


def test_a_change_to_a_module_the_parser_does_not_import_leaves_the_digest(package):
    before = code_digest("toypkg.parser")
    with (package / "unrelated.py").open("a") as module:
        module.write("EXTRA = 2\n")
    assert code_digest("toypkg.parser") == before


def test_a_module_without_source_is_refused_by_name():
    with pytest.raises(CodeVersionError, match="no_such_module_here"):
        code_digest("no_such_module_here")


def test_every_source_stores_its_name_and_its_parsers_digest():
    for source in all_sources():
        module = source.read.__module__
        assert extractor_version(source.name) == f"{source.name}/{module_digest(module)}"
        assert module_digest(module) == code_digest(module)
    handbook = covered_modules("extractors.sources.bls_ooh.parser")
    assert "extractors.sources.bls_ooh.quick_facts" in handbook
    assert "extractors.parsing.html_page" not in handbook
    # The source's package declares the source (its plan reaches the HTTP client): its text is covered,
    # what it imports for planning is not.
    assert "extractors.sources.bls_ooh" in handbook
    assert not any(name.startswith("extractors.http") for name in handbook)
