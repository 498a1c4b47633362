"""Fixed numbers of the Party app."""

MAX_UPLOAD_BYTES = 10 * 1024 * 1024  # 10 MB
MAX_PDF_PAGES = 100
MAX_TEXT_CHARS = 400_000  # about 100 printed pages of Vietnamese text
DIGEST_POINTS = 6  # "5 - 6 ý chính" (seed 000)
POINT_MAX_CHARS = 300
QUESTION_MAX_CHARS = 200
ALLOWED_EXTENSIONS = (".docx", ".pdf", ".txt")
