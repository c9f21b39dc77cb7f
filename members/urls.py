from django.urls import path

from members import views
from members.directory import directory, mentors

app_name = "members"

# Literal paths (me/, mentors/, ...) must come before `<slug:handle>/`, which matches any slug.
urlpatterns = [
    path("", directory, name="directory"),
    path("mentors/", mentors, name="mentors"),
    path("me/", views.me, name="me"),
    path("me/export/", views.export, name="export"),
    path("me/delete/", views.delete, name="delete"),
    path("<slug:handle>/", views.profile_detail, name="profile"),
    path("<slug:handle>/photo/", views.avatar, name="avatar"),
]
