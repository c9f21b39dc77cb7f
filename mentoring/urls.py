from django.urls import path

from mentoring import views

app_name = "mentoring"

urlpatterns = [
    path("", views.index, name="index"),
    path("settings/", views.settings, name="settings"),
    path("ask/<slug:handle>/", views.ask, name="ask"),
    path("requests/<int:pk>/", views.request_detail, name="request"),
    path("<int:pk>/", views.mentorship, name="mentorship"),
]
