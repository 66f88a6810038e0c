"""The API's error body, `{"error": <machine code>, "detail": <English text>}`."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

log = logging.getLogger(__name__)


class ApiError(Exception):
    """Raised by handlers; becomes an error response with the given status."""

    def __init__(self, status_code: int, error: str, detail: str = "") -> None:
        super().__init__(f"{status_code} {error}: {detail}")
        self.status_code = status_code
        self.error = error
        self.detail = detail


def error_response(status_code: int, error: str, detail: str = "") -> JSONResponse:
    return JSONResponse(status_code=status_code, content={"error": error, "detail": detail})


_HTTP_ERROR_CODES = {
    400: "bad_request",
    404: "not_found",
    405: "method_not_allowed",
    413: "payload_too_large",
}


def _describe(exc: RequestValidationError) -> str:
    # Only location and message: inputs may hold ID numbers or image data.
    return "; ".join(
        f"{'.'.join(str(part) for part in err.get('loc', ()))}: {err.get('msg', '')}"
        for err in exc.errors()
    )


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def _api_error(request: Request, exc: ApiError) -> JSONResponse:
        return error_response(exc.status_code, exc.error, exc.detail)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        # An application that does not parse is an invalid application in
        # the contract's terms; everything else is a plain invalid request.
        is_application = request.url.path.rstrip("/") == "/api/v1/applications"
        code = "invalid_application" if is_application else "invalid_request"
        return error_response(422, code, _describe(exc))

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        code = _HTTP_ERROR_CODES.get(exc.status_code, "http_error")
        return error_response(exc.status_code, code, str(exc.detail))

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled error on %s %s", request.method, request.url.path)
        return error_response(500, "internal_error", type(exc).__name__)
