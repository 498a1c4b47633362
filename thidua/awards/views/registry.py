"""Pages for registry (see urls.py)."""

urlpatterns: list = []
