"""Demo goals: the eight programmes with the seeds' targets and their 2026–2030 successors."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from thidua.org.models import Unit

from .choices import MetricType
from .models import Indicator, IndicatorValue, Program
from .services import program_create

PROGRAM_START, PROGRAM_END = date(2020, 1, 1), date(2025, 12, 31)
SUCCESSOR_START, SUCCESSOR_END = date(2026, 1, 1), date(2030, 12, 31)
SEED_000 = "Seed 000: Đại hội Đảng bộ Bộ TT&TT lần thứ V (08/2020)"
SEED_001 = "Seed 001: phát động phong trào thi đua 2020–2025"
SEED_003 = "Seed 003: hội nghị của Bộ TT&TT"
SEED_004 = "Seed 004: tám chương trình trọng tâm"
ILLUSTRATIVE = "Minh hoạ (không có trong nguồn)"

# number, code, name, lead unit code, the seeds' wording
PROGRAMS = [
    (1, "CT1", "Chuyển bưu chính thành hạ tầng dòng chảy vật chất của nền kinh tế số", "VBC"),
    (2, "CT2", "Chuyển hạ tầng viễn thông thành hạ tầng của nền kinh tế số", "CVT"),
    (3, "CT3", "Đưa Việt Nam trở thành cường quốc về an ninh mạng", "ATTT"),
    (4, "CT4", "Chuyển Chính phủ điện tử thành Chính phủ số", "THH"),
    (5, "CT5", "Make in Vietnam: từ gia công lắp ráp sang phát triển sản phẩm", "CNICT"),
    (6, "CT6", "Phát triển doanh nghiệp công nghệ số Việt Nam", "VCNTT"),
    (7, "CT7", "Báo chí truyền thông phản ánh dòng chảy chính của xã hội, tạo đồng thuận", "CBC"),
    (8, "CT8", "Dẫn dắt và thúc đẩy chuyển đổi số quốc gia", "THH"),
]
# Which programme each other unit's goals serve.
UNIT_PROGRAM = {"PTTH": 7, "TTDN": 7, "VTCCB": 8, "VPC": 8, "VPB": 8, "TTRB": 8}


@dataclass(frozen=True)
class IndicatorSpec:
    program: int
    name: str
    unit_of_measure: str
    baseline: tuple[date, str]
    target: tuple[date, str]
    direction: str
    source: str
    illustrative: bool
    values: tuple[tuple[date, str], ...] = ()


INDICATORS = [
    IndicatorSpec(
        1,
        "Sản lượng bưu gửi thương mại điện tử",
        "triệu bưu gửi",
        (date(2020, 1, 1), "300"),
        (date(2025, 12, 31), "1500"),
        "up",
        ILLUSTRATIVE,
        True,
        (
            (date(2021, 12, 31), "520"),
            (date(2022, 12, 31), "760"),
            (date(2023, 12, 31), "930"),
            (date(2024, 12, 31), "1120"),
        ),
    ),
    IndicatorSpec(
        2,
        "Tỷ lệ người trưởng thành dùng điện thoại thông minh",
        "%",
        (date(2020, 1, 1), "65"),
        (date(2025, 12, 31), "100"),
        "up",
        f"Chỉ tiêu: {SEED_000} (mỗi người một máy điện thoại thông minh); số liệu: minh hoạ",
        True,
        (
            (date(2021, 12, 31), "73"),
            (date(2022, 12, 31), "80"),
            (date(2023, 12, 31), "84"),
            (date(2024, 12, 31), "87"),
        ),
    ),
    IndicatorSpec(
        2,
        "Tỷ lệ hộ gia đình có đường Internet cáp quang",
        "%",
        (date(2020, 1, 1), "60"),
        (date(2025, 12, 31), "100"),
        "up",
        f"Chỉ tiêu: {SEED_000} (mỗi hộ gia đình một đường Internet cáp quang); số liệu: minh hoạ",
        True,
        (
            (date(2021, 12, 31), "66"),
            (date(2022, 12, 31), "72"),
            (date(2023, 12, 31), "78"),
            (date(2024, 12, 31), "83"),
        ),
    ),
    IndicatorSpec(
        3,
        "Thứ hạng Chỉ số an toàn, an ninh mạng toàn cầu (GCI) của ITU",
        "hạng",
        (date(2017, 12, 31), "100"),
        (date(2025, 12, 31), "30"),
        "down",
        f"{SEED_000}: hạng 100 (2017) lên hạng 50 (2019); chỉ tiêu 2025: minh hoạ",
        True,
        ((date(2019, 12, 31), "50"), (date(2020, 12, 31), "25")),
    ),
    IndicatorSpec(
        4,
        "Tỷ lệ dịch vụ công trực tuyến toàn trình",
        "%",
        (date(2020, 1, 1), "30"),
        (date(2025, 12, 31), "80"),
        "up",
        ILLUSTRATIVE,
        True,
        (
            (date(2021, 12, 31), "35"),
            (date(2022, 12, 31), "42"),
            (date(2023, 12, 31), "48"),
            (date(2024, 12, 31), "55"),
        ),
    ),
    IndicatorSpec(
        5,
        "Kỹ sư, cử nhân CNTT mới mỗi năm",
        "người",
        (date(2020, 1, 1), "300000"),
        (date(2025, 12, 31), "500000"),
        "up",
        f"Chỉ tiêu: {SEED_003} (khoảng 500.000 kỹ sư, cử nhân CNTT mỗi năm); số liệu: minh hoạ",
        True,
        ((date(2022, 12, 31), "380000"), (date(2024, 12, 31), "450000")),
    ),
    IndicatorSpec(
        6,
        "Số doanh nghiệp công nghệ số",
        "doanh nghiệp",
        (date(2020, 1, 1), "50000"),
        (date(2025, 12, 31), "100000"),
        "up",
        f"{SEED_000}; {SEED_001}: từ 50.000 lên 100.000 doanh nghiệp; số liệu các năm: minh hoạ",
        True,
        (
            (date(2021, 12, 31), "58000"),
            (date(2022, 12, 31), "67000"),
            (date(2023, 12, 31), "70000"),
            (date(2024, 12, 31), "74000"),
        ),
    ),
    IndicatorSpec(
        6,
        "Doanh thu toàn ngành TT&TT",
        "tỷ USD",
        (date(2015, 12, 31), "54"),
        (date(2025, 12, 31), "200"),
        "up",
        f"{SEED_000}: gần 135 tỷ USD năm 2019, gấp 2,5 lần 2015; chỉ tiêu 2025: minh hoạ",
        True,
        ((date(2019, 12, 31), "135"),),
    ),
    IndicatorSpec(
        7,
        "Tỷ lệ cơ quan báo chí hoàn thành quy hoạch",
        "%",
        (date(2020, 1, 1), "20"),
        (date(2025, 12, 31), "100"),
        "up",
        ILLUSTRATIVE,
        True,
        ((date(2021, 12, 31), "45"), (date(2022, 12, 31), "70"), (date(2023, 12, 31), "85")),
    ),
    IndicatorSpec(
        8,
        "Tỷ trọng kinh tế số trong GDP",
        "%",
        (date(2020, 1, 1), "8"),
        (date(2025, 12, 31), "20"),
        "up",
        f"Chỉ tiêu: {SEED_004} (kinh tế số chiếm 20% GDP vào năm 2025); số liệu: minh hoạ",
        True,
        (
            (date(2021, 12, 31), "10"),
            (date(2022, 12, 31), "12"),
            (date(2023, 12, 31), "13"),
            (date(2024, 12, 31), "14"),
        ),
    ),
]

# The seeds' programmes end on 31/12/2025; each goes on as a 2026–2030 successor whose name
# and targets are invented (marked illustrative), so goals from 2026 attach to the successor
# and every page keeps grouping them under the same programme line. The 2025 targets stay as
# the seeds state them. The successors' national indicators, all invented (minh hoạ): number,
# name, unit of measure, baseline on 31/12/2025, target on 31/12/2030, direction.
SUCCESSOR_INDICATORS = [
    (1, "Sản lượng bưu gửi thương mại điện tử", "triệu bưu gửi", "1500", "4000", "up"),
    (2, "Tỷ lệ dân số được phủ sóng 5G", "%", "20", "99", "up"),
    (3, "Thứ hạng Chỉ số an toàn, an ninh mạng toàn cầu (GCI) của ITU", "hạng", "25", "10", "down"),
    (4, "Tỷ lệ dịch vụ công trực tuyến toàn trình", "%", "80", "100", "up"),
    (5, "Kỹ sư, cử nhân CNTT mới mỗi năm", "người", "500000", "700000", "up"),
    (6, "Số doanh nghiệp công nghệ số", "doanh nghiệp", "100000", "150000", "up"),
    (7, "Tỷ lệ cơ quan báo chí hoạt động trên nền tảng số", "%", "40", "100", "up"),
    (8, "Tỷ trọng kinh tế số trong GDP", "%", "20", "30", "up"),
]
SUCCESSOR_NOTE = (
    "Minh hoạ: chương trình kế tiếp giai đoạn 2026–2030 do bản demo giả định "
    "(tên và chỉ tiêu không có trong nguồn); chỉ tiêu đến năm 2025 giữ nguyên theo nguồn."
)

# Illustrative key results per programme at ministry/unit level: (title, metric, baseline, target, unit)
KR_BY_PROGRAM = {
    1: [
        ("Bưu cục kết nối nền tảng địa chỉ số", MetricType.NUMBER, 0, 500, "bưu cục"),
        ("Trình ban hành quy định về bưu chính số", MetricType.MILESTONE, 0, 1, ""),
    ],
    2: [
        ("Tỷ lệ phủ sóng 5G tại đô thị", MetricType.PERCENT, 5, 60, "%"),
        ("Hộ gia đình có cáp quang tăng thêm", MetricType.NUMBER, 0, 2000, "nghìn hộ"),
    ],
    3: [
        ("Hệ thống thông tin được giám sát an toàn", MetricType.NUMBER, 0, 300, "hệ thống"),
        ("Sản phẩm an ninh mạng Việt Nam được đánh giá", MetricType.NUMBER, 0, 20, "sản phẩm"),
    ],
    4: [
        ("Tỷ lệ dịch vụ công trực tuyến toàn trình", MetricType.PERCENT, 55, 80, "%"),
        ("Cơ sở dữ liệu quốc gia được kết nối", MetricType.NUMBER, 0, 6, "CSDL"),
    ],
    5: [
        ("Thiết bị 5G/IoT Make in Vietnam được công nhận", MetricType.NUMBER, 0, 15, "sản phẩm"),
        ("Kỹ sư CNTT được đào tạo thêm", MetricType.NUMBER, 0, 50000, "người"),
    ],
    6: [
        ("Doanh nghiệp công nghệ số mới được hỗ trợ", MetricType.NUMBER, 0, 2000, "doanh nghiệp"),
        ("Trình chiến lược phát triển doanh nghiệp công nghệ số", MetricType.MILESTONE, 0, 1, ""),
    ],
    7: [
        ("Cơ quan báo chí thực hiện xong quy hoạch", MetricType.PERCENT, 85, 100, "%"),
        ("Chiến dịch truyền thông chính sách", MetricType.NUMBER, 0, 24, "chiến dịch"),
    ],
    8: [
        (
            "Bộ, ngành có kế hoạch chuyển đổi số được thẩm định",
            MetricType.NUMBER,
            0,
            30,
            "bộ, ngành",
        ),
        ("Tỷ lệ hồ sơ công việc xử lý trên môi trường mạng", MetricType.PERCENT, 50, 90, "%"),
    ],
}


def programs_build(*, units: dict[str, Unit]) -> tuple[dict[int, Program], dict[int, Program]]:
    """The eight programmes with their national indicators and the seeds' figures, then their
    successors; returns both by programme number."""
    programs: dict[int, Program] = {}
    for number, code, name, lead in PROGRAMS:
        programs[number] = Program.objects.create(
            code=code,
            number=number,
            name=name,
            period_start=PROGRAM_START,
            period_end=PROGRAM_END,
            lead_unit=units.get(lead),
            source=SEED_004,
        )
    for spec in INDICATORS:
        indicator = Indicator.objects.create(
            program=programs[spec.program],
            name=spec.name,
            unit_of_measure=spec.unit_of_measure,
            baseline_on=spec.baseline[0],
            baseline_value=Decimal(spec.baseline[1]),
            target_on=spec.target[0],
            target_value=Decimal(spec.target[1]),
            direction=spec.direction,
            source=spec.source,
            is_illustrative=spec.illustrative,
        )
        IndicatorValue.objects.bulk_create(
            IndicatorValue(
                indicator=indicator, measured_on=day, value=Decimal(value), source=spec.source
            )
            for day, value in spec.values
        )
    return programs, successors_build(programs=programs, units=units)


def successors_build(*, programs: dict[int, Program], units: dict[str, Unit]) -> dict[int, Program]:
    """Each programme goes on as an invented 2026–2030 successor (marked minh hoạ)."""
    successors: dict[int, Program] = {}
    for number, code, name, lead in PROGRAMS:
        successors[number] = program_create(
            code=f"{code}-2030",
            number=number,
            name=f"{name} (giai đoạn 2026–2030)",
            period_start=SUCCESSOR_START,
            period_end=SUCCESSOR_END,
            predecessor=programs[number],
            lead_unit=units.get(lead),
            description=SUCCESSOR_NOTE,
            source=ILLUSTRATIVE,
            is_illustrative=True,
        )
    for number, name, uom, baseline, target, direction in SUCCESSOR_INDICATORS:
        Indicator.objects.create(
            program=successors[number],
            name=name,
            unit_of_measure=uom,
            baseline_on=PROGRAM_END,
            baseline_value=Decimal(baseline),
            target_on=SUCCESSOR_END,
            target_value=Decimal(target),
            direction=direction,
            source=ILLUSTRATIVE,
            is_illustrative=True,
        )
    return successors
