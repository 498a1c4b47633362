"""The Vietnamese public holidays of 2027 for state agencies (cán bộ, công chức, viên chức),
as dated rows of the working calendar, in the convention of migration 0006.

Statutory days: Điều 112 Bộ luật Lao động 2019. The days the law itself fixes are official
(Tết Dương lịch 1/1; Giỗ Tổ Hùng Vương 10/3 âm lịch = thứ Sáu 16/4/2027; 30/4; 1/5; 2/9).
The Thủ tướng's schedule of Tết Nguyên đán Đinh Mùi (mùng 1 = thứ Bảy 6/2/2027) and of the
day next to Quốc khánh had not been found when these rows were written: those rows are
derived (assumed after the pattern of earlier years, each note says so), to be corrected in
the admin (or by a later migration) once the announcement is out. 1/5/2027 falls on a
Saturday: made up on Monday 3/5 (Điều 111 khoản 3). Weekend days inside a holiday break are
ordinary days off and are not stored.
"""

from django.db import migrations

BLLD = "Điều 112 Bộ luật Lao động 2019"
BLLD_BU = "Điều 111 khoản 3 Bộ luật Lao động 2019 (nghỉ bù khi ngày lễ trùng ngày nghỉ hằng tuần)"
BLLD_TET = "Điều 112 khoản 1 điểm b Bộ luật Lao động 2019 (Tết Âm lịch 5 ngày)"

H, OFF = "holiday", "day_off"
OFFICIAL, DERIVED = "official", "derived"
TET_NOTE = (
    "Giả định: chưa có thông báo lịch nghỉ Tết Đinh Mùi 2027; nghỉ 5 ngày làm việc từ thứ Năm "
    "4/2 (28 tháng Chạp) đến hết thứ Tư 10/2/2027 (mùng 5), như cách các năm trước"
)

# (date, kind, name, basis, confidence, note)
DAYS = [
    ("2027-01-01", H, "Tết Dương lịch", BLLD, OFFICIAL, ""),
    *(
        (f"2027-02-{d:02d}", H, "Tết Nguyên đán Đinh Mùi", BLLD_TET, DERIVED, TET_NOTE)
        for d in (4, 5, 8, 9, 10)
    ),
    ("2027-04-16", H, "Giỗ Tổ Hùng Vương (10/3 âm lịch)", BLLD, OFFICIAL, ""),
    ("2027-04-30", H, "Ngày Chiến thắng (30/4)", BLLD, OFFICIAL, ""),
    ("2027-05-01", H, "Ngày Quốc tế Lao động (1/5)", BLLD, OFFICIAL, "Trùng thứ Bảy"),
    (
        "2027-05-03",
        OFF,
        "Nghỉ bù Ngày Quốc tế Lao động",
        BLLD_BU,
        DERIVED,
        "Tính theo Bộ luật Lao động; chưa tìm thấy thông báo riêng",
    ),
    ("2027-09-02", H, "Quốc khánh (2/9)", BLLD, OFFICIAL, ""),
    (
        "2027-09-03",
        H,
        "Quốc khánh (ngày liền kề)",
        BLLD,
        DERIVED,
        "Giả định: ngày liền kề là thứ Sáu 3/9 (như năm 2021, 2/9 cũng là thứ Năm); "
        "chưa có thông báo",
    ),
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
    dependencies = [("org", "0008_person_hr_synced_at")]

    operations = [migrations.RunPython(load, unload)]
