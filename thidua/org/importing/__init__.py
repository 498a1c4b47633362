"""Excel import of units and people (nhập đơn vị và cán bộ từ Excel).

The file is the downloadable template: a "Đơn vị" sheet and a "Cán bộ" sheet with fixed
Vietnamese headers. Sheet names, headers and the accepted value labels are the file format,
so they stay the same whatever the interface language; messages about the file go through
gettext.

Every row is checked before anything is written, and every problem is reported as
(sheet, row, column, message); if there is any, nothing is written. The write is one
transaction of bulk inserts and updates: existing units, positions and people are loaded
into dicts in a handful of queries, never one query per row. Rows equal to what is stored
are skipped, so importing the same file twice changes nothing the second time.

Split by reason to change, every public name re-exported here:
- format.py: sheets, columns, accepted labels, cell values (dates, phones); shared with the
  HR sync (thidua/org/hr_sync*.py);
- reading.py: reading the workbook; checking.py: checking rows (Cells, Check);
- planning.py: the plan of writes; writing.py: writing it;
- running.py: the service and the background job; template.py: the empty workbook.
"""

from .checking import Cells, Check, employee_code_twice, person_row, unit_code_twice
from .format import (
    CATEGORY_LABELS,
    COLUMNS,
    FORMULA_PREFIXES,
    GENDER_LABELS,
    GUIDE_SHEET,
    IMPORT_PERMISSION,
    JOB_KIND,
    JOB_RESULT_MAX_ERRORS,
    LOOKUP_CHUNK,
    MAX_GRADE,
    MAX_ROWS_PER_SHEET,
    PEOPLE_COLUMNS,
    PEOPLE_SHEET,
    PROGRESS_EVERY,
    TASK_NAME,
    TEMPLATE_FILENAME,
    UNIT_COLUMNS,
    UNIT_KIND_LABELS,
    UNITS_SHEET,
    UPLOAD_DIR,
    XLSX_CONTENT_TYPE,
    ZIP_SIGNATURE,
    Column,
    Counts,
    ImportRejected,
    ImportResult,
    RowError,
    allowed_labels,
    choice_lookup,
    chunks,
    excel_safe,
    header_key,
    is_blank,
    normalise_phone,
    parse_date,
)
from .planning import PersonRow, UnitRow
from .reading import check_upload, too_large_error
from .running import import_job_get, people_import, people_import_job, people_import_start
from .template import import_template

__all__ = [
    "CATEGORY_LABELS",
    "COLUMNS",
    "FORMULA_PREFIXES",
    "GENDER_LABELS",
    "GUIDE_SHEET",
    "IMPORT_PERMISSION",
    "JOB_KIND",
    "JOB_RESULT_MAX_ERRORS",
    "LOOKUP_CHUNK",
    "MAX_GRADE",
    "MAX_ROWS_PER_SHEET",
    "PEOPLE_COLUMNS",
    "PEOPLE_SHEET",
    "PROGRESS_EVERY",
    "TASK_NAME",
    "TEMPLATE_FILENAME",
    "UNITS_SHEET",
    "UNIT_COLUMNS",
    "UNIT_KIND_LABELS",
    "UPLOAD_DIR",
    "XLSX_CONTENT_TYPE",
    "ZIP_SIGNATURE",
    "Cells",
    "Check",
    "Column",
    "Counts",
    "ImportRejected",
    "ImportResult",
    "PersonRow",
    "RowError",
    "UnitRow",
    "allowed_labels",
    "check_upload",
    "choice_lookup",
    "chunks",
    "employee_code_twice",
    "person_row",
    "excel_safe",
    "header_key",
    "import_job_get",
    "import_template",
    "is_blank",
    "normalise_phone",
    "parse_date",
    "people_import",
    "people_import_job",
    "people_import_start",
    "too_large_error",
    "unit_code_twice",
]
