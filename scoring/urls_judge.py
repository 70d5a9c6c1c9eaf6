from django.urls import path

from scoring import views_judge, views_judge_aside

app_name = "judge"
urlpatterns = [
    path("<str:token>/", views_judge.judge_home, name="home"),
    path("<str:token>/c/<int:contestant_id>/", views_judge.judge_sheet, name="sheet"),
    path("<str:token>/feedback/", views_judge_aside.judge_feedback, name="feedback"),
    path("<str:token>/trial/", views_judge_aside.judge_trial, name="trial"),
]
