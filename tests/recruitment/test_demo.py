"""The demo builder creates a dossier at every state for the seed cells, and the Kiện Khê
2023 cohort of the seed article (one build for both checks: it walks some fifty dossiers)."""

from datetime import date

from ptdv.recruitment.demo import DEMO, build_demo_recruitment
from ptdv.recruitment.models import Dossier, DossierState
from tests.conftest import make_unit


def test_the_demo_holds_every_state_and_matches_kien_khe_2023(tree):
    units = {key: make_unit(tree.c1, key.replace("/", "-"), f"Chi bộ {key}") for key in DEMO}
    build_demo_recruitment(units)
    states = set(Dossier.objects.values_list("state", flat=True))
    assert states == set(DossierState.values)

    kien_khe = Dossier.objects.filter(organization__code__startswith="KIEN-KHE")
    sent = kien_khe.filter(nominated_on__year=2023).count()
    admitted = kien_khe.filter(decision_date__year=2023).count()
    assert (sent, admitted) == (16, 12)
    assert (
        kien_khe.filter(decision_date__year=2023, official_from__lte=date(2024, 12, 31)).count()
        == 12
    )
