"""A numbered task carrying a deadline is a key point (walk-through C6 of 06/12/2026).

The last point of a six-point resolution, "tổ chức quán triệt nghị quyết ... trước
31/01/2027", was dropped: its wording matched a closing phrase, and a deadline ending the
item without a full stop matched the dateline ("ngày 31 tháng 01 năm 2027")."""

import pytest

from thidua.nlp.keypoints import extract_key_points

POINTS = [
    "Đẩy mạnh chuyển đổi số trong toàn Đảng bộ, bảo đảm 100% văn bản được xử lý trên môi trường mạng.",
    "Nâng cao chất lượng sinh hoạt chi bộ, mỗi quý có ít nhất một chuyên đề về chuyển đổi số.",
    "Xây dựng cơ sở dữ liệu đảng viên đầy đủ, chính xác, cập nhật thường xuyên.",
    "Tăng cường kiểm tra, giám sát việc thực hiện nhiệm vụ của các chi bộ trực thuộc.",
    "Phát huy vai trò nêu gương của cán bộ, đảng viên, nhất là người đứng đầu.",
]


def _resolution(last: str) -> str:
    items = "\n".join(f"{n}. {p}" for n, p in enumerate([*POINTS, last], start=1))
    return (
        "NGHỊ QUYẾT\nvề chuyển đổi số năm 2027\nCăn cứ Điều lệ Đảng Cộng sản Việt Nam;\n"
        f"QUYẾT NGHỊ:\n{items}\nNơi nhận:\n- Các chi bộ trực thuộc;\n- Lưu Văn phòng Đảng ủy.\n"
    )


@pytest.mark.parametrize(
    "last",
    [
        "Các chi bộ tổ chức quán triệt nghị quyết đến toàn thể đảng viên trước 31/01/2027.",
        "Quán triệt nội dung đến toàn thể đảng viên trước ngày 31 tháng 01 năm 2027",
        "Chi ủy tổ chức thực hiện nghị quyết, báo cáo kết quả trước 31/01/2027.",
    ],
)
def test_sixth_point_with_a_deadline_is_kept(last):
    points = extract_key_points(_resolution(last), n=6)

    assert len(points) == 6
    assert "31" in points[-1].text and "2027" in points[-1].text


def test_shortened_sixth_point_keeps_its_deadline():
    last = "Các chi bộ tổ chức quán triệt nghị quyết đến toàn thể đảng viên trước 31/01/2027."
    points = extract_key_points(_resolution(last), n=6, max_chars=60)

    assert len(points) == 6
    assert "31/01/2027" in points[-1].text


def test_implementation_sentence_without_deadline_is_still_not_a_point():
    last = "Các chi bộ trực thuộc tổ chức thực hiện nghị quyết này."
    texts = [p.text for p in extract_key_points(_resolution(last), n=6)]

    assert len(texts) == 5
    assert not any("tổ chức thực hiện nghị quyết" in t for t in texts)
