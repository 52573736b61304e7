"""How the header search finds events of both hubs: title, venue and summary."""

from __future__ import annotations

from hub_app.core.enums import EVENT_KINDS
from hub_app.events.models import Event
from hub_app.search.registry import Document, Searchable, add


def _document(event: Event) -> Document:
    return Document(
        title=event.title, hub=event.hub, texts=(event.venue, event.summary), day=event.held_on
    )


def register() -> None:
    add(
        Searchable(
            Event,
            "event",
            _document,
            describe=lambda e, _user: (e.title, EVENT_KINDS.get(e.kind, e.kind)),
        )
    )
