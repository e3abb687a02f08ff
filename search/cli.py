"""The ``quotes`` command line (click, which comes with Flask).

Exit codes: 0 success (or results found), 1 nothing found / nothing could be read,
2 usage errors. Problems with single input files go to standard error, one line each.
"""

from __future__ import annotations

import json
import sys
import textwrap

import click

from . import __version__
from .documents import Problem
from .pipeline import extract_corpus
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


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="quotes")
def cli() -> None:
    """Find, search and cite quotes in interviews and articles."""


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@click.option(
    "--format", "fmt", type=click.Choice(["jsonl", "text"]), default="text", show_default=True
)
def extract(paths: tuple[str, ...], fmt: str) -> None:
    """Extract attributed quotes from PATHS (files, folders of .txt files, or - for stdin)."""
    problems: list[Problem] = []

    def report(problem: Problem) -> None:
        problems.append(problem)
        report_problem(problem)

    documents, quotes = extract_corpus(paths, report)
    out = sys.stdout
    for i, quote in enumerate(quotes):
        if fmt == "jsonl":
            out.write(json.dumps(quote.to_dict(), ensure_ascii=False) + "\n")
        else:
            out.write(("\n" if i else "") + format_quote_text(quote) + "\n")
    if not documents:
        click.echo("quotes: no document could be read", err=True)
        sys.exit(1)


def main() -> None:
    """Entry point of the ``quotes`` console script."""
    cli(prog_name="quotes")
