from django.urls import path

from ptdv.recruitment import views

app_name = "recruitment"
urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("don-vi/<int:pk>/", views.CandidateListView.as_view(), name="candidates"),
    path("don-vi/<int:pk>/them/", views.CandidateCreateView.as_view(), name="candidate_create"),
    path("don-vi/<int:pk>/bang/", views.BoardView.as_view(), name="board"),
    path("don-vi/<int:pk>/viec-can-lam/", views.WorklistView.as_view(), name="worklist"),
    path("ho-so/<int:pk>/", views.DossierView.as_view(), name="dossier"),
    path("ho-so/<int:pk>/nhan-xet/", views.ReviewView.as_view(), name="review"),
    path("ho-so/<int:pk>/giup-do/", views.MentorView.as_view(), name="mentor"),
    path("ho-so/<int:pk>/buoc/<slug:action>/", views.TransitionView.as_view(), name="transition"),
    path(
        "hoc-vien/<int:pk>/dua-vao-danh-sach/",
        views.EnlistTrainedView.as_view(),
        name="enlist_trained",
    ),
]
