from django.urls import path

from . import views

app_name = "messaging"

urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("m/<str:token>/", views.message_detail, name="message"),
    path("m/<str:token>/acknowledge/", views.message_acknowledge, name="acknowledge"),
    path("dispatch/<int:pk>/progress/", views.dispatch_progress, name="dispatch_progress"),
    path("sms/report/", views.delivery_report, name="sms_report"),
]
