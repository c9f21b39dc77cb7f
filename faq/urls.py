from django.urls import path

from faq import views

app_name = "faq"

urlpatterns = [
    path("", views.index, name="index"),
    path("search/", views.search, name="search"),
    path("ask/", views.ask, name="ask"),
    path("notify/", views.notify_me, name="notify"),
    path("<slug:slug>/", views.question_detail, name="question"),
    path("<slug:slug>/helpful/", views.question_vote, name="vote"),
    path("<slug:slug>/helpful/comment/", views.question_vote_comment, name="vote_comment"),
]
