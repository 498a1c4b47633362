"""The law's vocabulary for annual ratings and discipline, once (pure Python, no Django).

The four rating levels and the forms of discipline for cán bộ, công chức, viên chức
(../shared/LAW.md; Luật TĐKT, NĐ 90/2020/NĐ-CP and its successors), with their Vietnamese
names as the law writes them. The Party rates its organisations on the same four levels
(Quy định 124-QĐ/TW), so `org` (below `emulation` in the layer table) builds its Party-body
rating on these codes too; that is why the words live here, in `core`, and
`thidua.emulation.vocabulary` re-exports them. `emulation/choices.py` builds the models'
choices on these codes; scoring and the awards engine (`awards/law/`, `awards/eligibility/`)
use them directly, so the engine stays free of Django.
"""

# Rating levels, best first.
HTXS, HTT, HT, KHT = "HTXS", "HTT", "HT", "KHT"
RATING_LEVELS = (HTXS, HTT, HT, KHT)
RATING_NAMES = {
    HTXS: "Hoàn thành xuất sắc nhiệm vụ",
    HTT: "Hoàn thành tốt nhiệm vụ",
    HT: "Hoàn thành nhiệm vụ",
    KHT: "Không hoàn thành nhiệm vụ",
}

# Forms of discipline, mildest first; the order is the law's. Every one of them is
# "khiển trách or above", so any of them for a duty violation makes the year KHT.
KHIEN_TRACH = "khien_trach"
CANH_CAO = "canh_cao"
HA_BAC_LUONG = "ha_bac_luong"
GIANG_CHUC = "giang_chuc"
CACH_CHUC = "cach_chuc"
BUOC_THOI_VIEC = "buoc_thoi_viec"
DISCIPLINE_FORMS = (KHIEN_TRACH, CANH_CAO, HA_BAC_LUONG, GIANG_CHUC, CACH_CHUC, BUOC_THOI_VIEC)
DISCIPLINE_NAMES = {
    KHIEN_TRACH: "khiển trách",
    CANH_CAO: "cảnh cáo",
    HA_BAC_LUONG: "hạ bậc lương",
    GIANG_CHUC: "giáng chức",
    CACH_CHUC: "cách chức",
    BUOC_THOI_VIEC: "buộc thôi việc",
}
