from django.urls import path

from community import views
from community.models import Answer

app_name = "community"

answer = {"model": Answer}

urlpatterns = [
    path("", views.index, name="index"),
    path("ask/", views.ask, name="ask"),
    path("<int:pk>/", views.question, name="question"),
    path("<int:pk>/answer/", views.answer, name="answer"),
    path("<int:pk>/follow/", views.follow, name="follow"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/delete/", views.delete, name="delete"),
    path("<int:pk>/report/", views.report, name="report"),
    path("answers/<int:pk>/accept/", views.accept, name="accept"),
    path("answers/<int:pk>/helpful/", views.helpful, name="helpful"),
    path("answers/<int:pk>/edit/", views.edit, answer, name="answer_edit"),
    path("answers/<int:pk>/delete/", views.delete, answer, name="answer_delete"),
    path("answers/<int:pk>/report/", views.report, answer, name="answer_report"),
]
