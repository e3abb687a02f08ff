"""The ``quotes`` command line (click, which comes with Flask).

Commands: ``extract``, ``index``, ``add``, ``search``, ``show``, ``speakers``,
``sources``.

Exit codes: 0 success (or results found), 1 nothing found / nothing could be read or
indexed, 2 usage errors, including a query the engine refuses (too long, a bad date, an
unknown speaker) and an index that is missing or damaged (the message names the command
that fixes it). Problems with single input files go to standard error, one line each.
"""

from __future__ import annotations

import csv
import json
import shutil
import sys
import textwrap
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, NoReturn, TypeVar

import click

from . import __version__
from .cite import STYLES, cite, quote_url
from .csvout import CSV_COLUMNS, csv_rows
from .dates import date_range
from .documents import Problem, add_to_manifest
from .index import (
    IndexBusy,
    IndexMissing,
    IndexUnavailable,
    NothingToIndex,
    QuoteIndex,
    default_index_dir,
    index_paths,
    open_or_build,
    read_marker,
    recorded_roots,
)
from .pipeline import stream_corpus
from .query import (
    MAX_PAGE_SIZE,
    MAX_QUERY_CHARS,
    SORTS,
    Hit,
    QueryError,
    SearchRequest,
    SearchResponse,
    SourceInfo,
    SpeakerInfo,
    get_quote,
    list_sources,
    list_speakers,
    search,
    surrounding_text,
)
from .record import Quote


def report_problem(problem: Problem) -> None:
    """Print one input problem on standard error."""
    level = "skipped" if problem.fatal else "warning"
    click.echo(f"quotes: {level}: {problem}", err=True)


def format_quote_text(quote: Quote, width: int = 78) -> str:
    """A quote for people: speaker, the words wrapped, then the source."""
    lines = [f"{quote.speaker}:"]
    body = textwrap.fill(
        f"“{quote.text}”", width=width, initial_indent="  ", subsequent_indent="   "
    )
    lines.append(body)
    src = quote.source
    where = ", ".join(x for x in (src.title, src.publication, src.date) if x) or quote.doc
    lines.append(f"  — {where}")
    return "\n".join(lines)


class QuotesGroup(click.Group):
    """The command group. ``serve`` lives with the web app and is imported only when it
    is asked for, so the other commands do not pay for loading Flask."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), "serve"})

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name == "serve":
            from web.serve import serve

            return serve
        return super().get_command(ctx, name)


_workers_option = click.option(
    "--workers",
    type=click.IntRange(1),
    default=None,
    help="Processes that extract, this one included (default: one per core).",
)


@click.group(cls=QuotesGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="quotes")
def cli() -> None:
    """Find, search and cite quotes in interviews and articles."""


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@click.option(
    "--format", "fmt", type=click.Choice(["jsonl", "text"]), default="text", show_default=True
)
@_workers_option
def extract(paths: tuple[str, ...], fmt: str, workers: int | None) -> None:
    """Extract attributed quotes from PATHS (files, folders, or - for stdin).

    A folder gives its .txt, .md, .html, .vtt, .srt and .jsonl files, recursively,
    except its README, LICENSE, CHANGELOG and CONTRIBUTING files (named, they are read).
    """
    problems: list[Problem] = []

    def report(problem: Problem) -> None:
        problems.append(problem)
        report_problem(problem)

    out = sys.stdout
    documents = written = 0
    for _, quotes in stream_corpus(paths, report, workers=workers):
        documents += 1
        for quote in quotes:
            if fmt == "jsonl":
                out.write(json.dumps(quote.to_dict(), ensure_ascii=False) + "\n")
            else:
                out.write(("\n" if written else "") + format_quote_text(quote) + "\n")
            written += 1
    if not documents:
        click.echo("quotes: no document could be read", err=True)
        sys.exit(1)


# --------------------------------------------------------------------- helpers

_INDEX_HELP = "Index directory (default: $QUOTES_INDEX, else the per-user data directory)."


def _fail(message: str, code: int = 2) -> NoReturn:
    click.echo(f"quotes: {message}", err=True)
    sys.exit(code)


def _say(message: str) -> None:
    click.echo(f"quotes: {message}", err=True)


def _unavailable(err: IndexUnavailable, index_dir: str | None) -> NoReturn:
    fix = err.fix
    if fix and index_dir and "--index" not in fix:
        fix = fix.replace("quotes index", f"quotes index --index {index_dir}", 1)
    _fail(
        f"{err}" + (f"\n  to fix it, run: {fix}" if fix else ""),
        1 if isinstance(err, IndexBusy) else 2,
    )


def _open(index_dir: str | None) -> QuoteIndex:
    """The index for reading commands (built from the bundled corpus on first use at the
    default location)."""
    try:
        return open_or_build(index_dir, _say, report_problem)
    except IndexUnavailable as err:
        _unavailable(err, index_dir)


_BOLD, _PLAIN = ("\x1b[1m", "\x1b[22m"), ("", "")


def _date(quote: Quote) -> str:
    return quote.source.date or "n.d."


def _link(quote: Quote) -> str | None:
    return quote_url(quote) or quote.source.url


def _snippet(hit: Hit, marks: tuple[str, str], width: int) -> str:
    """The highlighted fragments of a result (or the start of the quote), wrapped."""
    quote = hit.quote
    frags = [f for f in hit.highlights if f.field == "text"]
    if frags:
        body = " ".join(f.render("\x01", "\x02", len(quote.text)) for f in frags)
    else:
        body = quote.text if len(quote.text) <= 300 else quote.text[:297].rstrip() + "…"
    lines = textwrap.wrap(
        f"“{body}”", width=width, initial_indent="    ", subsequent_indent="     "
    )
    text = "\n".join(lines)
    for frag in hit.highlights:
        if frag.field == "context":
            ctx = frag.render("\x01", "\x02", len(quote.context))
            text += "\n" + "\n".join(
                textwrap.wrap(
                    f"context: {ctx}",
                    width=width,
                    initial_indent="    ",
                    subsequent_indent="      ",
                )
            )
            break
    return text.replace("\x01", marks[0]).replace("\x02", marks[1])


def _print_text(resp: SearchResponse, marks: tuple[str, str]) -> None:
    width = max(40, min(100, shutil.get_terminal_size((88, 24)).columns) - 2)
    quotes = _count(resp.total, "quote")
    if resp.hits:
        first = (resp.page - 1) * resp.limit + 1
        last = first + len(resp.hits) - 1
        click.echo(f"{quotes} (showing {first}-{last}, page {resp.page} of {resp.pages})")
    elif resp.total:
        click.echo(f"{quotes}, none on page {resp.page}")  # the note says how many pages
    else:
        click.echo("No quotes found.")
    for note in resp.notes:
        click.echo(f"note: {note}")
    if resp.suggestion:
        click.echo(f"Did you mean: {resp.suggestion}")
    for n, hit in enumerate(resp.hits, (resp.page - 1) * resp.limit + 1):
        q = hit.quote
        src = q.source
        click.echo(f"\n{n}. {marks[0]}{q.speaker}{marks[1]}")
        click.echo(_snippet(hit, marks, width))
        where = " · ".join(x for x in (src.title, src.publication, _date(q)) if x)
        click.echo(
            textwrap.fill(where, width=width, initial_indent="    ", subsequent_indent="    ")
        )
        link = _link(q)
        if link:
            click.echo(f"    {link}")
        score = f" · score {hit.score:.2f}" if hit.score is not None else ""
        click.echo(f"    id {q.id}{score}")
    if resp.hits and resp.facets and len(resp.hits) > 1:
        click.echo("")
        for name in ("speaker", "source", "topic"):
            values = resp.facets.get(name) or []
            if values:
                listed = ", ".join(f"{v} ({c})" for v, c in values[:6])
                click.echo(
                    textwrap.fill(f"{name}s: {listed}", width=width, subsequent_indent="    ")
                )


# -------------------------------------------------------------------- commands


_wait_option = click.option(
    "--wait",
    type=click.FloatRange(0, 3600),
    default=30.0,
    show_default=True,
    help="Seconds to wait for another indexing run to finish.",
)


@cli.command("index")
@click.argument("paths", nargs=-1)
@click.option("--index", "index_dir", type=click.Path(file_okay=False), help=_INDEX_HELP)
@click.option("--rebuild", is_flag=True, help="Re-extract and rewrite everything.")
@_wait_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="Format of the summary.",
)
@_workers_option
def index_command(
    paths: tuple[str, ...],
    index_dir: str | None,
    rebuild: bool,
    wait: float,
    fmt: str,
    workers: int | None,
) -> None:
    """Index the quotes of PATHS (files or folders; see `quotes extract` for formats).

    The index then holds exactly the documents found under PATHS: new and changed
    documents are extracted and indexed, unchanged ones skipped without being
    extracted, vanished ones removed. With no
    PATHS, the paths the index was built from (the bundled corpus for a new index).
    Writes are atomic: an interrupted run leaves the previous index searchable.
    """
    if "-" in paths:
        _fail("standard input cannot be indexed (it has no path); save it to a file first")
    _index_and_report(list(paths), index_dir, rebuild, wait, fmt, workers)


def _index_and_report(
    paths: list[str],
    index_dir: str | None,
    rebuild: bool,
    wait: float,
    fmt: str,
    workers: int | None = None,
) -> None:
    """Run an indexing pass (with a progress bar on a terminal) and print its summary."""
    target = index_dir or str(default_index_dir())
    tty = sys.stderr.isatty()
    bar: Any = None

    def progress(done: int, total: int) -> None:
        nonlocal bar
        if not tty:
            return
        if bar is None:
            bar = click.progressbar(length=total, label="indexing", file=sys.stderr)
            bar.__enter__()
        bar.update(done - bar.pos)

    if tty:
        _say(f"reading and extracting {', '.join(paths) if paths else 'the indexed paths'} …")
    try:
        summary = index_paths(
            target,
            list(paths),
            rebuild=rebuild,
            report=report_problem,
            progress=progress,
            wait=wait,
            workers=workers,
        )
    except IndexUnavailable as err:
        _unavailable(err, index_dir)
    except NothingToIndex as err:
        _fail(str(err), 1)
    finally:
        if bar is not None:
            bar.__exit__(None, None, None)
    if fmt == "json":
        click.echo(json.dumps(summary.to_dict(), ensure_ascii=False, indent=1))
        return
    if summary.stale_lock_pid:
        _say(f"cleared the lock of process {summary.stale_lock_pid}, which is no longer running")
    click.echo(
        f"{_count(summary.documents, 'document')}, {_count(summary.quotes, 'quote')}, "
        f"{_count(summary.speakers, 'speaker')} in {summary.index_dir}"
    )
    click.echo(
        f"  {len(summary.added)} added, {len(summary.updated)} updated, "
        f"{len(summary.unchanged)} unchanged (skipped), {len(summary.removed)} removed"
        f"{' (rebuilt)' if summary.rebuilt else ''} in {summary.seconds:.1f} s"
    )
    skipped = [p for p in summary.problems if p.fatal]
    for p in skipped:
        click.echo(f"  skipped {p.path}: {p.message}")
    warned = [p for p in summary.problems if not p.fatal]
    for p in warned:
        click.echo(f"  warning {p.path}: {p.message}")
    lacking = _lacking_metadata(target)
    for path, what in lacking[:LACKING_SHOWN]:
        click.echo(f"  no {what}: {path}")
    if len(lacking) > LACKING_SHOWN:
        more = len(lacking) - LACKING_SHOWN
        click.echo(f"  … and {_count(more, 'more document')} without a title or url")


# Documents without a title or URL listed after indexing (the rest are counted).
LACKING_SHOWN = 10


def _count(n: int, noun: str) -> str:
    """``n`` and ``noun``, in the plural unless n is 1: "1 quote", "2 quotes"."""
    return f"{n:,} {noun}{'' if n == 1 else 's'}"


def _lacking_metadata(index_dir: str) -> list[tuple[str, str]]:
    """Indexed documents without a title or URL (a citation needs them)."""
    try:
        documents = QuoteIndex(index_dir).catalog.get("documents") or {}
    except IndexUnavailable:
        return []
    out = []
    for path, info in sorted(documents.items()):
        src = info.get("source") or {}
        lacking = " or ".join(k for k in ("title", "url") if not src.get(k))
        if lacking:
            out.append((path, lacking))
    return out


@cli.command("add")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@click.option("--title", help="Title of the interview or article.")
@click.option("--author", help="Its author (the interviewer or writer).")
@click.option("--date", "date_", metavar="DATE", help="Publication date (2024-05-02, May 2024).")
@click.option("--url", help="Where it was published.")
@click.option("--publication", help="The publication or site.")
@click.option("--index", "index_dir", type=click.Path(file_okay=False), help=_INDEX_HELP)
@_wait_option
def add_command(
    paths: tuple[str, ...],
    title: str | None,
    author: str | None,
    date_: str | None,
    url: str | None,
    publication: str | None,
    index_dir: str | None,
    wait: float,
) -> None:
    """Add documents (PATHS: files) to the index, with their metadata.

    The metadata given is written to the sources.toml beside each file (over what it
    had), so later runs of `quotes index` keep it; the index then holds what it held
    before plus these files (a new index: these files only).
    """
    if date_ and date_range(date_) is None:
        _fail(f"--date {date_!r} is not a date (try 2024-05-02, 2024-05 or May 2, 2024)")
    meta = {"title": title, "author": author, "date": date_, "url": url}
    meta["publication"] = publication
    files = [Path(p).resolve() for p in paths]
    if any(meta.values()):
        for f in files:
            try:
                manifest = add_to_manifest(f, {k: v for k, v in meta.items() if v})
            except (OSError, ValueError) as err:  # tomllib's errors are ValueErrors
                _fail(f"cannot record the metadata of {f}: {err}", 1)
            _say(f"metadata of {f.name} written to {manifest}")
    target = index_dir or str(default_index_dir())
    try:
        read_marker(Path(target))
    except IndexMissing:
        roots: list[str] = []  # a new index holds these files only
    except IndexUnavailable as err:
        _unavailable(err, index_dir)
    else:
        try:
            roots = recorded_roots(target)
        except NothingToIndex as err:
            _fail(str(err), 1)
    for f in files:
        if not any(Path(r) == f or Path(r) in f.parents for r in roots):
            roots.append(str(f))
    _index_and_report(roots, index_dir, False, wait, "text")


@cli.command("search")
@click.argument("query", nargs=-1)
@click.option(
    "--speaker",
    "speakers",
    multiple=True,
    metavar="NAME",
    help="Only quotes by this speaker (full name, surname, alias or id); repeatable.",
)
@click.option(
    "--source",
    metavar="S",
    help="Only quotes from this source (publication, title, author, file name or source id).",
)
@click.option("--topic", metavar="T", help="Only quotes with this topic.")
@click.option("--since", metavar="DATE", help="Only sources dated on or after DATE.")
@click.option("--until", metavar="DATE", help="Only sources dated on or before DATE.")
@click.option("--sort", type=click.Choice(SORTS), default="relevance", show_default=True)
@click.option(
    "--limit",
    type=click.IntRange(1, MAX_PAGE_SIZE),
    default=10,
    show_default=True,
    help="Results per page.",
)
@click.option("--page", type=click.IntRange(1), default=1, show_default=True)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "jsonl", "csv"]),
    default="text",
    show_default=True,
)
@click.option("--index", "index_dir", type=click.Path(file_okay=False), help=_INDEX_HELP)
def search_command(
    query: tuple[str, ...],
    speakers: tuple[str, ...],
    source: str | None,
    topic: str | None,
    since: str | None,
    until: str | None,
    sort: str,
    limit: int,
    page: int,
    fmt: str,
    index_dir: str | None,
) -> None:
    """Search the quotes for QUERY.

    \b
    Plain words are all required (any word will do when nothing has them all);
    "a phrase", AND / OR / NOT, -word (inside one quoted query: "obama -climate"),
    field:value (speaker:, topic:, source:, context:), wildcards (collab*) and
    fuzzy terms (colaborate~). An empty query lists the newest quotes. Exit
    status: 0 with results, 1 without, 2 on errors.
    """
    text = " ".join(query)
    if len(text) > MAX_QUERY_CHARS:
        _fail(f"the query is {len(text)} characters long; the limit is {MAX_QUERY_CHARS}")
    index = _open(index_dir)
    request = SearchRequest(
        text,
        speakers=speakers,
        source=source,
        topic=topic,
        since=since,
        until=until,
        sort=sort,
        limit=limit,
        page=page,
        facets=fmt in ("text", "json"),
        highlights=True,
    )
    try:
        resp = search(index, request)
    except QueryError as err:
        _fail(str(err))
    except IndexUnavailable as err:
        _unavailable(err, index_dir)
    if fmt == "json":
        click.echo(json.dumps(resp.to_dict(), ensure_ascii=False, indent=1))
    elif fmt == "text":
        _print_text(resp, _BOLD if sys.stdout.isatty() else _PLAIN)
    else:
        for note in resp.notes:
            _say(f"note: {note}")
        if resp.suggestion:
            _say(f"did you mean: {resp.suggestion}")
        if fmt == "jsonl":
            for hit in resp.hits:
                click.echo(json.dumps(hit.to_dict(), ensure_ascii=False))
        else:
            writer = csv.writer(sys.stdout, lineterminator="\n")
            writer.writerow(CSV_COLUMNS)
            writer.writerows(csv_rows(resp.hits))
    sys.exit(0 if resp.hits else 1)


@cli.command("show")
@click.argument("quote_id")
@click.option(
    "--cite",
    "style",
    type=click.Choice(STYLES),
    default="text",
    show_default=True,
    help="Citation style.",
)
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
@click.option("--index", "index_dir", type=click.Path(file_okay=False), help=_INDEX_HELP)
def show_command(quote_id: str, style: str, fmt: str, index_dir: str | None) -> None:
    """Show one quote (by id) with its context and a citation."""
    index = _open(index_dir)
    try:
        quote = get_quote(index, quote_id)
        before, after = surrounding_text(index, quote, 240) if quote else ("", "")
    except IndexUnavailable as err:
        _unavailable(err, index_dir)
    if quote is None:
        _fail(f"no quote with id {quote_id!r} in the index", 1)
    citation = cite(quote, style)
    if fmt == "json":
        out = quote.to_dict() | {
            "link": _link(quote),
            "citation": {"style": style, "text": citation},
            "before": before,
            "after": after,
        }
        click.echo(json.dumps(out, ensure_ascii=False, indent=1))
        return
    width = max(40, min(100, shutil.get_terminal_size((88, 24)).columns) - 2)
    src = quote.source

    def para(label: str, value: str) -> None:
        click.echo(textwrap.fill(f"{label}{value}", width=width, subsequent_indent="  "))

    click.echo(f"{quote.speaker}:")
    click.echo(
        textwrap.fill(f"“{quote.text}”", width=width, initial_indent="  ", subsequent_indent="   ")
    )
    click.echo("")
    if quote.context:
        para("Context: ", quote.context)
    if before.strip() or after.strip():
        para(
            "In the document: ",
            "…" + " ".join(before.split()[-25:]) + " [QUOTE] " + " ".join(after.split()[:25]) + "…",
        )
    para(
        "Source: ",
        " · ".join(x for x in (src.title, src.publication, src.author, _date(quote)) if x),
    )
    if _link(quote):
        click.echo(f"Link: {_link(quote)}")
    if quote.topics:
        click.echo(f"Topics: {', '.join(quote.topics)}")
    spans = ", ".join(f"{a}-{b}" for a, b in quote.spans)
    click.echo(f"Document: {quote.doc} (characters {spans})")
    click.echo(f"\nCitation ({style}):")
    click.echo(textwrap.indent(citation, "  "))


def _listing_options(command: Callable[..., None]) -> Callable[..., None]:
    """The options of a listing command: ``--format`` and ``--index``."""
    command = click.option(
        "--index", "index_dir", type=click.Path(file_okay=False), help=_INDEX_HELP
    )(command)
    return click.option(
        "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
    )(command)


Listed = TypeVar("Listed", SpeakerInfo, SourceInfo)


def _print_listing(
    index_dir: str | None,
    fmt: str,
    fetch: Callable[[QuoteIndex], list[Listed]],
    lines: Callable[[list[Listed]], Iterable[str]],
) -> NoReturn:
    """Print what ``fetch`` lists from the index, as JSON (each item's ``to_dict()``)
    or as the text ``lines``; exit 0 when there was something to list, else 1."""
    index = _open(index_dir)
    try:
        items = fetch(index)
    except IndexUnavailable as err:
        _unavailable(err, index_dir)
    if fmt == "json":
        click.echo(json.dumps([x.to_dict() for x in items], ensure_ascii=False, indent=1))
    else:
        for line in lines(items):
            click.echo(line)
    sys.exit(0 if items else 1)


def _speaker_lines(speakers: list[SpeakerInfo]) -> Iterator[str]:
    yield f"{'QUOTES':>6} {'DOCS':>4}  SPEAKER"
    for s in speakers:
        also = f"; also {', '.join(s.aliases)}" if s.aliases else ""
        yield f"{s.quotes:>6} {s.documents:>4}  {s.name} ({s.id}{also})"


def _source_lines(sources: list[SourceInfo]) -> Iterator[str]:
    yield f"{'QUOTES':>6}  SOURCE"
    for s in sources:
        facts = [s.source.get("title"), s.source.get("author"), s.source.get("date") or "n.d."]
        if s.label == s.source.get("title"):
            facts = facts[1:]
        detail = " · ".join(str(x) for x in facts if x)
        yield f"{s.quotes:>6}  {s.label} — {detail} [{s.id}]"
        yield f"{'':>8}{s.path}"


@cli.command("speakers")
@_listing_options
def speakers_command(fmt: str, index_dir: str | None) -> None:
    """List the speakers of the index with their quote counts, most quoted first."""
    _print_listing(index_dir, fmt, list_speakers, _speaker_lines)


@cli.command("sources")
@_listing_options
def sources_command(fmt: str, index_dir: str | None) -> None:
    """List the indexed documents and their sources with quote counts."""
    _print_listing(index_dir, fmt, list_sources, _source_lines)


def main() -> None:
    """Entry point of the ``quotes`` console script."""
    cli(prog_name="quotes")
