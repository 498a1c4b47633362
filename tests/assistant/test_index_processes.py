"""Two web processes (two `manage.py` processes, as two gunicorn machines would be) with
separate working folders, one database and one shared index storage give the same answers:
after the first build, after a document change served by the delta, and after the merge.
Run on SQLite (a file database) and on PostgreSQL (DATABASE_URL), as the suite is."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

from thidua.assistant import index
from thidua.assistant.choices import Source
from thidua.assistant.models import IndexState
from thidua.assistant.services import document_upload, platform_document_sync, question_ask

from ..core.test_worker import _test_database_url
from .conftest import COUNCIL_GUIDE, REGULATION

# A web process: reads questions as JSON lines on stdin, answers each with the real
# question_ask, writes the answer as one JSON line (what a page would show and cite).
SERVE = """
import json, sys
from django.contrib.auth import get_user_model
from thidua.assistant import index
from thidua.assistant.services import question_ask
for line in sys.stdin:
    ask = json.loads(line)
    user = get_user_model().objects.get(username=ask["user"])
    x = question_ask(actor=user, question=ask["question"])
    print("ANSWER " + json.dumps({
        "mode": x.mode,
        "version": x.index_version,
        "citations": [[c["passage"], c["path"], c["score"]] for c in x.answer.get("citations", [])],
        "sentences": [s["text"] for s in x.answer.get("sentences", [])],
        "working_folder": sorted(p.name for p in index.index_dir().glob("v*")),
    }), flush=True)
"""

QUESTIONS = [
    "Điều kiện để được tặng danh hiệu Chiến sĩ thi đua cơ sở là gì?",
    "Tổ kiểm phiếu gồm mấy thành viên?",
    "Kho lưu trữ số sao lưu dữ liệu sang trung tâm dự phòng khi nào?",
]
LESSON = (
    "Bài học về kho lưu trữ số\n\n"
    "Kho lưu trữ số của Bộ sao lưu dữ liệu hồ sơ điện tử sang trung tâm dự phòng mỗi đêm."
)
LESSON_CHANGED = (
    "Bài học về kho lưu trữ số\n\n"
    "Kho lưu trữ số của Bộ sao lưu dữ liệu sang trung tâm dự phòng hai lần mỗi ngày, "
    "lúc 12 giờ và 23 giờ."
)


class WebProcess:
    def __init__(self, name: str, tmp: Path) -> None:
        store = settings.STORAGES["assistant_index"]["OPTIONS"]["location"]
        env = {
            k: v
            for k, v in os.environ.items()
            if k not in ("REDIS_URL", "THIDUA_ASSISTANT_INDEX_STORAGE_BACKEND")
        }
        env.update(
            DJANGO_SETTINGS_MODULE="config.settings.local",
            DATABASE_URL=_test_database_url(),
            THIDUA_ASSISTANT_INDEX_DIR=str(tmp / name),  # its own working folder
            THIDUA_ASSISTANT_INDEX_STORAGE_DIR=str(store),  # the shared storage
            THIDUA_JOBS_MODE="inline",
        )
        self.folder = tmp / name
        self.proc = subprocess.Popen(
            [sys.executable, "manage.py", "shell", "-c", SERVE],
            cwd=Path(settings.BASE_DIR),
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )

    def ask(self, user: str, question: str) -> dict:
        assert self.proc.stdin and self.proc.stdout
        self.proc.stdin.write(json.dumps({"user": user, "question": question}) + "\n")
        self.proc.stdin.flush()
        while True:  # its log may go to stdout too
            line = self.proc.stdout.readline()
            assert line, f"web process {self.folder.name} stopped"
            if line.startswith("ANSWER "):
                return json.loads(line[len("ANSWER ") :])

    def close(self) -> None:
        if self.proc.stdin:
            self.proc.stdin.close()
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()


@pytest.fixture
def web(tmp_path):
    started = [WebProcess("web-1", tmp_path), WebProcess("web-2", tmp_path)]
    yield started
    for p in started:
        p.close()


def _round(web, users) -> list[dict]:
    """Each question from each user in both processes; asserts they answer alike."""
    out = []
    for user in users:
        for question in QUESTIONS:
            one, two = (p.ask(user, question) for p in web)
            assert {k: v for k, v in one.items() if k != "working_folder"} == {
                k: v for k, v in two.items() if k != "working_folder"
            }, question
            out.append(one)
    return out


@pytest.mark.django_db(transaction=True)
def test_two_web_processes_with_separate_working_folders_answer_alike(org, org_admin, web):
    from thidua.assistant.choices import Audience

    document_upload(actor=org_admin, name="quy-che.md", data=REGULATION)  # the first build
    document_upload(
        actor=org_admin,
        name="kiem-phieu.md",
        data=COUNCIL_GUIDE,
        audience=Audience.UNIT,
        unit=org["dept_b"],
    )
    lesson = platform_document_sync(
        source=Source.LESSON, source_id=9, title="Bài học kho lưu trữ số", text=LESSON
    )
    index.build()
    state = IndexState.objects.get(pk=1)
    users = [org["staff_a"].user.username, org["staff_b"].user.username]

    first = _round(web, users)
    for p in web:  # each fetched the build from the shared storage into its own folder
        assert (p.folder / state.folder / "COMPLETE").is_file()
    assert first[0]["mode"] == "extractive" and first[0]["version"] == state.version
    assert not first[1]["citations"] and first[4]["citations"]  # Cục B's guide: staff_b only
    here = question_ask(actor=org["staff_a"].user, question=QUESTIONS[0])
    assert [c["passage"] for c in here.answer["citations"]] == [c[0] for c in first[0]["citations"]]

    platform_document_sync(  # a change: no rebuild, both processes see it through the delta
        source=Source.LESSON, source_id=9, title="Bài học kho lưu trữ số", text=LESSON_CHANGED
    )
    assert IndexState.objects.get(pk=1).version == state.version
    changed = _round(web, users)
    new_passage = lesson.passages.get().pk
    assert changed[2]["citations"][0][0] == new_passage
    assert any("hai lần mỗi ngày" in s for s in changed[2]["sentences"])

    index.build()  # the merge: both load the new build and still answer alike
    merged = _round(web, users)
    assert merged[2]["version"] == state.version + 1
    assert [a["citations"] for a in merged] == [a["citations"] for a in changed]
