"""``/static/{name}``: the app's static files from memory, cached for a year when asked for by their version."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from mlladder.web.deps import state_of

__all__ = ["router"]

FOREVER = "public, max-age=31536000, immutable"
CHECK_EACH_TIME = "no-cache"

router = APIRouter(include_in_schema=False)


@router.get("/static/{name}")
async def static_file(request: Request, name: str, v: str | None = None) -> Response:
    asset = state_of(request).assets.get(name)
    if asset is None:
        return Response("not found\n", status_code=404, media_type="text/plain; charset=utf-8")
    headers = {"ETag": asset.etag, "Cache-Control": FOREVER if v == asset.version else CHECK_EACH_TIME}
    if asset.etag in request.headers.get("if-none-match", ""):
        return Response(status_code=304, headers=headers)
    return Response(asset.content, media_type=asset.media_type, headers=headers)
