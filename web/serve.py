"""``quotes serve``: the web app under waitress, a production WSGI server.

Builds the bundled corpus's index first when there is no index yet, prints the URL,
and serves until interrupted. Never in debug mode. Also runnable on its own:
``python -m web.serve --port 8000``.
"""

from __future__ import annotations

import contextlib
from pathlib import Path

import click
import waitress

from search.index import IndexUnavailable, default_index_dir

from . import create_app
from .store import ensure_index


def display_url(host: str, port: int) -> str:
    """The address to open in a browser for a server bound to ``host``."""
    shown = {"0.0.0.0": "127.0.0.1", "::": "::1", "": "127.0.0.1"}.get(host, host)
    if ":" in shown:
        shown = f"[{shown}]"
    return f"http://{shown}:{port}/"


def warmed(took: float | None) -> None:
    """Say that the server has read its facet keys (benchmarks/load.py waits for it)."""
    if took is None:
        click.echo("Could not read the facet keys ahead (searches will): ready.")
    else:
        click.echo(f"Facet and sort keys read in {took:.1f} s: ready.")


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option(
    "--port",
    default=8000,
    show_default=True,
    type=click.IntRange(0, 65535),
    help="Port to listen on (0: any free port).",
)
@click.option(
    "--index",
    "index_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Index directory (default: $QUOTES_INDEX or the per-user data directory).",
)
@click.option(
    "--threads", default=8, show_default=True, type=click.IntRange(1, 256), help="Worker threads."
)
def serve(host: str, port: int, index_dir: Path | None, threads: int) -> None:
    """Serve the web UI and JSON API (read-only) under waitress."""
    index_dir = index_dir or default_index_dir()
    try:
        summary = ensure_index(index_dir)
    except IndexUnavailable as err:
        fix = f" Fix: {err.fix}" if err.fix else ""
        raise click.ClickException(f"{err}.{fix}") from None
    if summary is not None:
        click.echo(
            f"Built the bundled corpus's index at {index_dir}: "
            f"{summary.documents} documents, {summary.quotes} quotes.",
            err=True,
        )
    app = create_app({"QUOTES_INDEX": str(index_dir), "QUOTES_BUILD_MISSING": False})
    try:
        server = waitress.create_server(app, host=host, port=port, threads=threads)
    except OSError as err:
        message = f"cannot listen on {host}:{port}: {err.strerror or err}"
        raise click.ClickException(message) from None
    click.echo(f"Serving quotes at {display_url(host, server.effective_port)} (index: {index_dir})")
    click.echo("Press Ctrl+C to stop.")
    app.extensions["quotes"].warm_in_background(warmed)
    with contextlib.suppress(KeyboardInterrupt):
        server.run()


if __name__ == "__main__":
    serve()
