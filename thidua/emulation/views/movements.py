"""Pages for movements (see urls.py)."""

urlpatterns: list = []
