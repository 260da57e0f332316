"""Report settings that an administrator may want to change ([U] in the domain notes):
the age bands, the majority ethnic group, how sectors group into types of cell, the start
of the current term. Plain data, read by `figures.py`; no literal is repeated elsewhere."""

from ptdv.core.config import setting

# The values live in the configuration registry (`core.config`, docs/configuration.md),
# overridden in `settings.PTDV_REPORTS`; read once, when the reports are loaded.

# The start of the 2020–2025 term: the default start of a report period.
TERM_START = setting("TERM_START")

# The majority ethnic group; every other group counts as an ethnic minority.
MAJORITY_ETHNICITY = setting("MAJORITY_ETHNICITY")

# Age bands at the admission date: key, label, lowest age, highest age (None: no limit).
AGE_BANDS = setting("AGE_BANDS")

# The statistical report on newly admitted members (biểu thống kê đảng viên mới kết nạp), in
# the order organisation boards print it: a section title, then figure keys of `figures.py`
# (the education, professional and workplace sections list every level of their choices).
FORM_SECTIONS = setting("FORM_SECTIONS")

# Types of cell by the sector of the member's cell: key, label, sector codes (None: the
# residential sectors, read from Sector.is_residential).
CELL_TYPES = setting("CELL_TYPES")
