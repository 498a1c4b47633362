"""The official Vietnamese public holidays, days off and make-up working days of 2024–2026
for state agencies (cán bộ, công chức, viên chức), as dated rows of the working calendar.

Statutory days: Điều 112 Bộ luật Lao động 2019 (Tết Dương lịch 1/1; Tết Âm lịch 5 ngày;
Giỗ Tổ Hùng Vương 10/3 âm lịch; 30/4; 1/5; Quốc khánh 2/9 và 1 ngày liền kề); a holiday on
a weekly day off is made up on the next working day (Điều 111 khoản 3). Tết and Quốc khánh
days and swapped working days follow each year's announcement; the confidence says whether
the row rests on the law itself (official), on press reports of the announcement (reported),
or was worked out from the Labour Code with no announcement found (derived). Weekend days
inside a holiday break are ordinary days off and are not stored.
"""

from django.db import migrations

BLLD = "Điều 112 Bộ luật Lao động 2019"
BLLD_BU = "Điều 111 khoản 3 Bộ luật Lao động 2019 (nghỉ bù khi ngày lễ trùng ngày nghỉ hằng tuần)"
TB_2024 = "Ý kiến Thủ tướng về lịch nghỉ Tết Âm lịch, Quốc khánh 2024 (Bộ LĐTBXH thông báo, 11/2023)"
VPCP_2024_04 = "Văn bản 2450 của Văn phòng Chính phủ (4/2024): hoán đổi thứ Hai 29/4 với thứ Bảy 4/5"
TB_2025 = "Thông báo của Bộ LĐTBXH ngày 03/12/2024 về lịch nghỉ lễ, Tết năm 2025"
VPCP_2025_12 = "Văn bản 12729/VPCP-KGVX ngày 25/12/2025: hoán đổi thứ Sáu 2/1 với thứ Bảy 10/1/2026"
TB_2026 = "Thông báo 9441/TB-BNV ngày 16/10/2025 của Bộ Nội vụ về lịch nghỉ Tết Âm lịch, Quốc khánh 2026"

H, OFF, WORK = "holiday", "day_off", "working"
OFFICIAL, REPORTED, DERIVED = "official", "reported", "derived"

# (date, kind, name, basis, confidence, note)
DAYS = [
    # 2024
    ("2024-01-01", H, "Tết Dương lịch", BLLD, OFFICIAL, ""),
    *(
        (f"2024-02-{d:02d}", H, "Tết Nguyên đán Giáp Thìn", TB_2024, REPORTED, "Nghỉ 8/2–14/2/2024")
        for d in (8, 9, 12, 13, 14)
    ),
    ("2024-04-18", H, "Giỗ Tổ Hùng Vương (10/3 âm lịch)", BLLD, OFFICIAL, ""),
    ("2024-04-29", OFF, "Nghỉ hoán đổi dịp 30/4–1/5", VPCP_2024_04, REPORTED, "Làm bù thứ Bảy 4/5"),
    ("2024-04-30", H, "Ngày Chiến thắng (30/4)", BLLD, OFFICIAL, ""),
    ("2024-05-01", H, "Ngày Quốc tế Lao động (1/5)", BLLD, OFFICIAL, ""),
    ("2024-05-04", WORK, "Làm bù cho thứ Hai 29/4", VPCP_2024_04, REPORTED, ""),
    ("2024-09-02", H, "Quốc khánh (2/9)", BLLD, OFFICIAL, ""),
    ("2024-09-03", H, "Quốc khánh (ngày liền kề)", TB_2024, REPORTED, "Nghỉ 31/8–3/9/2024"),
    # 2025
    ("2025-01-01", H, "Tết Dương lịch", BLLD, OFFICIAL, ""),
    *(
        (f"2025-01-{d:02d}", H, "Tết Nguyên đán Ất Tỵ", TB_2025, REPORTED, "Nghỉ 25/1–2/2/2025")
        for d in (27, 28, 29, 30, 31)
    ),
    ("2025-04-07", H, "Giỗ Tổ Hùng Vương (10/3 âm lịch)", BLLD, OFFICIAL, ""),
    ("2025-04-26", WORK, "Làm bù cho thứ Sáu 2/5", TB_2025, REPORTED, ""),
    ("2025-04-30", H, "Ngày Chiến thắng (30/4)", BLLD, OFFICIAL, ""),
    ("2025-05-01", H, "Ngày Quốc tế Lao động (1/5)", BLLD, OFFICIAL, ""),
    ("2025-05-02", OFF, "Nghỉ hoán đổi dịp 30/4–1/5", TB_2025, REPORTED, "Làm bù thứ Bảy 26/4"),
    ("2025-09-01", H, "Quốc khánh (ngày liền kề)", TB_2025, REPORTED, "Nghỉ 30/8–2/9/2025"),
    ("2025-09-02", H, "Quốc khánh (2/9)", BLLD, OFFICIAL, ""),
    # 2026
    ("2026-01-01", H, "Tết Dương lịch", BLLD, OFFICIAL, ""),
    ("2026-01-02", OFF, "Nghỉ hoán đổi dịp Tết Dương lịch", VPCP_2025_12, REPORTED, "Làm bù thứ Bảy 10/1"),
    ("2026-01-10", WORK, "Làm bù cho thứ Sáu 2/1", VPCP_2025_12, REPORTED, ""),
    *(
        (f"2026-02-{d:02d}", H, "Tết Nguyên đán Bính Ngọ", TB_2026, REPORTED, "Nghỉ 14/2–22/2/2026")
        for d in (16, 17, 18, 19, 20)
    ),
    ("2026-04-26", H, "Giỗ Tổ Hùng Vương (10/3 âm lịch)", BLLD, OFFICIAL, "Trùng Chủ nhật"),
    (
        "2026-04-27",
        OFF,
        "Nghỉ bù Giỗ Tổ Hùng Vương",
        BLLD_BU,
        DERIVED,
        "Tính theo Bộ luật Lao động; chưa tìm thấy thông báo riêng",
    ),
    ("2026-04-30", H, "Ngày Chiến thắng (30/4)", BLLD, OFFICIAL, ""),
    ("2026-05-01", H, "Ngày Quốc tế Lao động (1/5)", BLLD, OFFICIAL, ""),
    ("2026-08-22", WORK, "Làm bù cho thứ Hai 31/8", TB_2026, REPORTED, ""),
    ("2026-08-31", OFF, "Nghỉ hoán đổi dịp Quốc khánh", TB_2026, REPORTED, "Nghỉ 29/8–2/9/2026"),
    ("2026-09-01", H, "Quốc khánh (ngày liền kề)", TB_2026, REPORTED, ""),
    ("2026-09-02", H, "Quốc khánh (2/9)", BLLD, OFFICIAL, ""),
]


def load(apps, schema_editor):
    WorkCalendarDay = apps.get_model("org", "WorkCalendarDay")
    for day, kind, name, basis, confidence, note in DAYS:
        WorkCalendarDay.objects.update_or_create(
            day=day,
            defaults={
                "kind": kind,
                "name": name,
                "basis": basis,
                "confidence": confidence,
                "note": note,
            },
        )


def unload(apps, schema_editor):
    WorkCalendarDay = apps.get_model("org", "WorkCalendarDay")
    WorkCalendarDay.objects.filter(day__in=[row[0] for row in DAYS]).delete()


class Migration(migrations.Migration):
    dependencies = [("org", "0005_work_calendar_day")]

    operations = [migrations.RunPython(load, unload)]
