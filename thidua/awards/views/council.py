"""Pages for council (see urls.py)."""

urlpatterns: list = []
