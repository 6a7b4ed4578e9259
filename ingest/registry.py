"""A tiny named registry used for loaders, embedders and writers.

Built-in components register exactly as an add-on would::

    EMBEDDERS = Registry[Embeddings]("embedder")

    @EMBEDDERS.register("e5-small")
    def _e5() -> Embeddings: ...

    EMBEDDERS.get("e5-small")
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

from ingest.errors import UnknownComponentError

T = TypeVar("T")
Factory = Callable[..., T]


class Registry(Generic[T]):
    """A dict of factories keyed by name, with error messages that list the valid names."""

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self._factories: dict[str, Factory[T]] = {}
        self._help: dict[str, str] = {}

    def register(self, name: str, help: str = "") -> Callable[[Factory[T]], Factory[T]]:
        def decorator(factory: Factory[T]) -> Factory[T]:
            if name in self._factories:
                raise ValueError(f"{self.kind} {name!r} is registered twice")
            self._factories[name] = factory
            doc_lines = (factory.__doc__ or "").strip().splitlines()
            self._help[name] = help or (doc_lines[0] if doc_lines else "")
            return factory

        return decorator

    def names(self) -> list[str]:
        return sorted(self._factories)

    def describe(self) -> dict[str, str]:
        return {name: self._help.get(name, "") for name in self.names()}

    def factory(self, name: str) -> Factory[T]:
        try:
            return self._factories[name]
        except KeyError:
            raise UnknownComponentError(
                f"Unknown {self.kind} {name!r}. Valid names: {', '.join(self.names())}."
            ) from None

    def get(self, name: str, **kwargs: object) -> T:
        return self.factory(name)(**kwargs)

    def __contains__(self, name: object) -> bool:
        return name in self._factories
