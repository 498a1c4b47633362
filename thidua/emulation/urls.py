from .views import (
    movement_edit,
    movements,
    practices,
    rating_approvals,
    rating_sheets,
    rating_work,
    ratings,
    records,
    unit_ratings,
)

app_name = "emulation"

urlpatterns = [
    *movements.urlpatterns,
    *movement_edit.urlpatterns,
    *practices.urlpatterns,
    *ratings.urlpatterns,
    *rating_sheets.urlpatterns,
    *rating_approvals.urlpatterns,
    *rating_work.urlpatterns,
    *unit_ratings.urlpatterns,
    *records.urlpatterns,
]
