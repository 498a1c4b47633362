"""A digest keeps every numbered task of a resolution (up to DIGEST_TASKS_MAX), and free text
its "5 - 6 ý chính"; each point within POINT_MAX_CHARS (walk-through of 07/12/2026: the demo's
"tám chương trình trọng tâm" came out with six)."""

from thidua.party.constants import DIGEST_POINTS, DIGEST_TASKS_MAX, POINT_MAX_CHARS
from thidua.party.demo import RESOLUTION_TEXT
from thidua.party.digest_points import draft_points

TASKS = [
    "Hoàn thiện hạ tầng bưu chính phục vụ thương mại điện tử ở nông thôn.",
    "Phủ sóng 5G tại các khu công nghiệp và đô thị lớn trước năm 2025.",
    "Bảo đảm an toàn thông tin cho hệ thống dữ liệu quốc gia.",
    "Cung cấp dịch vụ công trực tuyến toàn trình cho người dân.",
    "Thúc đẩy sản phẩm Make in Vietnam ra thị trường quốc tế.",
    "Hỗ trợ doanh nghiệp khởi nghiệp sáng tạo tiếp cận vốn đầu tư.",
    "Nâng cao chất lượng báo chí cách mạng, chống tin giả trên mạng xã hội.",
    "Xây dựng cơ sở dữ liệu dùng chung giữa các bộ, ngành.",
    "Đào tạo nhân lực số cho cán bộ, công chức cấp xã.",
    "Phát triển kinh tế số ở địa phương gắn với du lịch.",
    "Phổ cập chữ ký số cá nhân cho mọi đảng viên.",
    "Mở rộng thanh toán không dùng tiền mặt tại bệnh viện, trường học.",
]


def test_the_demo_resolution_keeps_its_eight_programmes():
    points = draft_points(RESOLUTION_TEXT)
    assert len(points) == 8
    assert all(len(p.text) <= POINT_MAX_CHARS for p in points)
    assert points[2].text.startswith("Đưa Việt Nam thành cường quốc an ninh mạng")
    assert points[5].text.startswith("Phát triển các doanh nghiệp công nghệ số")
    assert [p.index for p in points] == sorted(p.index for p in points)


def _resolution(tasks: int) -> str:
    lines = [
        "ĐẢNG ỦY BỘ",
        "Số 05-NQ/ĐU",
        "NGHỊ QUYẾT",
        "Căn cứ Điều lệ Đảng Cộng sản Việt Nam;",
        "ĐẢNG ỦY BỘ QUYẾT NGHỊ:",
        "",
    ]
    for i, task in enumerate(TASKS[:tasks], start=1):
        lines += [f"{i}. {task}", ""]
    lines += ["Nghị quyết này có hiệu lực từ ngày ký.", "Nơi nhận:", "- Lưu Văn phòng."]
    return "\n".join(lines)


def test_a_numbered_list_longer_than_the_cap_keeps_the_most_central_tasks():
    assert len(draft_points(_resolution(8))) == 8
    assert len(draft_points(_resolution(12))) == DIGEST_TASKS_MAX


def test_free_text_keeps_five_or_six_points():
    sentences = [
        f"Sáng nay, đoàn công tác của Bộ đã làm việc với tỉnh thứ {i} về chuyển đổi số, "
        f"ghi nhận kết quả {topic} và đề nghị tiếp tục triển khai trong năm tới."
        for i, topic in enumerate(
            [
                "hạ tầng",
                "dữ liệu",
                "dịch vụ công",
                "an toàn mạng",
                "nhân lực",
                "doanh nghiệp",
                "báo chí",
                "bưu chính",
                "thanh toán",
                "chữ ký số",
            ],
            start=1,
        )
    ]
    points = draft_points(" ".join(sentences))
    assert 1 <= len(points) <= DIGEST_POINTS
