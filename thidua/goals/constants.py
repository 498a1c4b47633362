from decimal import Decimal

# At-risk detection defaults (per-agency settings may override them: settings.THIDUA_GOALS).
BEHIND_SCHEDULE_THRESHOLD = Decimal("0.20")  # progress more than 20 points behind time elapsed
CHECKIN_STALE_DAYS = 30
# A stretch key result may exceed 100%; beyond this its progress is not counted further.
STRETCH_PROGRESS_CAP = Decimal("2.0")
PROGRESS_PLACES = Decimal("0.0001")
