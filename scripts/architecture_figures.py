"""Figures about the shape of the code: size per package, imports inside functions, cycles.

    .venv/bin/python scripts/architecture_figures.py [PROJECT_DIR]

Counts application code only (no tests, no migrations). Cycles are strongly connected
components of the import graph that grimp (import-linter's engine) builds, imports inside
functions included, at two grains: modules, and packages (each second-level package or
module: articles.pdf, articles.citations, series.views), once with the imports made only
for type checkers (under TYPE_CHECKING) and once without. Sizes are given per app, and
per package inside articles/ and colophon/. Run it on two checkouts to compare them.
"""

import ast
import sys
from collections import defaultdict
from pathlib import Path

import grimp

APPS = ["articles", "colophon", "contributors", "pagecache", "pages", "portal", "series"]
APPS.append("throttling")


def source_files(root: Path, apps: list[str]) -> list[Path]:
    return sorted(
        path
        for app in apps
        for path in (root / app).rglob("*.py")
        if "migrations" not in path.parts
    )


def package_of(module: str) -> str:
    """The package grain: articles.pdf.render -> articles.pdf; series.views -> series.views."""
    return ".".join(module.split(".")[:2])


def app_of(module: str) -> str:
    return module.split(".")[0]


def local_imports(root: Path, files: list[Path], apps: list[str]) -> list[str]:
    found = []
    for path in files:
        tree = ast.parse(path.read_text())
        for function in ast.walk(tree):
            if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            for node in ast.walk(function):
                if isinstance(node, ast.Import):
                    names = [alias.name for alias in node.names]
                elif isinstance(node, ast.ImportFrom):
                    names = [node.module or ""]
                else:
                    continue
                if any(name.split(".")[0] in apps for name in names):
                    found.append(f"{path.relative_to(root)}:{node.lineno}")
    return found


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one member (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    found = []
    counter = 0
    for start in sorted(edges):
        if start in index:
            continue
        work = [(start, iter(sorted(edges[start])))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(edges.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def main(root: Path) -> None:
    apps = [app for app in APPS if (root / app).is_dir()]
    files = source_files(root, apps)
    sizes: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    largest = max(files, key=lambda path: len(path.read_text().splitlines()))
    for path in files:
        parts = path.relative_to(root).parts
        nested = parts[0] in {"articles", "colophon"} and len(parts) > 2
        grain = ".".join(parts[:2]) if nested else parts[0]
        sizes[grain][0] += 1
        sizes[grain][1] += len(path.read_text().splitlines())
    total_lines = sum(lines for _files, lines in sizes.values())
    print(f"{'package':<24} {'files':>5} {'lines':>6}")
    for package, (count, lines) in sorted(sizes.items()):
        print(f"{package:<24} {count:>5} {lines:>6}")
    print(f"{'total':<24} {len(files):>5} {total_lines:>6}")
    largest_lines = len(largest.read_text().splitlines())
    print(f"largest module: {largest.relative_to(root)} ({largest_lines} lines)")
    local = local_imports(root, files, apps)
    print(f"imports of project modules inside functions: {len(local)}")
    for place in local:
        print(f"  {place}")

    sys.path.insert(0, str(root))
    for label, exclude in (("all imports", False), ("without TYPE_CHECKING imports", True)):
        graph = grimp.build_graph(*apps, cache_dir=None, exclude_type_checking_imports=exclude)
        modules: dict[str, set[str]] = {}
        packages: dict[str, set[str]] = defaultdict(set)
        for module in graph.modules:
            if ".migrations" in module:
                continue
            imported = graph.find_modules_directly_imported_by(module)
            modules[module] = {m for m in imported if ".migrations" not in m}
            for other in modules[module]:
                if package_of(other) != package_of(module):
                    packages[package_of(module)].add(package_of(other))
        module_cycles = cycles(modules)
        package_cycles = cycles(dict(packages))
        in_cycles = sum(len(component) for component in module_cycles)
        print(
            f"{label}: module cycles {len(module_cycles)} ({in_cycles} modules in them), "
            f"package cycles {len(package_cycles)}"
        )
        for component in module_cycles:
            print(f"  modules: {', '.join(component)}")
        for component in package_cycles:
            print(f"  packages: {', '.join(component)}")


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else ".").resolve())
