"""How the code is laid out, checked: Streamlit only in analytics/ui, one label catalogue used the one
way, and the docs name every policy parameter, metric, command and link parameter."""
from __future__ import annotations

import ast
import re
import string
from pathlib import Path

from analytics.cli import parser
from analytics.config import ROOT
from analytics.i18n import LANGUAGES, catalogue
from analytics.metrics.policy import Policy, url_fields
from analytics.metrics.queries import METRICS
from analytics.urlstate import FILTERS, OTHER, PAGE_PARAMS

CODE = [p for p in (ROOT / "analytics").rglob("*.py")] + list((ROOT / "pages").glob("*.py")) + [ROOT / "dashboard.py"]
DYNAMIC = ("status.", "metric.", "facilitators.kind.", "import.order.", "unit.map_", "policy.", "headline.", "import.kind.", "impact.outcome.",
           "impact.unit.", "impact.by.", "stage.", "term.", "method.table_", "notes.", "page.")


def imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module.split(".")[0])
    return names


def test_only_the_ui_package_imports_streamlit():
    outside = [str(p.relative_to(ROOT)) for p in (ROOT / "analytics").rglob("*.py")
               if "streamlit" in imports(p) and (ROOT / "analytics" / "ui") not in p.parents]
    assert outside == []


def test_every_label_has_both_languages_with_the_same_placeholders():
    fields = lambda text: {f for _, f, _, _ in string.Formatter().parse(text) if f}  # noqa: E731
    for key, entry in catalogue().items():
        assert set(entry) == set(LANGUAGES), key
        assert entry["id"].strip() and entry["en"].strip(), key
        assert fields(entry["id"]) == fields(entry["en"]), key


def test_every_label_the_code_names_exists():
    used = set()
    for path in CODE:
        used |= set(re.findall(r"""\bt\(\s*["']([a-z_][a-z_0-9.]*)["']""", path.read_text(encoding="utf-8")))
    missing = sorted(k for k in used if k not in catalogue())
    assert missing == []
    assert len(used) > 200


def test_every_label_in_the_catalogue_is_used():
    text = "\n".join(p.read_text(encoding="utf-8") for p in CODE)
    unused = [k for k in catalogue() if f'"{k}"' not in text and f"'{k}'" not in text and not k.startswith(DYNAMIC)]
    assert unused == []


def test_pages_have_no_language_branches_and_no_inline_pairs():
    for path in [*(ROOT / "pages").glob("*.py"), ROOT / "dashboard.py"]:
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"lang\s*[!=]=", text), path.name
        assert "chooser" not in text and "_id if" not in text and "[lang" not in text, path.name


def test_formatters_and_chart_stylers_require_the_language():
    import inspect

    from analytics import formatting
    from analytics.charts import style

    for fn in (formatting.number, formatting.rupiah, formatting.percent, formatting.change, formatting.month,
               formatting.metric_value, formatting.day, style.apply):
        assert inspect.signature(fn).parameters["lang"].default is inspect.Parameter.empty, fn.__name__


def test_no_page_shows_a_repository_path():
    for path in (ROOT / "pages").glob("*.py"):
        assert not re.search(r"docs/|\.md\b|analytics/", path.read_text(encoding="utf-8")), path.name
    for key, entry in catalogue().items():
        assert not re.search(r"docs/\w+\.md", entry["id"] + entry["en"]), key


def test_docs_name_every_policy_parameter_metric_command_and_link_parameter():
    docs = (ROOT / "docs" / "metrics.md").read_text(encoding="utf-8") + (ROOT / "README.md").read_text(encoding="utf-8")
    for name in Policy.field_names():
        assert f"`{name}`" in docs, f"policy parameter {name}"
    for metric in METRICS:
        assert f"`{metric}`" in docs, f"metric {metric}"
    commands = parser()._subparsers._group_actions[0].choices
    for command in commands:
        assert f"python -m analytics {command}" in docs, f"command {command}"
    for param in [*FILTERS, *PAGE_PARAMS, *OTHER, *url_fields()]:
        assert f"`{param}`" in docs, f"link parameter {param}"
