from .views import movements, practices, ratings, records

app_name = "emulation"

urlpatterns = [
    *movements.urlpatterns,
    *practices.urlpatterns,
    *ratings.urlpatterns,
    *records.urlpatterns,
]
