"""CMS-family parsers, registered by name (the ``family`` field of a source record)."""
from __future__ import annotations

from spiders.families.base import Family, ListResult, SelectorError

FAMILIES: dict[str, Family] = {}


def register(family_cls: type[Family]) -> type[Family]:
    FAMILIES[family_cls.name] = family_cls()
    return family_cls


def get_family(name: str) -> Family:
    _import_all()
    try:
        return FAMILIES[name]
    except KeyError:
        raise KeyError(f"unknown CMS family {name!r}; known: {sorted(FAMILIES)}") from None


def _import_all() -> None:
    """Import every family module once so that their @register decorators run."""
    import importlib
    import pkgutil

    for module in pkgutil.iter_modules(__path__):
        if module.name != "base":
            importlib.import_module(f"{__name__}.{module.name}")


__all__ = ["FAMILIES", "Family", "ListResult", "SelectorError", "get_family", "register"]
