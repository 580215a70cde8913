"""What the build needs besides the project's own files, checked before any page is executed.

A clone without ``node_modules`` used to execute every page (a minute or two) and only then say that the
chart library was missing. :func:`missing` checks everything up front, in about a second, and names for each
missing piece the command that installs it:

* the chart library (Vega's build, from npm: ``npm ci``);
* Pagefind's binary (the ``pagefind`` PyPI package with its binary package);
* the Jupyter kernel the chapters ask for (``python3``, from ipykernel);
* the texts of the five publications (``sources/``), unchanged.
"""

from __future__ import annotations

import os
from pathlib import Path

from swic import paths, sources

VEGA = Path("node_modules") / "vega" / "build" / "vega.min.js"
KERNEL = "python3"
INSTALL = "run `make install` (`make book` does), or `pip install -r requirements.lock`"


def chart_library() -> list[str]:
    if (paths.root() / VEGA).is_file():
        return []
    return [
        f"the chart library ({VEGA}) is missing: run `npm ci` (`make book` does) to install it from "
        "package-lock.json"
    ]


def pagefind() -> list[str]:
    try:
        from pagefind.service import get_executable
    except ImportError:
        return [f"Pagefind (the search index) is not installed: {INSTALL}"]
    exe = get_executable()
    if exe is None or not Path(exe).is_file() or not os.access(exe, os.X_OK):
        return [
            "Pagefind's binary (PyPI package pagefind_bin_extended or pagefind_bin) is missing"
            + (f" (looked for {exe})" if exe else "")
            + f": {INSTALL}"
        ]
    return []


def kernel() -> list[str]:
    try:
        from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel
    except ImportError:
        return [f"jupyter_client (which runs the chapters) is not installed: {INSTALL}"]
    try:
        spec = KernelSpecManager().get_kernel_spec(KERNEL)
    except NoSuchKernel:
        return [
            f"the Jupyter kernel '{KERNEL}' the chapters run on is not found (ipykernel is missing): {INSTALL}"
        ]
    exe = spec.argv[0] if spec.argv else ""
    if os.path.isabs(exe) and not os.path.exists(exe):
        return [
            f"the Jupyter kernel '{KERNEL}' points to {exe}, which does not exist (a virtualenv that was moved "
            f"or removed?): remove {spec.resource_dir} or run `python -m ipykernel install --sys-prefix`"
        ]
    return []


def source_texts() -> list[str]:
    return sources.problems()


def missing(*, book: bool = True) -> list[str]:
    """Everything the build needs and does not find, each with the command that fixes it (empty: all there).

    ``book=False``: only what executing the pages needs (``python -m swic execute``).
    """
    found = kernel() + source_texts()
    if book:
        found = chart_library() + pagefind() + found
    return found
