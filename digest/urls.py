from django.urls import path

from digest import views

app_name = "digest"

urlpatterns = [
    path("", views.settings, name="settings"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
