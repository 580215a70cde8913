"""``make preview``: the site on http://127.0.0.1:8000/, built again when a file changes, the page reloaded.

* The server serves ``_build/html`` as it is published; into each HTML page it sends it adds one small
  script (only here: nothing of it is in the built site) that asks ``/__preview__/status`` four times a second
  whether a newer site is there, and reloads the page when it is. When a build fails it shows the error
  on top of the page (the previous site stays).
* A watcher looks at ``chapters/``, ``data/``, ``pages/``, ``src/`` and the book's files every tenth of a
  second; a change starts ``swic build --preview`` (one build at a time; changes made during a build start
  the next one), forked from a helper that has the build's libraries imported (:mod:`swic.warmbuild`), or as
  a new process after an edit under ``src/``. Only what changed is done again: a prose edit re-assembles one
  page and Sphinx writes that page (see :mod:`swic.build`).
* The search index is left as it was while edits go on, and built once they pause (``IDLE_INDEX`` seconds
  after the last build): a normal build, which finds the site current but for its index and builds only that.
"""

from __future__ import annotations

import functools
import http.server
import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

from swic import paths, version

WATCHED = ["chapters", "data", "pages", "src", "sources"]
WATCHED_FILES = ["pages.yml", "_toc.yml", "_config.yml", "references.bib", "logo.svg"]
POLL = 0.1  # seconds between two looks at the files (and after a change, before building)
IDLE_INDEX = 8.0  # seconds without edits before the search index is built

SCRIPT = """(function () {
  var seen = null;
  function banner(text) {
    var el = document.getElementById('swic-preview-error');
    if (!text) { if (el) el.remove(); return; }
    if (!el) {
      el = document.createElement('pre');
      el.id = 'swic-preview-error';
      el.style.cssText = 'position:fixed;z-index:9999;top:0;left:0;right:0;max-height:50vh;overflow:auto;' +
        'margin:0;padding:1em;background:#fff3f3;color:#8a0000;border-bottom:3px solid #8a0000;' +
        'font-size:13px;white-space:pre-wrap';
      document.body.appendChild(el);
    }
    el.textContent = 'De laatste build is mislukt; je ziet de vorige versie van de site.\\n\\n' + text;
  }
  function poll() {
    fetch('/__preview__/status', {cache: 'no-store'}).then(function (r) { return r.json(); }).then(function (s) {
      if (seen === null) seen = s.version;
      else if (s.version !== seen) { location.reload(); return; }
      banner(s.error);
    }).catch(function () {}).finally(function () { setTimeout(poll, 250); });
  }
  poll();
})();
"""
TAG = '<script src="/__preview__/reload.js"></script>'


class State:
    """What the browser asks for: the site's version (a counter) and the last build's error."""

    def __init__(self) -> None:
        self.version = 0
        self.error = ""
        self.lock = threading.Lock()

    def as_json(self) -> bytes:
        with self.lock:
            return json.dumps({"version": self.version, "error": self.error}).encode()


class Handler(http.server.SimpleHTTPRequestHandler):
    state: State

    def log_message(self, *args) -> None:
        pass

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def do_GET(self) -> None:  # noqa: N802 (the name http.server calls)
        path = self.path.split("?", 1)[0].split("#", 1)[0]
        if path == "/__preview__/status":
            return self._send(self.state.as_json(), "application/json")
        if path == "/__preview__/reload.js":
            return self._send(SCRIPT.encode(), "text/javascript")
        file = Path(self.translate_path(path))
        if file.is_dir():
            if not path.endswith("/"):
                return super().do_GET()  # the redirect to the folder's URL with a slash
            file = file / "index.html"
        if file.suffix == ".html" and file.is_file():
            html = file.read_text(encoding="utf-8")
            html = html.replace("</body>", TAG + "</body>", 1) if "</body>" in html else html + TAG
            return self._send(html.encode(), "text/html; charset=utf-8")
        return super().do_GET()

    def _send(self, body: bytes, ctype: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def snapshot(root: Path) -> dict[str, float]:
    """Modification time and size of every watched file."""
    found = {}
    files = [root / f for f in WATCHED_FILES]
    for folder in WATCHED:
        base = root / folder
        if base.is_dir():
            files += [p for p in base.rglob("*") if "__pycache__" not in p.parts]
    for f in files:
        try:
            st = f.stat()
        except OSError:
            continue
        if not f.is_dir():
            found[str(f)] = (st.st_mtime_ns, st.st_size)
    return found


class WarmHelper:
    """The helper of :mod:`swic.warmbuild`: builds forked from a process that has the libraries imported.
    Started again after an edit under src/ (the next build then starts cold, as a new process)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.proc: subprocess.Popen | None = None
        self._ready = False

    def start(self) -> None:
        if not hasattr(os, "fork"):
            return
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "swic.warmbuild"],
            cwd=self.root,
            env={**os.environ, "SWIC_ROOT": str(self.root)},
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )

    def ready(self) -> bool:
        """Started and warmed up (waits for the warm-up, a few seconds, the first time)."""
        if self.proc is None or self.proc.poll() is not None:
            return False
        if not self._ready:
            line = self.proc.stdout.readline()
            self._ready = bool(line) and json.loads(line).get("ready", False)
        return self._ready

    def run(self, argv: list[str], env: dict) -> tuple[int, str]:
        import tempfile

        with tempfile.NamedTemporaryFile("r", suffix=".log", encoding="utf-8") as log:
            request = {"argv": argv, "env": env, "cwd": str(self.root), "log": log.name}
            self.proc.stdin.write(json.dumps(request) + "\n")
            self.proc.stdin.flush()
            line = self.proc.stdout.readline()
            if not line:
                raise RuntimeError("the warm build helper stopped")
            return json.loads(line)["rc"], log.read()

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
        self.proc = None
        self._ready = False


def run_build(
    root: Path, *, search_index: bool, log=print, helper: WarmHelper | None = None
) -> tuple[bool, str, float]:
    """One build in a fresh Python (so that edits to src/ count), forked from the warm helper where there is
    one; (ok, error text, seconds)."""
    argv = ["build"] + ([] if search_index else ["--preview"])
    env = {**os.environ, "SWIC_ROOT": str(root), version.DRAFT: "1"}
    t = time.perf_counter()
    if helper is not None and helper.ready():
        try:
            code, output = helper.run(argv, env)
        except (OSError, RuntimeError, ValueError):
            helper.stop()
        else:
            seconds = time.perf_counter() - t
            return code == 0, ("" if code == 0 else output.strip()[-6000:]), seconds
    cmd = [sys.executable, "-m", "swic", *argv]
    proc = subprocess.Popen(cmd, cwd=root, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        out, err = proc.communicate()
    except BaseException:  # Ctrl-C or SIGTERM: the build stops its kernels and leaves nothing behind
        proc.terminate()
        proc.wait(timeout=60)
        raise
    seconds = time.perf_counter() - t
    if proc.returncode == 0:
        return True, "", seconds
    return False, (err.strip() or out.strip())[-6000:], seconds


def remove_old_sites(root: Path) -> None:
    """The sites a preview build replaced (it leaves them, so that the page reloads sooner)."""
    import shutil

    for old in (root / "_build").glob("html.old-*"):
        shutil.rmtree(old, ignore_errors=True)


def _stop(signum, frame):
    raise KeyboardInterrupt


def serve(port: int = 8000, host: str = "127.0.0.1", log=print) -> None:
    import signal

    signal.signal(signal.SIGTERM, _stop)
    root = paths.root()
    site = root / "_build" / "html"
    state = State()
    helper = WarmHelper(root)
    helper.start()  # warms up while the first build runs
    log("Eerste build (dat kan even duren) ...")
    ok, error, seconds = run_build(root, search_index=True, log=log)
    if not ok and not (site / "index.html").exists():
        log(error)
        raise SystemExit("De eerste build is mislukt en er is nog geen site: los de fout hierboven op.")
    state.error = error
    log(f"Klaar in {seconds:.1f} s." if ok else "De build is mislukt; de vorige site wordt getoond.")

    handler = functools.partial(type("PreviewHandler", (Handler,), {"state": state}), directory=str(site))
    httpd = http.server.ThreadingHTTPServer((host, port), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    log(f"\nDe site staat op http://{host}:{port}/ (stoppen: Ctrl-C).")
    log("Sla een hoofdstuk, pagina of gegevensbestand op: de pagina in je browser ververst vanzelf.\n")

    before = snapshot(root)
    index_due: float | None = None
    try:
        while True:
            time.sleep(POLL)
            now = snapshot(root)
            if now != before:
                time.sleep(POLL)  # an editor may write a file in several steps
                now = snapshot(root)
                changed = sorted({*now} ^ {*before} | {f for f in now if now.get(f) != before.get(f)})
                before = now
                names = ", ".join(paths.rel(Path(f)) for f in changed[:3]) + (
                    " ..." if len(changed) > 3 else ""
                )
                log(f"{time.strftime('%H:%M:%S')} gewijzigd: {names}; bouwen ...")
                code_changed = any(Path(f).is_relative_to(root / "src") for f in changed)
                if code_changed:  # the helper may hold the old code: this build starts cold, then a new one
                    helper.stop()
                ok, error, seconds = run_build(root, search_index=False, log=log, helper=helper)
                if code_changed:
                    helper.start()
                with state.lock:
                    if ok:
                        state.version += 1
                    state.error = error
                log(f"  {'klaar' if ok else 'MISLUKT'} in {seconds:.1f} s" + ("" if ok else f":\n{error}"))
                threading.Thread(target=remove_old_sites, args=(root,), daemon=True).start()
                index_due = time.monotonic() + IDLE_INDEX if ok else None
                # ``before`` stays what this build was started for: a file saved while it ran is built next
                # (the build writes nothing under the watched folders)
            elif index_due is not None and time.monotonic() >= index_due:
                index_due = None
                ok, error, seconds = run_build(root, search_index=True, log=log, helper=helper)
                log(f"  zoekindex bijgewerkt in {seconds:.1f} s" if ok else f"  zoekindex: MISLUKT\n{error}")
    except KeyboardInterrupt:
        log("\nGestopt.")
    finally:
        helper.stop()
        httpd.shutdown()
        remove_old_sites(root)
