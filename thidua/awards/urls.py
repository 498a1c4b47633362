from .views import council, registry, settings

app_name = "awards"

urlpatterns = [*council.urlpatterns, *registry.urlpatterns, *settings.urlpatterns]
