"""Fixed numbers of the Party app."""

MAX_UPLOAD_BYTES = 10 * 1024 * 1024  # 10 MB
MAX_PDF_PAGES = 100
MAX_TEXT_CHARS = 400_000  # about 100 printed pages of Vietnamese text
DIGEST_POINTS = 6  # "5 - 6 ý chính" (seed 000)
# A resolution's numbered tasks all stay in its digest, up to "Thứ mười" (digest_points).
DIGEST_TASKS_MAX = 10
POINT_MAX_CHARS = 300
QUESTION_MAX_CHARS = 200
ALLOWED_EXTENSIONS = (".docx", ".pdf", ".txt")
ANSWER_MAX_CHARS = 500
# The SMS preview counts the personal link as it looks on a phone: the configured site
# address (settings.THIDUA_SITE_URL) + this path + the token.
CAMPAIGN_LINK_BASE = "/messages/m/"
SMS_PRICE_SETTING = "party.sms_price_vnd"
