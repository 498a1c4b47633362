from .views import movements, ratings, records

app_name = "emulation"

urlpatterns = [*movements.urlpatterns, *ratings.urlpatterns, *records.urlpatterns]
