"""Reusable chart builders. Chapters call these (mostly through :mod:`swic.survey` and the chapter API);
they never write chart code themselves.

Every builder takes rows in the survey data contract (see ``data/schemas/survey.schema.json``) and
returns a :class:`Figure`: the chart plus what a reader needs around it — title, a text alternative,
the source and n, how the values were read, the numbers as an accessible table, and (through
:mod:`swic.downloads`) the chart as SVG and PNG and its data as Excel and CSV.

Each chart comes in two layouts from the same data and theme: ``wide`` for a page column, and
``narrow`` for phones (labels above their bars instead of beside them, one-column legends with wrapped
labels). Heatmaps get a list instead of a chart on narrow screens. The site script picks the layout by
the width the chart has, and lays it out again when that width changes.

Honest charts, built in here once:

* a value that is not recoverable shows "?" at its place and a note, never an empty slot that reads as 0;
* answer scales keep their natural order, and the same answer has the same colour on every page
  (:mod:`swic.theme`);
* what does not add up to 100 (several answers allowed, statements whose answers overlap) is never
  stacked: separate bars instead;
* a comparison with 2020 marks every item whose question or group differs (``vergelijkbaarheid.csv``).

Modules: :mod:`~swic.charts.common` (labels, notes, axes), :mod:`~swic.charts.figure` (the figure and its
markup), :mod:`~swic.charts.bars`, :mod:`~swic.charts.stacked`, :mod:`~swic.charts.grouped`,
:mod:`~swic.charts.grids`.
"""

from swic.charts.bars import distribution_bar
from swic.charts.common import QUALITY_LABELS, UNREADABLE
from swic.charts.figure import Figure
from swic.charts.grids import heatmap, timeline
from swic.charts.grouped import comparison_bar, grouped_bar
from swic.charts.stacked import likert_bar, stackable

__all__ = [
    "QUALITY_LABELS",
    "UNREADABLE",
    "Figure",
    "comparison_bar",
    "distribution_bar",
    "grouped_bar",
    "heatmap",
    "likert_bar",
    "stackable",
    "timeline",
]
