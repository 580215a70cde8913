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
