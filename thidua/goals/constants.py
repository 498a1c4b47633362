from decimal import Decimal

# At-risk detection defaults (per-agency settings may override them: settings.THIDUA_GOALS).
BEHIND_SCHEDULE_THRESHOLD = Decimal("0.20")  # progress more than 20 points behind time elapsed
CHECKIN_STALE_DAYS = 30
# A stretch key result may exceed 100%; beyond this its progress is not counted further.
STRETCH_PROGRESS_CAP = Decimal("2.0")
PROGRESS_PLACES = Decimal("0.0001")

# Terms (nhiệm kỳ) that field visits are counted by: dated periods, overridable with
# settings.THIDUA_TERMS as (label, start, end, basis) tuples. Basis: the term runs from one
# National Party Congress to the next (Đại hội XII 1/2016, XIII 25/1–1/2/2021, XIV 1/2026),
# the National Assembly's terms (khoá XIV 2016–2021, XV 2021–2026) following within months;
# dates to the month after each congress.
TERMS = (
    ("2016–2021", "2016-02-01", "2021-01-31", "Đại hội XII của Đảng (1/2016); Quốc hội khoá XIV"),
    ("2021–2026", "2021-02-01", "2026-01-31", "Đại hội XIII của Đảng (1–2/2021); Quốc hội khoá XV"),
    ("2026–2031", "2026-02-01", "2031-01-31", "Đại hội XIV của Đảng (1/2026); Quốc hội khoá XVI"),
)
