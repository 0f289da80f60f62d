"""A parser's version, derived from the code it runs rather than kept by hand.

Two caches trust a parser's version: the refresh's parse cache (a document is parsed once per URL, bytes
and version) and the loader's "unchanged document" skip. A hand-kept constant goes stale the first time
someone changes what a parser outputs and forgets to bump it, and then an old warehouse never picks up
what the newer parser finds on unchanged pages. So the version is a digest of the source text of the
parser's module and of every module of the same top-level package it imports, transitively (as dlt
versions a schema by its content): any edit to that code gives a new version, an edit elsewhere does not.

Imports are read from the source with `ast`, not by importing, so a module is found whether it is
imported at the top or inside a function. Only modules of the parser's own top-level package are followed
(for `extractors.nha`: `extractors.*`); the standard library and third-party packages are pinned by the
lock file, not by this digest.
"""

from __future__ import annotations

import ast
import hashlib
import importlib.util
import threading
from functools import cache
from pathlib import Path

DIGEST_LENGTH = 12


class CodeVersionError(LookupError):
    """A module whose source cannot be found (e.g. one shipped only as bytecode)."""


_computing = threading.Lock()


def module_digest(module: str) -> str:
    """`code_digest(module)`, computed once per process: the code a process runs does not change under it.

    One thread at a time: a refresh parses documents on several threads, and CPython 3.11's `ast.parse`
    is not safe to run in two threads at once (SystemError: AST constructor recursion depth mismatch)."""
    with _computing:
        return _module_digest(module)


@cache
def _module_digest(module: str) -> str:
    return code_digest(module)


def code_digest(module: str) -> str:
    """Short SHA-256 (hex) of `module`'s source and its package-local imports' sources, e.g. `3f9a1c2b7d4e`,
    read from disk now. The module's name goes in with its text, so moving code between modules counts."""
    digest = hashlib.sha256()
    for name in covered_modules(module):
        digest.update(name.encode() + b"\0" + _source_path(name).read_bytes() + b"\0")
    return digest.hexdigest()[:DIGEST_LENGTH]


def covered_modules(module: str) -> tuple[str, ...]:
    """`module` and every module of its top-level package that it imports, transitively, sorted by name.

    Importing `a.b.c` runs `a` and `a.b` first, so their text is covered too; what *they* import is not
    followed unless the parser's own code imports it. A source package's `__init__` declares the source
    (its plan reaches the HTTP client, the registry lists every source), and a change there says nothing
    about what the parser makes of a page.
    """
    package = module.split(".")[0]
    followed: set[str] = set()
    pending = [module]
    while pending:
        name = pending.pop()
        if name in followed:
            continue
        followed.add(name)
        pending.extend(_imported_modules(name, _source_path(name), package))
    parents = {parent for name in followed for parent in _parent_packages(name)}
    return tuple(sorted(followed | parents))


def _parent_packages(module: str) -> list[str]:
    parts = module.split(".")
    return [".".join(parts[:i]) for i in range(1, len(parts))]


def _source_path(module: str) -> Path:
    try:
        spec = importlib.util.find_spec(module)
    except (ImportError, ValueError) as exc:
        raise CodeVersionError(f"module {module!r} cannot be found: {exc}") from exc
    if spec is None or spec.origin is None or not spec.origin.endswith(".py"):
        raise CodeVersionError(f"module {module!r} has no Python source to take a version from")
    return Path(spec.origin)


def _imported_modules(module: str, path: Path, package: str) -> set[str]:
    """Modules of `package` that `module` imports, by absolute name; `from pkg import name` counts
    `pkg.name` when that is a module (a submodule imported by name) as well as `pkg`."""
    is_package = path.name == "__init__.py"
    package_parts = module.split(".") if is_package else module.split(".")[:-1]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_bytes(), filename=str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base_parts = package_parts[: len(package_parts) - (node.level - 1)]
                base = ".".join([*base_parts, *([node.module] if node.module else [])])
            else:
                base = node.module or ""
            if base.split(".")[0] != package:
                continue
            found.add(base)
            for alias in node.names:
                candidate = f"{base}.{alias.name}"
                if _is_module(candidate):
                    found.add(candidate)
    return {name for name in found if name.split(".")[0] == package and _is_module(name)}


def _is_module(name: str) -> bool:
    try:
        return importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):
        return False
