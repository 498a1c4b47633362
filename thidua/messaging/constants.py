"""Fixed numbers of the messaging app; the tunable ones are read from settings with these
defaults (see README.md)."""

# secrets.token_urlsafe(16) → 22 URL-safe characters, 128 bits: the personal link's secret.
TOKEN_BYTES = 16
TOKEN_LENGTH = 22
TOKEN_MAX_LENGTH = 43

FAN_OUT_BATCH = 5000
SEND_CHUNK = 100
# A claimed delivery whose worker died becomes claimable again after this lease.
SEND_LEASE_SECONDS = 300
MAX_ATTEMPTS = 6
RETRY_BASE_SECONDS = 30
RETRY_MAX_SECONDS = 3600
SMS_TIMEOUT_SECONDS = 10

# PostgreSQL fan-out: recipient ids per COPY write, people per COPY write of delivery rows
# (~50 bytes a row); the people are read back in groups of 2**FAN_OUT_GROUP_BITS ids (one
# bytea value each); an audience of at least 1/FAN_OUT_SCAN_SHARE of the people table is
# matched by one scan of the people, a smaller one by a join with a temporary table.
FAN_OUT_COPY_IDS = 100_000
FAN_OUT_COPY_PEOPLE = 20_000
FAN_OUT_GROUP_BITS = 20
FAN_OUT_SCAN_SHARE = 4
