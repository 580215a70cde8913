"""The chapter API: one object per page that knows what the page is about and hands out what its prose
and figures need (in the manner of owid/etl's ``PathFinder``).

A chapter's first code cell makes the object from the page's parameters::

    s = page.Survey(edition, chapter, baseline=baseline, min_n=min_n)

and each glued value is defined in a short cell right above the paragraph that uses it::

    f = s.glue_figure("Figuur 11.5", emp_yes="Ja", emp_no="Nee", emp_maybe="Misschien")
    s.glue(emp_yes_word=f.emp_yes.Word)

* :meth:`Survey.value` gives a :class:`Value`: the number with its unit and the source's bound. Its text
  is what a reader sees ('32%', 'meer dan 40%'); ``.word`` and ``.Word`` give the share in words ('bijna
  de helft'), ``.compared(other)``, ``.degree(other)`` and ``.change_from(old)`` the comparatives.
* :meth:`Survey.then` gives the baseline's value, or :data:`NOT_AVAILABLE` ('n.b.') on a page without a
  baseline; :attr:`Survey.box` is the chapter's comparison box, or None.
* :meth:`Page.glue` hands values to the prose: a :class:`Value` or plain text for ``{glue:text}`` (set as a
  figure), words from :mod:`swic.text` for ``{glue:md}`` (running text). :meth:`Page.words` glues
  anything as running text.
* :meth:`Survey.figure` and :meth:`Survey.comparison` draw the report's tables and figures.
"""

from __future__ import annotations

import numbers
from types import SimpleNamespace

import pandas as pd

from swic import data, fmt, glue, known_issues, survey, text
from swic.text import Words


class Missing(str):
    """'n.b.': a value a page does not have (the baseline's, on a page without a baseline). Words made
    from it are empty, so that prose about a comparison that is not there says nothing."""

    word = Word = capital = property(lambda self: Words(""))

    def compared(self, *args, **kwargs) -> Words:
        return Words("")

    degree = compared

    def change_from(self, old) -> Words:
        return Words("")


NOT_AVAILABLE = Missing("n.b.")
"""What a page without a baseline says for the baseline's values."""


class Value:
    """A number from the data with its unit and bound, written as a reader sees it."""

    __slots__ = ("number", "unit", "bound", "quality")

    def __init__(self, number: float, unit: str = "", bound: str = "", quality: str = ""):
        self.number = float(number)
        self.unit = unit
        self.bound = bound or ""
        self.quality = quality

    def __str__(self) -> str:
        return fmt.value(self.number, self.unit, self.bound)

    def __repr__(self) -> str:
        return f"Value({self})"

    def __float__(self) -> float:
        return self.number

    @property
    def nouns(self) -> str:
        """The value with its unit as a word and millions written out: 'ongeveer 1,4 miljoen personen'."""
        return fmt.value(self.number, self.unit, self.bound, nouns=True)

    def fixed(self, decimals: int) -> str:
        """The number with a fixed number of decimals: '23,0'."""
        return fmt.bounded(fmt.number(self.number, decimals), self.bound)

    @property
    def capital(self) -> str:
        """The value's text with a capital, for the start of a sentence: 'Meer dan 40%'."""
        return text.capital(str(self))

    @property
    def word(self) -> Words:
        """The share in words, lower case: 'bijna de helft' (keeps the source's bound)."""
        return text.share_word(self.number, self.bound or None)

    @property
    def Word(self) -> Words:  # noqa: N802  (the capitalised form, for the start of a sentence)
        return text.capital(self.word)

    def compared(self, other, more: str = "hoger", less: str = "lager", same: str = "even hoog") -> Words:
        """'iets lager dan', 'even hoog als' ... (see :func:`swic.text.comparison`)."""
        return text.comparison(float(self), float(other), more, less, same)

    def degree(self, other, more: str = "meer", less: str = "minder", same: str = "evenveel") -> Words:
        """'iets minder', 'veel meer' ... (see :func:`swic.text.degree`)."""
        return text.degree(float(self), float(other), more, less, same)

    def change_from(self, old) -> Words:
        """'steeg', 'daalde', 'bleef (vrijwel) gelijk' from ``old`` to this value."""
        if isinstance(old, Missing):
            return Words("")
        return text.change(float(old), float(self))


class Glued(SimpleNamespace):
    """Values just glued, by name. Shows nothing in the page when it ends a cell."""

    def _ipython_display_(self) -> None:
        pass


def _value_of(sel: pd.DataFrame) -> Value:
    r = sel.iloc[0]
    return Value(r["value"], r["unit"], r.get("bound", ""), r.get("quality", ""))


def _pick(known, wanted: str, what: str) -> str:
    """The one meant: the one with exactly this text, else the only one that contains it (ignoring
    capitals), so that a chapter may write 'gelijk' for 'Dit is gelijk gebleven'. Fails loudly otherwise."""
    known = list(dict.fromkeys(known))
    if wanted in known:
        return wanted
    hits = [k for k in known if wanted and wanted.lower() in k.lower()]
    if len(hits) == 1:
        return hits[0]
    found = "none does" if not hits else f"{len(hits)} do: {hits}"
    raise survey.MissingValue(f"no {what} is {wanted!r}, and exactly one must contain it, but {found}")


def _lower(name: str) -> str:
    """An answer as it reads inside a sentence: 'Kennis over wat werkt' -> 'kennis over wat werkt' (an
    abbreviation such as 'ABCD' keeps its capitals)."""
    return name if name[1:2].isupper() else name[:1].lower() + name[1:]


class Page:
    """What every page can do: glue values into its prose and link to a known issue."""

    def glue(self, **values) -> None:
        """Glue each value under its name: a :class:`Value`, a number or plain text for ``{glue:text}``,
        words (:class:`swic.text.Words`) for ``{glue:md}``. A share (a percentage) also gives its words:
        ``name_word`` ('bijna de helft') and ``name_Word`` ('Bijna de helft'), for ``{glue:md}``."""
        as_text, as_md = {}, {}
        for name, v in values.items():
            if isinstance(v, Value) and v.unit == "percent" and 0 <= v.number <= 100:
                as_md[f"{name}_word"], as_md[f"{name}_Word"] = v.word, v.Word
            if isinstance(v, Words):
                as_md[name] = v
            elif isinstance(v, numbers.Number) and not isinstance(v, bool):
                as_text[name] = fmt.auto(v)  # a year is no number to format: glue it as str(year)
            else:
                as_text[name] = v
        if as_text:
            glue.text(as_text)
        if as_md:
            glue.markdown(as_md)

    def glue_survey_name(self, edition: int | None = None) -> None:
        """Glue the one name of the raadpleging for its first mention on the page: ``raadpleging`` ('de
        raadpleging van 2025 (veldwerk zomer 2024)') and ``Raadpleging`` (capitalised), for ``{glue:md}``.
        After that the page says 'de raadpleging'. Without ``edition``: the newest edition in the data."""
        edition = edition or data.editions()[-1]
        name = text.survey_name(edition, data.fieldwork_start(edition))
        glue.markdown({"raadpleging": name, "Raadpleging": text.capital(name)})

    def words(self, **values) -> None:
        """Glue each value as running text (``{glue:md}``), whatever it is."""
        glue.markdown(values)

    def issue(self, issue_id: str, label: str = "zie de lijst met inconsistenties") -> Words:
        """A link to one known issue (for ``{glue:md}`` in a sentence or footnote)."""
        return Words(known_issues.link(issue_id, label))

    @property
    def sources(self) -> pd.DataFrame:
        """The five publications (``data/sources.csv``), by id."""
        return data.sources()


class Survey(Page):
    """A page about the raadpleging: its rows (one chapter, several, or all), the fieldwork year of this
    edition (:attr:`now`) and of the baseline (:attr:`then`), and the chapter's comparison box."""

    def __init__(
        self,
        edition: int = 2025,
        chapter: int | list[int] | None = None,
        *,
        baseline: int | None = None,
        min_n: int | None = None,
    ):
        self.edition = edition
        self.chapter = chapter
        self.baseline = baseline
        df = data.load_survey(edition, chapter=chapter)
        self.df = survey.apply_min_n(df, min_n) if min_n else df
        own = self.df[self.df["group"] == ""]["year"].dropna()
        self.now = int(own.mode().iloc[0]) if not own.empty else None
        self.then = baseline
        box = f"Vergelijking met raadpleging {baseline} (h{chapter})" if baseline and chapter else None
        self.box = box if box is not None and (self.df["locator"] == box).any() else None
        self.glue_survey_name(edition)

    # ----------------------------------------------------------------- values

    def locator(self, wanted: str) -> str:
        """A locator by its text or a part only it contains ('Ook achterliggende' for 'Ook achterliggende
        oorzaken aanpakken')."""
        return _pick(self.df["locator"], wanted, "locator")

    def _select(self, locator, category, item="", group="", year=None, unit=None, question=None):
        df = self.df
        locator = self.locator(locator)
        sel = df[df["locator"] == locator]
        sel = sel[sel["group"] == _pick(sel["group"], group, f"group of {locator!r}")]
        sel = sel[sel["item"] == _pick(sel["item"], item, f"item of {locator!r}")]
        if question is not None:
            sel = sel[sel["question"] == question]
        if unit is not None:
            sel = sel[sel["unit"] == unit]
        sel = sel[sel["category"] == _pick(sel["category"], category, f"answer of {locator!r}")]
        if year is None and sel["year"].nunique() > 1 and self.now is not None:
            year = self.now  # the same figure in two editions: this edition's, unless asked otherwise
        if year is not None:
            sel = sel[sel["year"] == year]
        return sel

    def value(
        self,
        locator: str,
        category: str,
        *,
        item: str = "",
        group: str = "",
        year=None,
        unit=None,
        question: str | None = None,
    ) -> Value:
        """One value (fails loudly, naming the locator, when it is missing or not recoverable). Without a
        locator (a comparison box this page does not have): 'n.b.'."""
        if locator is None:
            return NOT_AVAILABLE
        sel = self._select(locator, category, item, group, year, unit, question)
        r = sel.iloc[0] if len(sel) else None
        if r is not None:  # the checks and their messages, with the names resolved
            survey.value(sel, r["locator"], r["category"], item=r["item"], group=r["group"])
        else:
            survey.value(sel, locator, category, item=item, group=group)
        return _value_of(sel)

    def then_value(self, locator: str | None, category: str, **kw):
        """The baseline's value, or 'n.b.' on a page without a baseline."""
        if self.then is None:
            return NOT_AVAILABLE
        return self.value(locator, category, year=self.then, **kw)

    def n(self, locator: str, year=None) -> Value:
        """How many answered (the n of a table or figure)."""
        return Value(survey.n_of(self.df, self.locator(locator), year=year), "count")

    def sum(self, locator: str, categories: list[str], *, item: str = "", year=None) -> Value:
        """Several answers of one question added up ('mee eens' + 'helemaal mee eens')."""
        parts = [self.value(locator, c, item=item, year=year) for c in categories]
        return Value(sum(p.number for p in parts), parts[0].unit, quality="derived")

    def glue_figure(
        self,
        locator: str | None,
        *,
        item: str = "",
        group: str = "",
        year=None,
        unit=None,
        question: str | None = None,
        **names,
    ) -> Glued:
        """Glue values of one table or figure: ``name="category"`` each; returns them by name. Without a
        locator (no comparison box on this page) every name is 'n.b.'."""
        if locator is None:
            values = {name: NOT_AVAILABLE for name in names}
        else:
            values = {
                name: self.value(
                    locator, cat, item=item, group=group, year=year, unit=unit, question=question
                )
                for name, cat in names.items()
            }
        self.glue(**values)
        return Glued(**values)

    def glue_change(self, locator: str | None = None, *, item: str = "", **names) -> Glued:
        """Glue this edition's and the baseline's value of each ``name="category"`` (from the chapter's
        comparison box unless ``locator`` says otherwise): ``name`` now, ``name_then`` and ``name_change``
        ('steeg', 'daalde', 'bleef vrijwel gelijk'); 'n.b.' and no words on a page without a baseline."""
        locator = locator or self.box
        out = {}
        for name, cat in names.items():
            now = self.value(locator, cat, item=item, year=self.now) if self.then else NOT_AVAILABLE
            then = self.then_value(locator, cat, item=item)
            out |= {name: now, f"{name}_then": then, f"{name}_change": now.change_from(then)}
        self.glue(**out)
        return Glued(**out)

    # ----------------------------------------------------------------- orders ('het vaakst', 'bovenaan')

    def counts(
        self,
        locator: str | list[str],
        *,
        by: str = "category",
        among: list[str] | None = None,
        item: str = "",
        category: str | None = None,
        group: str = "",
        year=None,
        unit: str | None = None,
        question: str | None = None,
    ) -> dict[str, float]:
        """The values of one table or figure by answer (``by="category"``, of one ``item``) or by statement
        (``by="item"``, of one ``category``), for a stated order. ``among`` keeps only these (a part of
        each name will do); a list of locators ranks the answers of all of them (one question spread over
        several boxes). Fails when a value it would rank is unknown: no order is claimed over a hole."""
        if isinstance(locator, list):
            out: dict[str, float] = {}
            for one in locator:
                out |= self.counts(
                    one,
                    by=by,
                    item=item,
                    category=category,
                    group=group,
                    year=year,
                    unit=unit,
                    question=question,
                )
            return {k: out[k] for k in [_pick(out, a, "answer") for a in among]} if among else out
        loc = self.locator(locator)
        sel = self.df[(self.df["locator"] == loc) & (self.df["group"] == group)]
        if question is not None:
            sel = sel[sel["question"] == question]
        if by == "category":
            sel = sel[sel["item"] == (_pick(sel["item"], item, f"item of {loc!r}") if item else "")]
        elif category is not None:
            sel = sel[sel["category"] == _pick(sel["category"], category, f"answer of {loc!r}")]
        if year is None and sel["year"].nunique() > 1 and self.now is not None:
            year = self.now
        if year is not None:
            sel = sel[sel["year"] == year]
        unit = unit or (sel["unit"].value_counts().index[0] if len(sel) else None)
        sel = sel[sel["unit"] == unit]
        sel = sel[~sel[by].str.startswith("Aantal ")]  # how many answered is no answer to rank
        if among is not None:
            sel = sel[sel[by].isin([_pick(sel[by], a, f"{by} of {loc!r}") for a in among])]
        if sel["question"].nunique() > 1:  # the question with the most answers (who answered aside)
            sizes = sel["question"].value_counts()
            if sizes.iloc[0] == sizes.iloc[1]:
                raise text.OrderError(f"{loc!r} holds several questions; say which with question=")
            sel = sel[sel["question"] == sizes.index[0]]
        if sel.empty:
            raise survey.MissingValue(f"nothing to rank in {loc!r}")
        holes = list(sel.loc[sel["value"].isna(), by])
        if holes:
            raise text.OrderError(f"{loc!r}: no order can be stated, {text.join(holes)} unknown")
        return {str(k): float(v) for k, v in zip(sel[by], sel["value"], strict=True)}

    def most_often(self, locator: str, noun: str | None = None, **kw) -> Words:
        """Every answer tied for first place in one table or figure ('A en B, evenveel'): for 'het vaakst'
        and 'bovenaan'; ``kw`` as for :meth:`counts`."""
        counts = self.counts(locator, **kw)
        return text.most_often({_lower(k): v for k, v in counts.items()}, noun)

    def check_order(
        self, locator: str | list[str], stated: list[str], *, top: int = 0, ties: bool = False, **kw
    ) -> None:
        """Fail the build when the order the prose states no longer holds (see
        :func:`swic.text.check_order`); ``stated`` may name each answer by a part only it contains, ``top``
        says how many lead together ('het vaakst': 1), ``kw`` selects as for :meth:`counts`."""
        counts = self.counts(locator, **kw)
        names = [_pick(counts, x, f"answer of {locator!r}") for x in stated]
        text.check_order(counts, names, top=top, ties=ties)

    def rows(self, locator: str, *, year=None, question: str | None = None) -> pd.DataFrame:
        return survey.rows(self.df, self.locator(locator), year=year, question=question)

    # ----------------------------------------------------------------- figures

    def figure(self, locator: str, title: str | None = None, *, about=(), **kw):
        """A table or figure of the report, drawn with the builder that fits its rows. ``about``: notes for
        its closed 'Over deze cijfers' (another number the report gives elsewhere, with
        ``known-issue:<id>``), never in view."""
        fig = survey.figure(self.df, self.locator(locator), title, **kw)
        return fig.with_about(*([about] if isinstance(about, str) else about))

    def comparison(
        self, title: str, *, item: str | None = None, locator: str | None = None, about=(), now=None
    ):
        """This edition against the baseline (the chapter's comparison box unless ``locator`` says
        otherwise); nothing on a page without a baseline. ``about`` as for :meth:`figure`. ``now`` maps an
        answer to the value the page shows for it elsewhere (``{"Gelijk": s.value("Figuur 9.2", ...)}``)
        where the box gives another number for this edition: one number in view, the other in ``about``."""
        locator = locator or self.box
        if self.then is None or locator is None:
            return None
        locator = self.locator(locator)
        df = self.df
        if now:
            df = df.copy()
            box = df["locator"] == locator
            for wanted, v in now.items():
                cat = _pick(df.loc[box, "category"], wanted, f"answer of {locator!r}")
                hit = box & (df["category"] == cat) & (df["year"] == self.now)
                df.loc[hit, ["value", "bound", "quality"]] = [float(v), v.bound, v.quality or "table"]
        fig = survey.comparison(df, locator, baseline=self.then, item=item, title=title, year=self.now)
        return fig.with_about(*([about] if isinstance(about, str) else about))

    @staticmethod
    def elsewhere(issue_id: str, sentence: str | None = None) -> str:
        """A note for 'Over deze cijfers': where the report gives another number for the same thing, in the
        words of ``data/known-issues.csv`` (or ``sentence``), with the link to its row in the list of
        inconsistencies."""
        issues = data.load_resource("known-issues").set_index("id")
        if issue_id not in issues.index:
            raise known_issues.UnknownIssue(f"unknown known issue {issue_id!r} (see data/known-issues.csv)")
        return f"{sentence or issues.loc[issue_id, 'description']} known-issue:{issue_id}"


class Document(Page):
    """A page about one of the other four documents (``source``: its id in ``data/sources.csv``): the
    document's facts, its tables (rows of that document only) and its key figures."""

    def __init__(self, source: str):
        self.source = source
        self.doc = data.sources().loc[source] if source else None

    def table(self, name: str) -> pd.DataFrame:
        """A table of ``data/`` with only this document's rows (all rows when it has no 'source')."""
        df = data.load_resource(name)
        if self.source and "source" in df:
            df = df[df["source"] == self.source]
        return df.reset_index(drop=True)

    def key_figure(self, figure_id: str) -> Value:
        """A key figure of ``cijfers.csv`` with its unit and the document's bound ('bijna 550')."""
        cf = data.load_resource("cijfers")
        sel = cf[cf["id"] == figure_id]
        if sel.empty or pd.isna(sel["value"].iloc[0]):
            raise survey.MissingValue(f"no readable key figure {figure_id!r} in data/bronnen/cijfers.csv")
        return _value_of(sel)
