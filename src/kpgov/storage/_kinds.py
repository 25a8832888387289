"""The kind registry: which attrs classes a store can hold, under which name and key.

A *kind* names a record type (``"budget-line"``) and says how to find a record's key in a
value. Adapters never see classes: they store ``(kind, key, version, document)`` rows, where
the document is the value unstructured by :mod:`kpgov.convert`. So a new record type plugs
into every adapter by one ``register_kind`` call and no adapter code.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from typing import Any, Final, Generic, TypeVar

import attrs

from kpgov.convert import structure, unstructure
from kpgov.errors import ValidationError

__all__ = ["KINDS", "Kind", "KindRegistry", "check_key", "check_kind_name", "register_kind"]

T = TypeVar("T")

_KIND_RE: Final = re.compile(r"^[a-z][a-z0-9_.-]{0,63}$")
_CONTROL_RE: Final = re.compile(r"[\x00-\x1f\x7f]")
MAX_KEY_LENGTH: Final = 512


def check_kind_name(name: object) -> str:
    """A kind name is lower-case ASCII: a letter, then letters, digits, ``_ . -`` (max 64)."""
    if not isinstance(name, str) or not _KIND_RE.match(name):
        raise ValidationError(
            f"a kind name is a lower-case letter followed by up to 63 of a-z 0-9 _ . -,"
            f" not {name!r}",
            field="kind",
        )
    return name


def check_key(key: object, *, what: str = "key") -> str:
    """Keys and stream names: 1-512 characters of valid Unicode text without control characters.

    The limits are the same for every adapter, so a key valid in one store is valid in all.
    """
    if type(key) is str and 0 < len(key) <= MAX_KEY_LENGTH and key.isascii() and key.isprintable():
        return key  # the common case, quickly: printable ASCII is always fine
    if not isinstance(key, str) or not key:
        raise ValidationError(f"a {what} is a non-empty string, not {key!r}", field=what)
    if len(key) > MAX_KEY_LENGTH:
        raise ValidationError(
            f"a {what} has at most {MAX_KEY_LENGTH} characters (got {len(key)})", field=what
        )
    if _CONTROL_RE.search(key):
        raise ValidationError(f"a {what} cannot contain control characters: {key!r}", field=what)
    try:
        key.encode("utf-8")
    except UnicodeEncodeError:
        raise ValidationError(f"a {what} must be valid Unicode text: {key!r}", field=what) from None
    return key


def _key_function(cls: type[Any], key: str | Sequence[str] | Callable[[Any], str]) -> Any:
    if callable(key):
        return key
    names = (key,) if isinstance(key, str) else tuple(key)
    if not names:
        raise ValidationError(f"kind for {cls.__name__}: name at least one key field")
    known = {a.name for a in attrs.fields(cls)}
    for name in names:
        if name not in known:
            raise ValidationError(
                f"{cls.__name__} has no field {name!r} to use as the key", field=name
            )
    if len(names) == 1:
        (only,) = names

        def single(value: Any) -> str:
            return str(getattr(value, only))

        return single

    def composite(value: Any) -> str:
        return "/".join(str(getattr(value, name)) for name in names)

    return composite


@attrs.frozen
class Kind(Generic[T]):
    """A registered record type: its stored ``name``, its class and how to key a value."""

    name: str
    cls: type[T]
    key: Callable[[T], str] = attrs.field(repr=False)
    fields: frozenset[str] = attrs.field(repr=False)

    def key_of(self, value: T) -> str:
        return check_key(self.key(value))

    def to_document(self, value: T) -> Any:
        return unstructure(value)

    def from_document(self, data: Any, *, file: str | None = None) -> T:
        return structure(data, self.cls, file=file)


class KindRegistry:
    """Kind names to classes and back. :data:`KINDS` is the one :func:`open` uses by default.

    >>> import attrs
    >>> @attrs.frozen
    ... class Note:
    ...     id: str
    ...     text: str
    >>> registry = KindRegistry()
    >>> kind = registry.register("note", Note, key="id")
    >>> registry.of(Note("n1", "hello")).key_of(Note("n1", "hello"))
    'n1'
    >>> registry.resolve("note") is registry.resolve(Note)
    True
    """

    def __init__(self) -> None:
        self._by_name: dict[str, Kind[Any]] = {}
        self._by_cls: dict[type[Any], Kind[Any]] = {}

    def register(
        self, name: str, cls: type[T], *, key: str | Sequence[str] | Callable[[T], str]
    ) -> Kind[T]:
        """Register ``cls`` (an attrs class) as kind ``name``, keyed by a field, several fields
        (joined with ``/``) or a function. Registering the same pair again is harmless."""
        check_kind_name(name)
        is_attrs_class = isinstance(cls, type) and attrs.has(cls)
        if not is_attrs_class:
            raise ValidationError(f"kind {name!r}: {cls!r} is not an attrs class", field="cls")
        existing = self._by_name.get(name)
        if existing is not None:
            if existing.cls is cls:
                return existing
            raise ValidationError(
                f"kind {name!r} is already registered for {existing.cls.__qualname__}",
                field="kind",
            )
        if cls in self._by_cls:
            raise ValidationError(
                f"{cls.__qualname__} is already registered as kind {self._by_cls[cls].name!r}",
                field="cls",
            )
        field_names = frozenset(a.name for a in attrs.fields(cls))  # type: ignore[arg-type]  # checked by attrs.has above
        kind: Kind[T] = Kind(name, cls, _key_function(cls, key), field_names)
        self._by_name[name] = kind
        self._by_cls[cls] = kind
        return kind

    def of(self, value: object) -> Kind[Any]:
        """The kind of a value (its exact class must be registered)."""
        kind = self._by_cls.get(type(value))
        if kind is None:
            raise ValidationError(
                f"{type(value).__qualname__} is not a registered kind;"
                + _how_to_register(type(value)),
                field="kind",
            )
        return kind

    def resolve(self, kind: str | type[T]) -> Kind[T]:
        """The kind with this name or class."""
        found = self._by_name.get(kind) if isinstance(kind, str) else self._by_cls.get(kind)
        if found is None:
            label = kind if isinstance(kind, str) else getattr(kind, "__qualname__", repr(kind))
            domain = isinstance(kind, str) and kind.split(".", 1)[0] in _DOMAIN_PACKAGES
            how = _how_to_register(kind) if domain or not isinstance(kind, str) else ""
            raise ValidationError(
                f"unknown kind {label!r}; " + (how.strip() or "register it first"), field="kind"
            )
        return found

    def __contains__(self, kind: object) -> bool:
        return kind in self._by_name or kind in self._by_cls

    def __iter__(self) -> Iterator[Kind[Any]]:
        return iter(sorted(self._by_name.values(), key=lambda k: k.name))

    def __len__(self) -> int:
        return len(self._by_name)


_DOMAIN_PACKAGES: Final = ("adp", "budget", "calendar", "indicators")


def _how_to_register(what: object) -> str:
    """The call that registers ``what``: the domain's kinds have one, others register_kind."""
    module = getattr(what, "__module__", "") or ""
    if isinstance(what, str) or module.startswith("kpgov."):
        return (
            " kpgov's domain records are registered by kpgov.storage.register_domain_kinds()"
            " (or open the store with kinds=kpgov.storage.register_domain_kinds(KindRegistry()))"
        )
    return " register it with kpgov.storage.register_kind(name, cls, key=...)"


#: The registry :func:`kpgov.storage.open` uses unless given another one.
KINDS = KindRegistry()


def register_kind(
    name: str,
    cls: type[T],
    *,
    key: str | Sequence[str] | Callable[[T], str],
    registry: KindRegistry | None = None,
) -> Kind[T]:
    """Register a record type in :data:`KINDS` (or ``registry``).

    See :meth:`KindRegistry.register`."""
    return (registry if registry is not None else KINDS).register(name, cls, key=key)
