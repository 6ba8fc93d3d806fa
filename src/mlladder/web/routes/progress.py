"""History (re-assessments, per-competency changes, the trend chart) and the promotion packet."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Request
from fastapi.responses import Response

from mlladder.promotion.formats import packet_html, packet_markdown, packet_pdf
from mlladder.promotion.packet import STATUS_LABELS, packet
from mlladder.web import charts
from mlladder.web.deps import CurrentUser, FrameworkDep, ReadablePerson, StoreDep
from mlladder.web.rendering import render
from mlladder.web.services import main_levels, target_for

__all__ = ["router"]

router = APIRouter(include_in_schema=False)

PacketFormat = Literal["md", "html", "pdf"]
MEDIA_TYPES = {"md": "text/markdown; charset=utf-8", "html": "text/html; charset=utf-8", "pdf": "application/pdf"}


@router.get("/people/{person_id}/history")
def history_page(request: Request, viewer: CurrentUser, store: StoreDep, person: ReadablePerson) -> Response:
    history = store.history(person.id)
    return render(
        request,
        "history.html",
        viewer,
        subject=person,
        history=history,
        steps=list(reversed(history.steps)),
        chart=charts.trend_chart(history) if history.points else None,
    )


@router.get("/people/{person_id}/packet")
def packet_page(
    request: Request,
    viewer: CurrentUser,
    store: StoreDep,
    framework: FrameworkDep,
    person: ReadablePerson,
    target: str | None = None,
) -> Response:
    made = packet(store, person.id, framework, target_for(store, framework, person.id, target))
    return render(
        request, "packet.html", viewer, subject=person, p=made, levels=main_levels(framework),
        labels=STATUS_LABELS,
    )  # fmt: skip


@router.get("/people/{person_id}/packet/download/{fmt}")
def packet_download(
    store: StoreDep, framework: FrameworkDep, person: ReadablePerson, fmt: PacketFormat, target: str | None = None
) -> Response:
    made = packet(store, person.id, framework, target_for(store, framework, person.id, target))
    content: bytes | str
    if fmt == "md":
        content = packet_markdown(made)
    elif fmt == "html":
        content = packet_html(made)
    else:
        content = packet_pdf(made)
    filename = f"packet-{made.target}-{made.prepared_on.isoformat()}.{fmt}"
    return Response(
        content, media_type=MEDIA_TYPES[fmt], headers={"Content-Disposition": f'attachment; filename="{filename}"'}
    )
