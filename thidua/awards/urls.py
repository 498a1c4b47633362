from .views import council, registry, round, settings

app_name = "awards"

urlpatterns = [
    *council.urlpatterns,
    *registry.urlpatterns,
    *settings.urlpatterns,
    *round.urlpatterns,
]
