"""Every route a URLconf serves, through its includes, for the tests that must list them all (the authorisation
matrix, the read journal): a route added inside an `include(...)`, or in a sub-router of the API, is listed too."""

import inspect
import re
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver


@dataclass(frozen=True)
class Route:
    route: str  # from the URLconf's root: "suivi/<int:pk>/"
    name: str | None  # with the namespaces of the includes it is under: "casework:situation_detail"
    callback: object

    @property
    def key(self):
        """How a test names it: its name, or its route when it has none (two unnamed routes must not merge)."""
        return self.name or f"<sans nom : {self.route}>"


def walk(patterns=None, prefix="", namespace=""):
    """Every URLPattern under `patterns` (the project's root URLconf by default), included ones as well, in order."""
    if patterns is None:
        patterns = get_resolver().url_patterns
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern):
            yield Route(prefix + str(pattern.pattern), f"{namespace}{pattern.name}" if pattern.name else None, pattern.callback)
        else:  # pragma: no cover - Django has no third kind today
            raise TypeError(f"Entrée d'URLconf inconnue : {pattern!r}")


def pages(prefix, namespace, patterns=None):
    """The routes served under `prefix` (« suivi/ »), keyed by their name relative to `namespace` (« casework »)."""
    found = {}
    for route in walk(patterns):
        if route.route.startswith(prefix):
            key = route.key.removeprefix(f"{namespace}:")
            assert key not in found, f"two routes named {key!r}: {found[key].route} and {route.route}"
            found[key] = route
    return found


def _path_view(callback):
    """The django-ninja PathView behind a route of the API (its view is a closure over it), or None."""
    view = inspect.getclosurevars(callback).nonlocals.get("self")
    return view if hasattr(view, "operations") else None


def api_operations(prefix, patterns=None, methods=None):
    """Every operation of the API served under `prefix` (« api/suivi/ ») as (METHOD, path as the router writes it:
    « /situations/{situation_id} »), sub-routers included; `methods` keeps those methods only."""
    operations = set()
    for route in walk(patterns):
        if not route.route.startswith(prefix):
            continue
        view = _path_view(route.callback)
        assert view is not None, f"{route.route} is served under {prefix} but is not an operation of the API"
        path = "/" + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", route.route.removeprefix(prefix))
        for operation in view.operations:
            operations.update((method, path) for method in operation.methods if methods is None or method in methods)
    return operations
