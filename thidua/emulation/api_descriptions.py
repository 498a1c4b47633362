"""Vietnamese descriptions of the emulation API's fields and parameters that the schemas do not
carry themselves (thidua/core/openapi_descriptions.py explains the order)."""


def properties() -> dict[str, dict[str, str]]:
    """{schema name: {field: description}}."""
    return {}


def parameters() -> dict[str, dict[str, str]]:
    """{path under /api/v1: {parameter: description}}."""
    return {}
