from django.urls import path

from resources import views

app_name = "resources"

# `<slug:slug>` accepts only letters, digits, hyphens and underscores: dots, slashes (encoded or
# not) and absolute paths never reach a view.
urlpatterns = [
    path("", views.index, name="index"),
    path("library/", views.library, name="library"),
    path("<slug:slug>/", views.detail, name="detail"),
    path("<slug:slug>/download/", views.download, name="download"),
    path("<slug:slug>/cover/", views.cover, name="cover"),
]
