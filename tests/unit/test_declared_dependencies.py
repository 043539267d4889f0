"""Every distribution the code imports is declared in pyproject.toml, so `pip install .` with any
pip gives a working install (pip 23 left lxml_html_clean out: every `newsflow process` failed)."""
import ast
import re
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OURS = {"pipelines", "workers", "newsflow", "tests", "bench"}


def declared() -> set[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    names = list(project["dependencies"]) + [d for extra in project["optional-dependencies"].values() for d in extra]
    return {re.split(r"[\s\[<>=!~;]", name, maxsplit=1)[0].lower().replace("_", "-") for name in names}


def imported_modules() -> set[str]:
    modules = set()
    for folder in ("pipelines", "workers", "newsflow"):
        for path in (ROOT / folder).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Import):
                    modules |= {alias.name.split(".")[0] for alias in node.names}
                elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                    modules.add(node.module.split(".")[0])
    return modules - OURS - set(sys.stdlib_module_names)


def test_every_imported_distribution_is_declared():
    distributions = packages_distributions()
    missing = {}
    for module in imported_modules():
        names = {d.lower().replace("_", "-") for d in distributions.get(module, [module])}
        if not names & declared():
            missing[module] = sorted(names)
    assert not missing, f"imported but not declared in pyproject.toml: {missing}"


def test_what_trafilatura_imports_through_an_extra_is_declared():
    import lxml.html.clean  # noqa: F401  (what trafilatura imports)

    assert "lxml-html-clean" in declared()
