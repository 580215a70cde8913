"""The GitHub workflows and issue forms are valid, pinned and free of high-severity findings."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))


def run(*cmd):
    return subprocess.run([str(c) for c in cmd], capture_output=True, text=True, cwd=ROOT)


def test_workflows_validate_against_the_github_schema():
    proc = run(BIN / "check-jsonschema", "--builtin-schema", "vendor.github-workflows", *WORKFLOWS)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_issue_forms_validate_against_the_github_schema():
    forms = [p for p in (ROOT / ".github" / "ISSUE_TEMPLATE").glob("*.yml") if p.name != "config.yml"]
    assert len(forms) >= 2
    proc = run(BIN / "check-jsonschema", "--builtin-schema", "vendor.github-issue-forms", *forms)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_zizmor_reports_no_high_severity_finding():
    proc = run(BIN / "zizmor", "--offline", "--min-severity", "high", ROOT / ".github" / "workflows")
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_third_party_actions_are_pinned_to_commit_shas():
    for wf in WORKFLOWS:
        for ref in re.findall(r"uses:\s*([^\s#]+)", wf.read_text()):
            if ref.startswith("./"):
                continue
            assert re.fullmatch(r"[\w.-]+/[\w./-]+@[0-9a-f]{40}", ref), (
                f"{wf.name}: {ref} is not pinned to a SHA"
            )


def test_every_job_sets_minimal_permissions():
    import yaml

    for wf in WORKFLOWS:
        doc = yaml.safe_load(wf.read_text())
        assert doc.get("permissions") == {}, f"{wf.name}: top-level permissions must be empty"
        for name, job in doc["jobs"].items():
            assert "permissions" in job, f"{wf.name}: job {name} does not declare permissions"


def test_no_workflow_installs_a_browser_with_apt_and_the_tests_use_swic_browser():
    for wf in WORKFLOWS:
        text = wf.read_text()
        assert not re.search(r"apt(-get)? install[^\n]*(chromium|chrome)", text), (
            f"{wf.name} installs a browser with apt"
        )
        if "make test" in text:
            assert "SWIC_BROWSER:" in text, f"{wf.name}: the browser tests must be told which browser to use"


def test_the_pull_request_workflow_posts_the_change_report():
    text = (ROOT / ".github" / "workflows" / "ci.yml").read_text()
    assert "swic changes" in text and "GITHUB_STEP_SUMMARY" in text and "fetch-depth: 0" in text


def test_swic_browser_overrides_the_browser_everywhere(tmp_path, monkeypatch):
    from swic import browser

    fake = tmp_path / "elsewhere" / "chrome"
    fake.parent.mkdir()
    fake.write_text("")
    monkeypatch.setenv("SWIC_BROWSER", str(fake))
    assert browser.chromium_path() == str(fake)
    monkeypatch.setenv("SWIC_BROWSER", str(tmp_path / "missing"))
    import pytest

    with pytest.raises(browser.BrowserNotFound, match="does not exist"):
        browser.chromium_path()
