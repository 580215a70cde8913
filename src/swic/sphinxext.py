"""Incremental book builds that equal full ones (a Sphinx extension, listed in ``_config.yml``).

The build keeps Sphinx's environment between builds, so Sphinx re-reads and re-writes only the pages whose
source changed. But every page shows what other pages define: their titles (the navigation, previous and
next), their labels (cross-references) and the numbers of sections and figures. When any of those changed,
this extension has Sphinx re-write every page, so that an incremental build gives the same site as a full
one (``tests/test_build.py`` and ``make bench`` compare them byte for byte).
"""

from __future__ import annotations

import hashlib


def _shared(env) -> str:
    """Hash of what one page can show of the others."""
    std = env.domaindata.get("std", {})
    parts = [
        sorted((doc, title.astext()) for doc, title in env.titles.items()),
        sorted((k, repr(v)) for k, v in std.get("labels", {}).items()),
        sorted((k, repr(v)) for k, v in std.get("anonlabels", {}).items()),
        sorted((k, repr(v)) for k, v in env.toc_secnumbers.items()),
        sorted((k, repr(v)) for k, v in env.toc_fignumbers.items()),
        sorted(env.found_docs),
    ]
    return hashlib.sha256(repr(parts).encode()).hexdigest()


def env_updated(app, env):
    new = _shared(env)
    old = getattr(env, "swic_shared", None)
    env.swic_shared = new
    if old is not None and old != new:
        return sorted(env.found_docs)
    return []


def setup(app):
    app.connect("env-updated", env_updated)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "env_version": 1}
