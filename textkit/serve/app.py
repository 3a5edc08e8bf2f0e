"""The Starlette application of ``textkit serve``: the page, uploads, results, the pages and the sheet.

Routes: ``GET /`` the page; ``POST /api/upload`` (multipart, field ``files``, each file's name its
relative path); ``GET /api/results``; ``POST /api/clear``; ``GET /pages/NAME.html`` a submission's
page (``index.html`` the ranked index); ``GET /screen.xlsx`` and ``/screen.json``.

Defences of a server on the user's own machine: request bodies over the limit get 413 (checked on
Content-Length and counted as the body arrives); only the Host names of the server are served (a
web page cannot reach it through DNS rebinding); POSTs need the ``X-Textkit`` header, which a page
of another site cannot send without a CORS preflight this server never grants.
"""

from __future__ import annotations

from contextlib import asynccontextmanager
from typing import Any

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, JSONResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from textkit.serve.page import app_page
from textkit.serve.screener import JSON_NAME, XLSX_NAME, Screener
from textkit.serve.uploads import UploadRefused, megabytes

CSRF_HEADER = "x-textkit"
_NO_STORE = {"Cache-Control": "no-store"}


def _too_large(limit: int) -> str:
    return f"上传内容超过单次上限 {megabytes(limit)}，请分批上传（或用 --max-request-mb 调高上限）"


class BodyLimit:
    """ASGI middleware: a request body over ``max_bytes`` gets 413, by its Content-Length or as it streams."""

    def __init__(self, app: ASGIApp, max_bytes: int):
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        length = dict(scope["headers"]).get(b"content-length")
        if length is not None and length.isdigit() and int(length) > self.max_bytes:
            await JSONResponse({"error": _too_large(self.max_bytes)}, status_code=413)(scope, receive, send)
            return
        received = 0

        async def counted() -> Message:
            nonlocal received
            message = await receive()
            received += len(message.get("body", b""))
            if received > self.max_bytes:
                raise HTTPException(413, _too_large(self.max_bytes))
            return message

        await self.app(scope, counted, send)


def _check_post(request: Request) -> None:
    if request.headers.get(CSRF_HEADER) != "1":
        raise HTTPException(403, "missing X-Textkit header: requests come from the textkit page only")


def create_app(screener: Screener, *, allowed_hosts: list[str] | None = None, keep: bool = False) -> Starlette:
    """The web application over ``screener``; stopping it deletes the work folder unless ``keep``."""
    limits = screener.limits

    async def index(request: Request) -> Response:
        return HTMLResponse(app_page(limits), headers=_NO_STORE)

    async def upload(request: Request) -> Response:
        from starlette.concurrency import run_in_threadpool
        from starlette.datastructures import UploadFile

        _check_post(request)
        async with request.form(max_files=limits.max_files, max_fields=limits.max_files + 10) as form:
            files = [f for f in form.getlist("files") if isinstance(f, UploadFile)]
            if not files:
                return JSONResponse({"error": "没有收到文件"}, status_code=400)
            for f in files:
                if f.size is not None and f.size > limits.max_file_bytes and not (f.filename or "").lower().endswith(".zip"):
                    return JSONResponse({"error": f"{f.filename} 超过单个文件的上限 {megabytes(limits.max_file_bytes)}"}, status_code=413)
            try:
                stored = await run_in_threadpool(screener.add_upload, [(f.filename or "", f.file) for f in files])
            except UploadRefused as exc:
                return JSONResponse({"error": exc.message}, status_code=exc.status)
        return JSONResponse({"files": stored.files, "skipped": stored.skipped}, status_code=202 if stored.files else 200)

    async def results(request: Request) -> Response:
        return JSONResponse(screener.status(), headers=_NO_STORE)

    async def clear(request: Request) -> Response:
        _check_post(request)
        if not screener.clear():
            return JSONResponse({"error": "正在筛查，请稍候再清除"}, status_code=409)
        return JSONResponse({"cleared": True})

    def _output(name: str, **kwargs: Any) -> Response:
        path = screener.output(name)
        if path is None:
            raise HTTPException(404, "没有这个页面（可能已清除或重新筛查）")
        return FileResponse(path, headers=_NO_STORE, **kwargs)

    async def page(request: Request) -> Response:
        return _output(request.path_params["name"], media_type="text/html; charset=utf-8")

    async def xlsx(request: Request) -> Response:
        return _output(XLSX_NAME, filename=XLSX_NAME)

    async def records(request: Request) -> Response:
        return _output(JSON_NAME, media_type="application/json")

    @asynccontextmanager
    async def lifespan(app: Starlette):
        yield
        screener.close(keep=keep)

    routes = [
        Route("/", index),
        Route("/api/upload", upload, methods=["POST"]),
        Route("/api/results", results),
        Route("/api/clear", clear, methods=["POST"]),
        Route("/pages/{name}", page),
        Route(f"/{XLSX_NAME}", xlsx),
        Route(f"/{JSON_NAME}", records),
    ]
    middleware = [
        Middleware(TrustedHostMiddleware, allowed_hosts=allowed_hosts or ["127.0.0.1", "localhost", "::1"]),
        Middleware(BodyLimit, max_bytes=limits.max_request_bytes),
    ]
    return Starlette(routes=routes, middleware=middleware, lifespan=lifespan, exception_handlers={HTTPException: _json_error})


async def _json_error(request: Request, exc: Exception) -> Response:
    """HTTP errors as ``{"error": message}``, which the page shows."""
    assert isinstance(exc, HTTPException)
    return JSONResponse({"error": exc.detail}, status_code=exc.status_code, headers=exc.headers)
