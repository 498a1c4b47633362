QUESTION_MAX_CHARS = 500
TITLE_MAX_CHARS = 300
ALLOWED_EXTENSIONS = (".docx", ".pdf", ".txt", ".md")
PASSAGES_SEARCHED = 8  # passages retrieved per question
PASSAGES_SHOWN = 5  # of which cited on the page
ANSWER_SENTENCES = 3
# "Không tìm thấy căn cứ" unless the best passage holds at least this share of the
# question's content words (accent-insensitive), and at least MIN_MATCHED of them.
MIN_COVERAGE = 0.5
MIN_MATCHED = 2
HISTORY_SHOWN = 20
