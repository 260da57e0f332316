from datetime import date

import pytest

from ptdv.targets.demo import build_demo_targets
from ptdv.targets.models import Target, TargetKind
from tests.conftest import make_unit

pytestmark = pytest.mark.django_db


def test_the_demo_targets_follow_the_seed_articles():
    units = {
        "TC35": make_unit(None, "TC35", "Đảng bộ tỉnh Hà Nam", "province"),
        "T20": make_unit(None, "T20", "Đảng bộ tỉnh Lạng Sơn", "province"),
    }
    units["THANH-LIEM"] = make_unit(units["TC35"], "H.TL", "Đảng bộ huyện Thanh Liêm", "district")
    units["VAN-QUAN"] = make_unit(units["T20"], "H.VQ", "Đảng bộ huyện Văn Quan", "district")
    units["AN-SON"] = make_unit(
        units["VAN-QUAN"], "C.AS", "Đảng bộ xã An Sơn", "grassroots_committee"
    )

    build_demo_targets(units)

    thanh_liem = {(t.kind, t.period_text): t.value_text for t in units["THANH-LIEM"].targets.all()}
    assert thanh_liem == {
        (TargetKind.RESOLUTION, "07/2020–06/2025"): "600",
        (TargetKind.ASSIGNED, "07/2020–06/2025"): "650",
        (TargetKind.REGISTERED, "11/2023–06/2025"): "170–200",
    }
    an_son = Target.objects.filter(organization=units["AN-SON"], period_start=date(2023, 1, 1))
    assert sorted(t.min_value for t in an_son) == [11, 13]
    assert units["VAN-QUAN"].targets.filter(kind=TargetKind.RESOLUTION, min_value=180).count() == 4
    assert units["T20"].targets.get().value_text == "3,0–4,0%"
