"""Pages for records (see urls.py)."""

urlpatterns: list = []
