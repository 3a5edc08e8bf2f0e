"""House checks for issue-10 style refactoring: complexity, word lists in code, import cycles, private imports.

    python scripts/quality.py            # a summary; exit 1 when a limit is broken
    python scripts/quality.py --details  # plus the offending functions, modules and imports

Limits: no function above complexity 25 (radon), mean complexity at most 4.5, at most 520 CJK
characters in string literals of the package (word lists belong in textkit/data), no import
cycle between textkit modules (imports inside functions count), no import of another module's
private (underscore) names.
"""

from __future__ import annotations

import argparse
import ast
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "textkit"
CJK = re.compile(r"[\u3400-\u9fff]")
MAX_COMPLEXITY = 25
MAX_MEAN = 4.5
MAX_CJK = 520


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def docstring_ids(tree: ast.AST) -> set[int]:
    ids = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant) and isinstance(first.value.value, str):
                ids.add(id(first.value))
    return ids


def cjk_in_literals(tree: ast.AST) -> int:
    docs = docstring_ids(tree)
    return sum(
        len(CJK.findall(n.value)) for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in docs
    )


def imports(tree: ast.AST, name: str, is_package: bool) -> list[tuple[str, list[str]]]:
    """(module, imported names) for every textkit import, relative ones resolved."""
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out += [(a.name, []) for a in node.names if a.name.startswith("textkit")]
        elif isinstance(node, ast.ImportFrom):
            mod = node.module or ""
            if node.level:
                base = name.split(".") if is_package else name.split(".")[:-1]
                base = base[: len(base) - node.level + 1]
                mod = ".".join([*base, mod] if mod else base)
            if mod.startswith("textkit"):
                out.append((mod, [a.name for a in node.names]))
    return out


def find_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    out: list[list[str]] = []
    counter = [0]

    def visit(v: str) -> None:
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in graph.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    sys.setrecursionlimit(10000)
    for v in list(graph):
        if v not in index:
            visit(v)
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--details", action="store_true")
    args = ap.parse_args()
    from radon.complexity import cc_visit

    modules = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        modules[module_name(path)] = path
    graph: dict[str, set[str]] = {}
    private: list[str] = []
    cjk: dict[str, int] = {}
    blocks = []
    for name, path in modules.items():
        source = path.read_text(encoding="utf-8")
        tree = ast.parse(source)
        cjk[name] = cjk_in_literals(tree)
        seen = set()
        for block in cc_visit(source):
            for b in [block, *getattr(block, "methods", [])]:
                key = (b.lineno, b.name)
                if not hasattr(b, "methods") and key not in seen:  # functions and methods, each once
                    seen.add(key)
                    blocks.append((name, b))
        edges = set()
        for mod, names in imports(tree, name, path.name == "__init__.py"):
            target = mod if mod in modules else next((m for m in (f"{mod}.{n}" for n in names) if m in modules), mod)
            for n in names:
                if f"{mod}.{n}" in modules:
                    edges.add(f"{mod}.{n}")
                elif n.startswith("_") and not n.startswith("__"):
                    private.append(f"{name}: from {mod} import {n}")
            if target in modules and target != name and not (names and all(f"{mod}.{n}" in modules for n in names)):
                edges.add(target)
        # a package's __init__ does not make its submodules depend on it
        graph[name] = {e for e in edges if e != name}
    # importing a.b.c runs a/__init__ and a/b/__init__: ignore those edges, they are not design cycles
    cycles = find_cycles(graph)
    mean = sum(b.complexity for _, b in blocks) / max(len(blocks), 1)
    worst = sorted(blocks, key=lambda x: -x[1].complexity)
    over = [(n, b) for n, b in worst if b.complexity > MAX_COMPLEXITY]
    total_cjk = sum(cjk.values())
    print(f"functions {len(blocks)}  mean complexity {mean:.2f} (limit {MAX_MEAN})  max {worst[0][1].complexity} (limit {MAX_COMPLEXITY})")
    print(f"over {MAX_COMPLEXITY}: {len(over)}  CJK characters in code literals: {total_cjk} (limit {MAX_CJK})")
    print(f"import cycles: {len(cycles)}  private imports: {len(private)}")
    if args.details:
        for n, b in worst[:15]:
            print(f"  {b.complexity:4d} {n}.{getattr(b, 'classname', None) or ''}{'.' if getattr(b, 'classname', None) else ''}{b.name}")
        for name, n in sorted(cjk.items(), key=lambda x: -x[1])[:12]:
            if n:
                print(f"  {n:5d} CJK  {name}")
        for c in cycles:
            print("  cycle:", " ↔ ".join(c))
        for p in private:
            print("  private:", p)
    ok = mean <= MAX_MEAN and not over and total_cjk <= MAX_CJK and not cycles and not private
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
