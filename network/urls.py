from django.urls import path

from network import views

app_name = "network"

urlpatterns = [
    path("", views.index, name="index"),
    path("blocked/", views.blocked, name="blocked"),
    path("conversations/", views.conversations, name="conversations"),
    path("conversations/<int:pk>/", views.conversation, name="conversation"),
    path("conversations/with/<slug:handle>/", views.conversation, name="conversation_with"),
    path("messages/<int:message>/report/", views.report, name="report_message"),
    path("introductions/<int:pk>/", views.introduction, name="introduction"),
    path("introductions/<int:pk>/answer/", views.answer, name="answer"),
    path("introductions/<int:pk>/report/", views.report, name="report_introduction"),
    path("members/<slug:handle>/ask/", views.ask, name="ask"),
    path("members/<slug:handle>/block/", views.block, name="block"),
    path("members/<slug:handle>/unblock/", views.unblock, name="unblock"),
    path("members/<slug:handle>/remove/", views.remove, name="remove"),
    path("members/<slug:handle>/report/", views.report, name="report"),
]
