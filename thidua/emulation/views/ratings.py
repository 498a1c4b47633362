"""Pages for ratings (see urls.py)."""

urlpatterns: list = []
