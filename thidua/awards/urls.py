from .views import council, registry

app_name = "awards"

urlpatterns = [*council.urlpatterns, *registry.urlpatterns]
