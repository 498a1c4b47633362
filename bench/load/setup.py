"""Bench-only set-up of the load database: accounts for a sample of the demo's people,
extra in-app digests for them to acknowledge, ready-made sessions for the acknowledgement
run. Writes only to the bench database; nothing here is application code."""

import random
import secrets
import time

DEMO_PASSWORD = "ThiDua@2026"  # noqa: S105 - every demo account's published password
DEMO_LOGINS = [
    "canbo",
    "truongdonvi",
    "botruong",
    "thutruong",
    "thiduakhenthuong",
    "hoidong",
    "bithu",
    "quantri",
]
PREFIX = "load"
SOURCE = "bench-load-"
SESSION_PREFIX = "loadx"
BODY = (
    "Thực hiện Nghị quyết của Ban Cán sự đảng về chuyển đổi số, các đơn vị trong toàn ngành "
    "tổ chức quán triệt đến từng cán bộ, đảng viên những điểm chính sau.\n\n"
    "1. Hoàn thành 100% hồ sơ công việc trên môi trường mạng trong năm 2026.\n"
    "2. Mỗi cán bộ đăng ký ít nhất một mục tiêu gắn với chương trình trọng tâm của đơn vị.\n"
    "3. Cập nhật tiến độ hằng tháng; người đứng đầu đơn vị chịu trách nhiệm đôn đốc.\n"
    "4. Báo cáo kết quả quán triệt về Văn phòng trước ngày 15 hằng tháng.\n\n"
    "Đề nghị đồng chí đọc kỹ và xác nhận đã đọc, quán triệt."
)


def prepare(*, sample: int, digests: int, seed: int) -> dict:
    """Accounts for `sample` people (every owner of an active personal goal first), each
    with the demo password; `digests` in-app digests sent to all of them, reset to unread;
    one fresh session per account. Returns the plan the locustfile reads."""
    from django.conf import settings
    from django.contrib.auth import (
        BACKEND_SESSION_KEY,
        HASH_SESSION_KEY,
        SESSION_KEY,
        get_user_model,
    )
    from django.contrib.auth.hashers import make_password
    from django.contrib.sessions.backends.db import SessionStore
    from django.contrib.sessions.models import Session
    from django.db import transaction
    from django.utils import timezone

    from thidua.core.middleware import SessionExpiryMiddleware
    from thidua.goals.choices import GoalStatus
    from thidua.goals.models import KeyResult
    from thidua.messaging.choices import Channel
    from thidua.messaging.models import Delivery, Dispatch
    from thidua.messaging.services import dispatch_create
    from thidua.org.models import Person

    User = get_user_model()
    rng = random.Random(seed)
    with transaction.atomic():
        existing = dict(
            Person.objects.filter(user__username__startswith=PREFIX).values_list("pk", "user_id")
        )
        if len(existing) < sample:
            owners = set(
                KeyResult.objects.filter(
                    goal__status=GoalStatus.ACTIVE,
                    goal__owner_person__isnull=False,
                    goal__owner_person__user__isnull=True,
                    goal__owner_person__is_active=True,
                ).values_list("goal__owner_person_id", flat=True)
            )
            others = sorted(
                Person.objects.filter(user__isnull=True, is_active=True)
                .exclude(pk__in=owners)
                .values_list("pk", flat=True)
            )
            rng.shuffle(others)
            wanted = sorted(owners)[:sample]
            wanted += others[: sample - len(wanted) - len(existing)]
            password = make_password(DEMO_PASSWORD)  # hashed once, shared by the sample
            users = User.objects.bulk_create(
                [User(username=f"{PREFIX}{pk}", password=password) for pk in wanted],
                batch_size=1000,
            )
            for user in users:
                Person.objects.filter(pk=int(user.username[len(PREFIX) :])).update(user=user)
            existing.update({int(u.username[len(PREFIX) :]): u.pk for u in users})
        people = sorted(existing)[:sample]
        admin = User.objects.get(username="quantri")
        for n in range(digests):
            dispatch_create(
                actor=admin,
                source_label=f"{SOURCE}{n + 1}",
                subject=f"Quán triệt điểm chính số {n + 1}/2026 (bench)",
                body=BODY,
                channels=[Channel.IN_APP],
                recipients=people,
            )
        Dispatch.objects.filter(source_label__startswith=SOURCE).update(status="sent")
        reset_digests()

        users = {u.pk: u for u in User.objects.filter(pk__in=[existing[p] for p in people])}
        demo_users = {u.username: u for u in User.objects.filter(username__in=DEMO_LOGINS)}
        Session.objects.filter(session_key__startswith=SESSION_PREFIX).delete()
        store = SessionStore()

        def _session_data(user) -> str:
            return store.encode(
                {
                    SESSION_KEY: str(user.pk),
                    BACKEND_SESSION_KEY: "thidua.accounts.backends.LocalBackend",
                    HASH_SESSION_KEY: user.get_session_auth_hash(),
                    # Signed in a moment ago (the expiry middleware then writes once a minute).
                    SessionExpiryMiddleware.STARTED: now,
                    SessionExpiryMiddleware.SEEN: now,
                }
            )

        expire = timezone.now() + timezone.timedelta(seconds=settings.SESSION_COOKIE_AGE)
        sessions, session_of = [], {}
        now = int(time.time())
        for person in people:
            user = users[existing[person]]
            key = SESSION_PREFIX + secrets.token_hex(14)
            data = _session_data(user)
            sessions.append(Session(session_key=key, session_data=data, expire_date=expire))
            session_of[person] = key
        demo_sessions = {}
        for username, user in demo_users.items():
            key = SESSION_PREFIX + secrets.token_hex(14)
            sessions.append(
                Session(session_key=key, session_data=_session_data(user), expire_date=expire)
            )
            demo_sessions[username] = key
        Session.objects.bulk_create(sessions, batch_size=1000)

    tokens: dict[int, list[str]] = {p: [] for p in people}
    for person, token in (
        Delivery.objects.filter(
            dispatch__source_label__startswith=SOURCE, channel=Channel.IN_APP, person_id__in=people
        )
        .order_by("dispatch_id", "person_id")
        .values_list("person_id", "token")
    ):
        tokens[person].append(token)
    krs: dict[int, list[int]] = {}
    for person, kr in KeyResult.objects.filter(
        goal__status=GoalStatus.ACTIVE, goal__owner_person_id__in=people
    ).values_list("goal__owner_person_id", "pk"):
        krs.setdefault(person, []).append(kr)
    goals = dict(
        KeyResult.objects.filter(pk__in=[k for ks in krs.values() for k in ks]).values_list(
            "pk", "goal_id"
        )
    )
    units = dict(Person.objects.filter(pk__in=people).values_list("pk", "unit_id"))
    order = list(people)
    rng.shuffle(order)
    accounts = [
        {
            "username": f"{PREFIX}{p}",
            "session": session_of[p],
            "unit": units[p],
            "key_results": [[k, goals[k]] for k in krs.get(p, [])],
            "tokens": tokens[p],
        }
        for p in order
    ]
    # Goal owners first, so every mix run checks in; then the shuffled rest.
    accounts.sort(key=lambda a: not a["key_results"])
    return {
        "password": DEMO_PASSWORD,
        "demo_logins": [u for u in DEMO_LOGINS if u in demo_sessions],
        "demo_sessions": demo_sessions,
        "accounts": accounts,
        "digests": digests,
    }


def reset_digests() -> int:
    """Every bench digest delivered and unread again, so each stage acknowledges afresh."""
    from django.utils import timezone

    from thidua.messaging.choices import DeliveryStatus
    from thidua.messaging.models import Delivery

    return Delivery.objects.filter(dispatch__source_label__startswith=SOURCE).update(
        status=DeliveryStatus.SENT,
        sent_at=timezone.now(),
        read_at=None,
        acknowledged_at=None,
    )


def acknowledged() -> int:
    from thidua.messaging.choices import DeliveryStatus
    from thidua.messaging.models import Delivery

    return Delivery.objects.filter(
        dispatch__source_label__startswith=SOURCE, status=DeliveryStatus.ACKNOWLEDGED
    ).count()
