from django.urls import reverse


def test_the_imports_app_is_mounted():
    assert reverse("imports:index") == "/nhap-xuat/"
    assert reverse("import-job-list") == "/api/v1/import-jobs/"
