"""A foreign or missing id in a request body: a Vietnamese refusal, nothing written."""

import re

from ptdv.people.models import Member
from ptdv.recruitment.models import Dossier

ENGLISH = re.compile(r"\b(invalid|object|does|exist|pk|expected|incorrect|type)\b", re.I)


def test_a_foreign_id_in_a_body_is_refused_in_vietnamese_and_nothing_is_written(api, tree, walk):
    """A member of another province named as introducer: 400, Vietnamese, dossier as it was."""
    from ptdv.recruitment.demo import make_member

    dossier = walk("verified")
    foreign = make_member("Trương Văn Xa", tree.e)
    before = Dossier.objects.filter(pk=dossier.pk).values().get()
    response = api(tree.secretary_a).post(
        f"/api/v1/dossiers/{dossier.pk}/introduce/",
        {
            "expected_state": "verified",
            "introduced_on": "2023-06-01",
            "introducer_1": foreign.pk,
            "introducer_1_since": "2022-01-01",
        },
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["introducer_1"] == [
        f"Không tìm thấy mã {foreign.pk} (không có, hoặc ngoài phạm vi của bạn)."
    ]
    assert Dossier.objects.filter(pk=dossier.pk).values().get() == before
    missing = api(tree.admin).post(
        "/api/v1/persons/",
        {"full_name": "Ai Đó", "sex": "male", "organization": 987654},
        format="json",
    )
    assert missing.status_code == 400
    assert not ENGLISH.search(missing.json()["organization"][0])
    assert Member.objects.filter(person__full_name="Ai Đó").count() == 0
