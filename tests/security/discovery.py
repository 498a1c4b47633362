"""Every URL pattern of the site and every operation of the API, discovered from the
URLconf and the OpenAPI schema, so a new endpoint is covered without anyone listing it."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver

SKIPPED_PREFIXES = ("admin/", "api/")  # the admin is Django's; the API is read from OpenAPI


@dataclass(frozen=True)
class Page:
    name: str  # "namespace:name"
    route: str  # "goals/<int:pk>/"
    converters: tuple[str, ...]


def pages() -> list[Page]:
    found: list[Page] = []

    def walk(patterns, prefix: str, namespace: str, converters: tuple[str, ...]):
        for p in patterns:
            route = prefix + str(p.pattern)
            convs = converters + tuple(p.pattern.converters)
            if isinstance(p, URLResolver):
                ns = namespace
                if p.namespace:
                    ns = f"{namespace}:{p.namespace}" if namespace else p.namespace
                walk(p.url_patterns, route, ns, convs)
            elif isinstance(p, URLPattern) and not route.startswith(SKIPPED_PREFIXES):
                name = f"{namespace}:{p.name}" if namespace else (p.name or route)
                found.append(Page(name=name, route=route, converters=convs))

    walk(get_resolver().url_patterns, "", "", ())
    return found


@dataclass(frozen=True)
class Operation:
    method: str  # "GET"
    path: str  # "/api/v1/goals/goals/{goal_id}"
    operation_id: str


def operations() -> list[Operation]:
    from config.api import api

    schema = api.get_openapi_schema()
    return [
        Operation(method=method.upper(), path=path, operation_id=spec.get("operationId", ""))
        for path, methods in schema["paths"].items()
        for method, spec in methods.items()
    ]
