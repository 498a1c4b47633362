"""Index builds live in the shared storage: a process with an empty working folder fetches
the current one; a build missing everywhere is logged and the assistant answers from an
older build plus the delta (never a 500); two builds started at once give one new version."""

import logging
import shutil
import threading

import pytest
from django.db import connection
from django.urls import reverse

from thidua.assistant import index, index_store
from thidua.assistant.choices import AnswerMode, Source
from thidua.assistant.models import IndexState
from thidua.assistant.services import platform_document_sync, question_ask
from thidua.core.models import Job

QUESTION = "Điều kiện để được tặng danh hiệu Chiến sĩ thi đua cơ sở là gì?"
LESSON = (
    "Bài học về kho lưu trữ số\n\n"
    "Kho lưu trữ số của Bộ sao lưu dữ liệu hồ sơ điện tử sang trung tâm dự phòng mỗi đêm."
)
LESSON_QUESTION = "Dữ liệu hồ sơ điện tử được sao lưu sang trung tâm dự phòng khi nào?"


@pytest.fixture
def another_machine(settings, tmp_path):
    """This process as another machine: an empty working folder, nothing loaded."""
    settings.THIDUA_ASSISTANT_INDEX_DIR = tmp_path / "machine-2"
    index._loaded.clear()
    yield settings.THIDUA_ASSISTANT_INDEX_DIR
    index._loaded.clear()


def _answer(user, question=QUESTION):
    x = question_ask(actor=user, question=question)
    return x.mode, [(c["passage"], c["path"]) for c in x.answer.get("citations", [])]


def test_a_process_with_an_empty_working_folder_fetches_the_current_build(
    library, org, another_machine
):
    state = IndexState.objects.get(pk=1)
    here = _answer(org["staff_a"].user)
    assert index_store.archive_name(state.folder) in index_store.storage().listdir("")[1]

    index._loaded.clear()  # a second machine: empty folder, same database and storage
    there = _answer(org["staff_a"].user)

    assert (another_machine / state.folder / index_store.COMPLETE).is_file()
    assert there == here and here[0] == AnswerMode.EXTRACTIVE


def test_a_build_missing_from_the_storage_is_logged_and_an_older_build_answers(
    library, org, client, another_machine, caplog
):
    first = IndexState.objects.get(pk=1)
    lesson = platform_document_sync(
        source=Source.LESSON, source_id=77, title="Bài học kho lưu trữ số", text=LESSON
    )
    second = index.build()
    # Lost everywhere: the shared storage and the working folder of the machine that built it.
    index_store.storage().delete(index_store.archive_name(second.folder))
    shutil.rmtree(another_machine / second.folder)
    index._loaded.clear()
    jobs = Job.objects.filter(kind="assistant_index").count()

    with caplog.at_level(logging.ERROR, logger="thidua.assistant.index"):
        mode, cited = _answer(org["staff_a"].user, LESSON_QUESTION)

    assert f"v{second.version} ({second.folder}) cannot be loaded" in caplog.text
    assert f"Answering from v{first.version}" in caplog.text
    loaded = index.current()
    assert loaded.version == first.version and loaded.fallback_for == second.folder
    assert mode == AnswerMode.EXTRACTIVE  # the lesson came after v1: found through the delta
    assert lesson.passages.get().pk in {pid for pid, _path in cited}
    assert Job.objects.filter(kind="assistant_index").count() == jobs + 1  # a rebuild asked
    client.force_login(org["staff_a"].user)
    page = client.post(reverse("assistant:chat"), {"question": QUESTION}, HTTP_HX_REQUEST="true")
    assert page.status_code == 200


def test_with_no_build_anywhere_a_small_library_is_answered_from_the_delta(
    library, org, another_machine, caplog
):
    state = IndexState.objects.get(pk=1)
    for folder in index_store.published():
        index_store.storage().delete(index_store.archive_name(folder))

    with caplog.at_level(logging.ERROR, logger="thidua.assistant.index"):
        mode, cited = _answer(org["staff_a"].user)

    assert f"v{state.version} ({state.folder}) cannot be loaded" in caplog.text
    assert "Answering from no build" in caplog.text
    assert mode == AnswerMode.EXTRACTIVE and cited[0][1] == "Chương II, Điều 6, khoản 1"


@pytest.mark.django_db(transaction=True)
def test_two_builds_started_at_once_make_one_new_version(org, org_admin, monkeypatch):
    from thidua.assistant.services import document_upload

    from .conftest import REGULATION

    document_upload(actor=org_admin, name="quy-che.md", data=REGULATION)
    before = IndexState.objects.get(pk=1)
    reading, release = threading.Event(), threading.Event()
    read = index._read_passages

    def slow_read():
        reading.set()
        assert release.wait(30)
        return read()

    monkeypatch.setattr(index, "_read_passages", slow_read)
    results = {}

    def first_build():
        try:
            results["first"] = index.build()
        finally:
            connection.close()

    worker = threading.Thread(target=first_build)
    worker.start()
    assert reading.wait(30)
    monkeypatch.setattr(index, "_read_passages", read)
    second = index.build()  # started while the first one runs
    release.set()
    worker.join(60)

    assert second.skipped and second.version == before.version
    first = results["first"]
    assert not first.skipped and first.version == before.version + 1
    state = IndexState.objects.get(pk=1)
    assert (state.version, state.folder, state.build_owner) == (first.version, first.folder, "")
    index._loaded.clear()
    assert _answer(org["staff_a"].user)[0] == AnswerMode.EXTRACTIVE


def test_a_build_lock_left_by_a_killed_worker_expires(library):
    from datetime import timedelta

    from django.utils import timezone

    version = IndexState.objects.get(pk=1).version
    IndexState.objects.filter(pk=1).update(
        build_owner="killed", build_started_at=timezone.now() - timedelta(minutes=5)
    )
    assert index.build().skipped

    IndexState.objects.filter(pk=1).update(
        build_started_at=timezone.now() - timedelta(seconds=index.BUILD_LOCK_SECONDS + 60)
    )
    assert index.build().version == version + 1


def test_with_no_build_anywhere_and_a_large_library_the_answer_says_the_index_is_rebuilt(
    library, org, another_machine, monkeypatch
):
    from thidua.assistant import index_delta

    for folder in index_store.published():
        index_store.storage().delete(index_store.archive_name(folder))
    monkeypatch.setattr(index_delta, "SERVE_MAX_PASSAGES", 0)  # too many to serve the delta

    x = question_ask(actor=org["staff_a"].user, question=QUESTION)

    assert x.mode == AnswerMode.NOT_FOUND
    assert "rebuilt" in x.answer["note"] or "xây dựng lại" in x.answer["note"]
