"""``textkit serve``: a local web page to screen submissions (drop files or a folder, see the verdicts)."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Annotated

import typer

from textkit.cli.options import Quiet

_LOOPBACK = ("127.0.0.1", "localhost", "::1")


def serve(
    reference: Annotated[
        list[str] | None,
        typer.Option(
            "--reference", "-r", help="Reference corpus (known templates, last year's submissions), as for `textkit screen`. Repeatable."
        ),
    ] = None,
    host: Annotated[
        str, typer.Option("--host", help="Address to listen on; anything but 127.0.0.1/localhost opens the page to the network.")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", "-p", help="Port to listen on (0: any free port).", min=0, max=65535)] = 8765,
    max_file_mb: Annotated[
        float, typer.Option("--max-file-mb", help="Largest uploaded file (and file inside a zip), in MB.", min=0.001)
    ] = 20,
    max_request_mb: Annotated[
        float, typer.Option("--max-request-mb", help="Largest upload at once, in MB (also the unpacked size of a zip ÷ 2).", min=0.001)
    ] = 100,
    keep: Annotated[
        bool, typer.Option("--keep", help="Keep the uploads and results folder when the server stops (its path is printed).")
    ] = False,
    model: Annotated[Path | None, typer.Option("--model", help="Theme model (.skops) instead of the shipped one.")] = None,
    quiet: Quiet = False,
) -> None:
    """Serve a local web page where staff drop submissions (files, a folder, a .zip of a folder) and
    get the ranked screening back: score, flags and verdict, each submission's page, the XLSX sheet.

    The pipeline is loaded once, so each later file takes about a second. Uploads are kept in a
    temporary folder, deleted by the page's "清除" button or when the server stops (unless --keep).
    """
    import uvicorn

    from textkit.cli.screen import _pipeline
    from textkit.io.manifests import allow_outside_paths
    from textkit.serve.app import create_app
    from textkit.serve.screener import Screener
    from textkit.serve.uploads import MB, UploadLimits

    allow_outside_paths(False)  # an uploaded manifest never reads the server's own files
    if not quiet:
        typer.echo("loading the pipeline …", err=True)
    pipe = _pipeline(model)
    pipe.process_text("党支部开展“三会一课”学习2次。")  # warm up now, not on the first upload
    limits = UploadLimits(
        max_file_bytes=int(max_file_mb * MB), max_request_bytes=int(max_request_mb * MB), max_unpacked_bytes=int(2 * max_request_mb * MB)
    )
    work_dir = Path(tempfile.mkdtemp(prefix="textkit-serve-"))
    screener = Screener(pipe, work_dir, reference=reference or None, limits=limits)
    local = host in _LOOPBACK
    app = create_app(screener, allowed_hosts=None if local else ["*"], keep=keep)
    if not quiet:
        if not local:
            typer.echo(f"warning: listening on {host}: anyone who can reach this machine can upload and read results", err=True)
        shown = f"[{host}]" if ":" in host else host
        typer.echo(f"textkit serve: http://{shown}:{port}/  (Ctrl+C stops it)", err=True)
    try:
        uvicorn.run(app, host=host, port=port, log_level="warning" if quiet else "info", access_log=False)
    finally:
        screener.close(keep=keep)  # also when uvicorn could not start (the port is taken)
        if keep and not quiet:
            typer.echo(f"uploads and results kept in {work_dir}", err=True)
