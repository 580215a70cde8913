"""Values handed to the prose: myst-nb's glue, in the two forms the pages use.

* :func:`text` for figures: ``{glue:text}`name``` in a sentence, which the theme sets as a figure;
* :func:`markdown` for words and sentences from the data (a share word, a comparison, a link):
  ``{glue:md}`name```, which reads as plain running text.

Nothing is displayed in the notebook itself.
"""

from __future__ import annotations


def text(values: dict[str, object]) -> None:
    """Glue values for use as {glue:text}`name` in Markdown cells (no output in the notebook)."""
    from myst_nb import glue

    for name, value in values.items():
        # A plain str: its text/plain repr is quoted, and myst-nb's {glue:text} literal-evaluates it
        # back to the exact string. (An unquoted '64.800' would be read as the float 64.8.)
        glue(name, str(value), display=False)


def markdown(values: dict[str, object]) -> None:
    """Glue texts (sentences from the data) for use as {glue:md}`name`: they render as plain running
    text, unlike {glue:text} values, which the theme highlights as figures."""
    from IPython.display import Markdown
    from myst_nb import glue

    for name, value in values.items():
        glue(name, Markdown(str(value)), display=False)
