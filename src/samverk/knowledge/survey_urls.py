"""The respondent's page of a company needs survey (``/survey/<token>/``, no account)."""

from django.urls import path

from samverk.knowledge import survey_views

app_name = "knowledge_survey"

urlpatterns = [path("<str:token>/", survey_views.answer, name="answer")]
