from django.urls import path

from scoring import views_judge

app_name = "judge"
urlpatterns = [
    path("<str:token>/", views_judge.judge_home, name="home"),
]
