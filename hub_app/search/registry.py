"""Which record types the header search finds: each domain adds its own, as with
`navigation.add`, so a new type (bookings) is one `add(…)` in its own package."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from hub_app.core.permissions import readable_hubs


@dataclass(frozen=True)
class Document:
    """What a record is found by. Nothing a reader of the type may not see goes in here
    (a talent's e-mail and phone never do): the index is searched before any check of
    the record itself."""

    title: str
    hub: str = ""
    kana: str | None = None
    number: str | None = None
    texts: Sequence[str | None] = ()
    day: date | None = None


@dataclass(frozen=True)
class Searchable:
    model: type[Any]
    #: the record's name in the audit log, which also gives its label and its page
    entity: str
    document: Callable[[Any], Document]
    #: the hubs whose records of this type the user may read; ("",) for a type without hubs
    readable: Callable[[Any], Iterable[str]] = readable_hubs
    #: the title and the extra line shown for a record to this user (fresh, not indexed)
    describe: Callable[[Any, Any], tuple[str, str | None]] | None = None
    #: loader options for `document` and `describe` (selectinload of what they read)
    load: tuple[Any, ...] = field(default=())
    #: foreign keys whose target's text is indexed here too (an organisation's name in its
    #: consultations): when the target changes, these records are indexed again
    via: tuple[Any, ...] = field(default=())


#: the order of the result groups; a type not named here comes after these
ORDER = (
    "organization",
    "consultation",
    "project",
    "evaluation",
    "invitation",
    "event",
    "booking",
    "talent",
    "matching",
    "partnership",
)
_types: dict[str, Searchable] = {}
_models: dict[type[Any], Searchable] = {}


def add(searchable: Searchable) -> None:
    _types[searchable.entity] = searchable
    _models[searchable.model] = searchable


def types() -> list[Searchable]:
    position = {entity: index for index, entity in enumerate(ORDER)}
    return sorted(_types.values(), key=lambda s: position.get(s.entity, len(position)))


def by_entity(entity: str) -> Searchable | None:
    return _types.get(entity)


def by_model(model: type[Any]) -> Searchable | None:
    return _models.get(model)


def hubless(rule: Callable[[Any], bool]) -> Callable[[Any], tuple[str, ...]]:
    """`readable` for a type that belongs to no hub, read by whom `rule` allows."""
    return lambda user: ("",) if rule(user) else ()


def scopes(user: Any) -> list[str]:
    """Every "<type>:<hub>" the user may read, which the index's `scope` column holds."""
    return [f"{s.entity}:{hub}" for s in _types.values() for hub in s.readable(user)]
