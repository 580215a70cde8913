"""`make preview`'s server: pages get the reload script, the built files do not."""

from __future__ import annotations

import functools
import http.server
import json
import threading
import urllib.request

from swic import preview


def test_preview_serves_pages_with_the_reload_script_and_leaves_the_site_alone(tmp_path):
    site = tmp_path / "html"
    (site / "pages").mkdir(parents=True)
    page = site / "pages" / "a.html"
    page.write_text("<html><body><p>Tekst</p></body></html>", encoding="utf-8")
    (site / "index.html").write_text("<html><body></body></html>", encoding="utf-8")
    state = preview.State()
    state.version, state.error = 3, "chapters/x.md, cell 2 (line 4): ValueError"
    handler = functools.partial(type("H", (preview.Handler,), {"state": state}), directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{httpd.server_address[1]}"
    try:
        html = urllib.request.urlopen(f"{base}/pages/a.html").read().decode()
        assert html.endswith(preview.TAG + "</body></html>"), html
        assert preview.TAG in urllib.request.urlopen(f"{base}/").read().decode()
        status = json.loads(urllib.request.urlopen(f"{base}/__preview__/status").read())
        assert status == {"version": 3, "error": state.error}
        script = urllib.request.urlopen(f"{base}/__preview__/reload.js").read().decode()
        assert "/__preview__/status" in script and "location.reload()" in script
    finally:
        httpd.shutdown()
    assert page.read_text(encoding="utf-8") == "<html><body><p>Tekst</p></body></html>"


def test_the_watcher_sees_a_saved_chapter(tmp_path, monkeypatch):
    (tmp_path / "chapters").mkdir()
    chapter = tmp_path / "chapters" / "x.md"
    chapter.write_text("een", encoding="utf-8")
    before = preview.snapshot(tmp_path)
    chapter.write_text("twee zinnen", encoding="utf-8")
    assert preview.snapshot(tmp_path) != before


def test_the_warm_helper_runs_each_command_in_a_forked_child_and_reports_its_exit_code():
    """The helper of make preview: a command's output and exit code come back, a failing command fails, and
    the helper goes on serving after it."""
    import os

    import pytest

    from .conftest import ROOT

    if not hasattr(os, "fork"):
        pytest.skip("no fork on this system: make preview starts each build as a new process")
    helper = preview.WarmHelper(ROOT)
    helper.start()
    try:
        assert helper.ready()
        code, out = helper.run(["--help"], dict(os.environ))
        assert code == 0 and "usage: swic" in out, out
        code, out = helper.run(["no-such-command"], dict(os.environ))
        assert code == 2 and "invalid choice" in out, out
        code, out = helper.run(["--help"], dict(os.environ))
        assert code == 0, out
    finally:
        helper.stop()
    assert helper.proc is None


def test_jupyter_book_forked_from_a_process_answers_as_the_program_does(tmp_path):
    import os
    import subprocess
    import sys
    from pathlib import Path

    import pytest

    from swic import warmbuild

    if not hasattr(os, "fork"):
        pytest.skip("no fork on this system")
    program = str(Path(sys.executable).parent / "jupyter-book")
    code, out = warmbuild.run_book_builder([program, "--version"], tmp_path, dict(os.environ))
    started = subprocess.run([program, "--version"], capture_output=True, text=True, cwd=tmp_path)
    assert (code, out.strip()) == (started.returncode, (started.stdout + started.stderr).strip())
    code, out = warmbuild.run_book_builder(
        [program, "build", str(tmp_path / "missing")], tmp_path, dict(os.environ)
    )
    assert code != 0, out
