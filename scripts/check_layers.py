#!/usr/bin/env python3
"""The crates' layers, checked: in the server nothing below `http` imports it, and in every crate
(server, shared, app) no two modules import each other (at the crate's top level, and between
siblings inside a module folder).

Run by the test command; prints each breach and exits 1 if there is any."""

import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
CRATES = [ROOT / "server" / "src", ROOT / "shared" / "src", ROOT / "app" / "src"]
SERVER = CRATES[0]
# The entry points above the HTTP layer.
ENTRY_POINTS = {"lib.rs", "main.rs", "cli.rs"}
USE = re.compile(r"\b(crate|super)((?:::[a-z_][a-z0-9_]*)*)(?:::\{([^}]*)\})?")


def module_of(src: pathlib.Path, path: pathlib.Path) -> list[str]:
    parts = list(path.relative_to(src).with_suffix("").parts)
    if parts[-1] == "mod":
        parts.pop()
    return parts


def resolve(module: list[str], root: str, rest: str) -> list[str]:
    names = rest.strip(":").split("::")
    if root == "crate":
        return names
    # `super` from a file `a/b.rs` is `a`; from `a/b/mod.rs` it is `a` too.
    base = module[:-1]
    while names and names[0] == "super":
        base, names = base[:-1], names[1:]
    return base + names


def edges(src: pathlib.Path):
    for path in src.rglob("*.rs"):
        module = module_of(src, path)
        text = re.sub(r"//[^\n]*", "", path.read_text())
        for root, rest, group in USE.findall(text):
            # `crate::{a, b::c}` names `a` and `b`; `crate::a::{x, y}` names `a`.
            heads = [rest] if not group or rest else [f"::{g.strip().split('::')[0]}" for g in group.split(",") if g.strip()]
            for head in heads:
                if head:
                    yield path, module, resolve(module, root, head)


def main() -> int:
    problems = []
    for src in CRATES:
        problems += check(src)
    for p in problems:
        print(p)
    return 1 if problems else 0


def check(src: pathlib.Path) -> list[str]:
    problems = []
    pairs = {}
    for path, module, target in edges(src):
        rel = str(path.relative_to(ROOT))
        top = str(path.relative_to(src))
        if src == SERVER and target[:1] == ["http"] and module[:1] != ["http"] and top not in ENTRY_POINTS:
            problems.append(f"{rel} importa crate::http (solo http/ y los puntos de entrada pueden)")
        # The first level where the two paths part: siblings of one folder, or the top level.
        depth = 0
        while depth < min(len(module), len(target)) - 1 and module[depth] == target[depth]:
            depth += 1
        if depth < len(module) and depth < len(target) and module[depth] != target[depth]:
            a = "::".join(module[: depth + 1])
            b = "::".join(target[: depth + 1])
            pairs.setdefault((a, b), rel)
    for (a, b), rel in sorted(pairs.items()):
        if a < b and (b, a) in pairs:
            problems.append(f"{a} y {b} se importan mutuamente ({rel}, {pairs[(b, a)]})")
    return problems


if __name__ == "__main__":
    sys.exit(main())
