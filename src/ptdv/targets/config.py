"""Tunable values of the targets app, read from `settings.PTDV_TARGETS` (a dict) with these
defaults. None of them is fixed by a regulation: they are local practice, so they live here
and not as literals in the code."""

from django.conf import settings

DEFAULTS: dict = {
    # Units to watch: a cell with no admission for this many years.
    "WATCH_YEARS": 2,
    # Forecast: the admissions of the last N days give the recent pace.
    "FORECAST_WINDOW_DAYS": 90,
    # Forecast from the pipeline: the unit's own conversion rates are measured over the last
    # N months (dossiers that reached a cell resolution; persons who received a certificate).
    "CONVERSION_MONTHS": 12,
    # Rates used when the unit has no history in that window: a dossier past the cell
    # resolution has passed the cell vote, so it is expected to be decided (1); a trained
    # candidate with no history to go by is not counted (0).
    "DEFAULT_DOSSIER_RATE": 1,
    "DEFAULT_TRAINED_RATE": 0,
    # A unit is behind pace when (share achieved) / (share of the period elapsed) is below this
    # (0,9: a tenth of slack, so an even pace with a day or two of lag is not flagged).
    "BEHIND_PACE_RATIO": 0.9,
    # Emulation ranking: (criterion, weight). Criteria: "achievement" (% of the admission
    # target), "cell_coverage" (% of cells that admitted someone), "rate" (admissions as a % of
    # the members at the start of the period, against the NQ21 floor). Achievement first.
    "EMULATION_CRITERIA": [("achievement", 0.7), ("cell_coverage", 0.2), ("rate", 0.1)],
    # Scores of a criterion are capped at this percentage, so one outlier does not decide.
    "EMULATION_SCORE_CAP": 150,
    # Resolution 21-NQ/TW: admissions each year equal to 3–4% of the members (R45).
    "NQ21_RATE_FLOOR": 3,
}


def conf(name: str):
    return getattr(settings, "PTDV_TARGETS", {}).get(name, DEFAULTS[name])
