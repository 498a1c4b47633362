from django.urls import path

from . import views

app_name = "org"

urlpatterns = [
    path("", views.tree, name="tree"),
    path("units/<int:pk>/", views.unit_detail, name="unit"),
    path("units/<int:pk>/staff/", views.unit_staff, name="unit_staff"),
    path("people/<int:pk>/", views.person_detail, name="person"),
]
