"""The seven import kinds of IMPORT_FORMATS.md, declared once."""
from __future__ import annotations

from decimal import Decimal

from ..schema import dossiers, leaders, par_scores, petitions, procedures, receptions, tasks, unit_lineage, units
from .limits import PAST, VALIDITY
from .rules import (
    at_least, dossier_end_state, emails_look_valid, lineage_not_to_itself, not_before, par_points_in_range,
    unit_not_own_parent,
)
from .specs import BOOL, CODES, DATE, DATETIME, INT, POINTS, YEAR, ColumnSpec, KindSpec, col
from .words import (
    CHANNELS, END_STATES, FORMER_PROVINCES, LEADER_TITLES, LINEAGE_KINDS, PETITION_KINDS, RATINGS, RECEPTION_KINDS, UNIT_KINDS,
)


def handover_column(table):
    """The unit that took the item over when its unit was dissolved (SPEC §2.5)."""
    return col(table, "handover_to", "Đơn vị nhận bàn giao", references="units",
               meaning="mã đơn vị nhận bàn giao việc còn dở khi đơn vị bị giải thể, sáp nhập; trống = theo sắp xếp")

LEADERS = KindSpec("leaders", "Lãnh đạo UBND tỉnh", leaders, ("code",), (
    col(leaders, "code", "Mã", required=True, example="PCT1", meaning="mã lãnh đạo, ví dụ CT, PCT1"),
    col(leaders, "name", "Họ và tên", required=True, example="Nguyễn Văn A"),
    col(leaders, "title", "Chức vụ", required=True, choices=LEADER_TITLES, example="vice_chairman"),
    col(leaders, "sectors", "Lĩnh vực phụ trách", example="Kinh tế; Tài chính",
        meaning="các lĩnh vực, cách nhau bởi ;"),
))

UNITS = KindSpec("units", "Đơn vị", units, ("code",), (
    col(units, "code", "Mã đơn vị", required=True, example="STC", meaning="mã ổn định, ví dụ STC"),
    col(units, "name", "Tên đơn vị", required=True, example="Sở Tài chính"),
    col(units, "kind", "Loại", required=True, choices=UNIT_KINDS, example="department"),
    col(units, "parent_code", "Đơn vị cấp trên", references="units", meaning="mã đơn vị"),
    col(units, "supervising_leader", "Lãnh đạo phụ trách", references="leaders", example="PCT1",
        meaning="mã lãnh đạo"),
    col(units, "valid_from", "Hiệu lực từ", DATE, example="2021-01-01", when=VALIDITY),
    col(units, "valid_to", "Hiệu lực đến", DATE, when=VALIDITY),
    col(units, "email", "Thư điện tử", example="stc@quangngai.gov.vn",
        meaning="địa chỉ chính thức để gửi nhắc việc; nhiều địa chỉ cách nhau bởi ;"),
    col(units, "former_province", "Tỉnh cũ", choices=FORMER_PROVINCES, example="quang_ngai",
        meaning="tỉnh cũ của đơn vị (xếp hạng CCHC các năm trước 2025 theo từng tỉnh cũ); "
                "trống = đơn vị chỉ của tỉnh mới"),
), rules=(
    not_before("valid_to", "valid_from", "hiệu lực đến sớm hơn hiệu lực từ"),
    unit_not_own_parent,
    emails_look_valid,
))

# The checks that need every edge (cycles, dates meeting, one primary successor per split) are
# made on the whole file with the stored lineage: validation.Validator._check_lineage.
UNIT_LINEAGE = KindSpec("unit_lineage", "Sắp xếp đơn vị (kế thừa)", unit_lineage, ("predecessor", "successor"), (
    col(unit_lineage, "predecessor", "Đơn vị trước sắp xếp", required=True, references="units", example="STNMT",
        meaning="mã đơn vị"),
    col(unit_lineage, "successor", "Đơn vị sau sắp xếp", required=True, references="units", example="SNNMT",
        meaning="mã đơn vị"),
    col(unit_lineage, "effective_date", "Ngày hiệu lực", DATE, required=True, example="2025-03-01", when=VALIDITY,
        meaning="ngày đầu tiên của đơn vị sau sắp xếp"),
    col(unit_lineage, "kind", "Hình thức", required=True, choices=LINEAGE_KINDS, example="hợp nhất"),
    ColumnSpec("primary", "Tiếp nhận chính", BOOL, default=False, example="không",
               meaning="với chia tách: đơn vị tiếp nhận việc còn dở (đúng một đơn vị)"),
    col(unit_lineage, "legal_basis", "Căn cứ", example="NQ 1677/NQ-UBTVQH15"),
), rules=(
    lineage_not_to_itself,
))

TASKS = KindSpec("tasks", "Nhiệm vụ được giao", tasks, ("task_id",), (
    col(tasks, "task_id", "Mã nhiệm vụ", required=True, example="NV-2021-001"),
    col(tasks, "title", "Nội dung nhiệm vụ", required=True, example="Xây dựng đề án phát triển kinh tế số"),
    col(tasks, "source_doc", "Văn bản giao", example="1234/UBND-KTTH"),
    col(tasks, "assigned_by", "Người giao", required=True, references="leaders", example="PCT1",
        meaning="mã lãnh đạo"),
    col(tasks, "lead_unit", "Cơ quan chủ trì", required=True, references="units", example="STC",
        meaning="mã đơn vị"),
    ColumnSpec("co_units", "Cơ quan phối hợp", CODES, references="units", max_length=30, example="STC",
               meaning="mã đơn vị, cách nhau bởi ;"),
    col(tasks, "assigned_date", "Ngày giao", DATE, required=True, example="2021-03-01", when=PAST),
    col(tasks, "due_date", "Hạn xử lý", DATE, example="31/03/2021", meaning="trống = không thời hạn"),
    col(tasks, "original_due_date", "Hạn ban đầu", DATE, meaning="khi hạn đã được gia hạn"),
    col(tasks, "completed_date", "Ngày hoàn thành", DATE, example="2021-03-25",
        meaning="trống = chưa hoàn thành", when=PAST),
    col(tasks, "progress_note", "Tình hình thực hiện", example="Đã trình UBND tỉnh"),
    handover_column(tasks),
), rules=(
    not_before("due_date", "assigned_date", "hạn xử lý sớm hơn ngày giao"),
    not_before("original_due_date", "assigned_date", "hạn ban đầu sớm hơn ngày giao"),
    not_before("completed_date", "assigned_date", "ngày hoàn thành sớm hơn ngày giao"),
))

DOSSIERS = KindSpec("dossiers", "Hồ sơ thủ tục hành chính", dossiers, ("dossier_id",), (
    col(dossiers, "dossier_id", "Mã hồ sơ", required=True, example="000.00.10.H48-210301-0001"),
    col(dossiers, "unit", "Cơ quan giải quyết", required=True, references="units", example="STC",
        meaning="mã đơn vị"),
    col(dossiers, "procedure_code", "Mã thủ tục", required=True, example="1.005443"),
    ColumnSpec("procedure_name", "Tên thủ tục", required=True, max_length=procedures.c.name.type.length,
               example="Đăng ký mã số đơn vị có quan hệ với ngân sách"),
    ColumnSpec("field", "Lĩnh vực", max_length=procedures.c.field.type.length, example="Tài chính"),
    col(dossiers, "channel", "Hình thức nộp", required=True, choices=CHANNELS, example="trực tuyến"),
    col(dossiers, "received_at", "Ngày tiếp nhận", DATETIME, required=True, example="2021-03-01 08:30", when=PAST),
    col(dossiers, "due_at", "Ngày hẹn trả", DATETIME, required=True, example="05/03/2021 17:00"),
    col(dossiers, "resolved_at", "Ngày có kết quả", DATETIME, example="2021-03-04 10:15",
        meaning="trống = chưa có kết quả", when=PAST),
    col(dossiers, "end_state", "Trạng thái kết thúc khác", choices=END_STATES),
    col(dossiers, "ended_at", "Ngày kết thúc", DATETIME, meaning="bắt buộc khi có trạng thái kết thúc khác", when=PAST),
    col(dossiers, "rating", "Đánh giá", choices=RATINGS, example="hài lòng"),
    handover_column(dossiers),
), rules=(
    not_before("due_at", "received_at", "ngày hẹn trả sớm hơn ngày tiếp nhận"),
    not_before("resolved_at", "received_at", "ngày có kết quả sớm hơn ngày tiếp nhận"),
    not_before("ended_at", "received_at", "ngày kết thúc sớm hơn ngày tiếp nhận"),
    dossier_end_state,
))

PETITIONS = KindSpec("petitions", "Đơn thư khiếu nại, tố cáo, kiến nghị, phản ánh", petitions, ("petition_id",), (
    col(petitions, "petition_id", "Mã đơn", required=True, example="DT-2021-0001"),
    col(petitions, "received_date", "Ngày nhận đơn", DATE, required=True, example="2021-03-01", when=PAST),
    col(petitions, "kind", "Loại đơn", required=True, choices=PETITION_KINDS, example="khiếu nại"),
    col(petitions, "eligible", "Đủ điều kiện xử lý", BOOL, required=True, example="có"),
    col(petitions, "duplicate", "Đơn trùng", BOOL, default=False, example="không"),
    col(petitions, "group_petition", "Đơn đông người", BOOL, default=False, example="không"),
    col(petitions, "handling_unit", "Cơ quan xử lý", required=True, references="units", example="STC",
        meaning="mã đơn vị"),
    col(petitions, "accepted_date", "Ngày thụ lý", DATE, example="2021-03-05", when=PAST),
    col(petitions, "due_date", "Hạn giải quyết", DATE, example="2021-04-05"),
    col(petitions, "resolved_date", "Ngày giải quyết", DATE, when=PAST),
    handover_column(petitions),
), rules=(
    not_before("accepted_date", "received_date", "ngày thụ lý sớm hơn ngày nhận đơn"),
    not_before("due_date", "received_date", "hạn giải quyết sớm hơn ngày nhận đơn"),
    not_before("resolved_date", "received_date", "ngày giải quyết sớm hơn ngày nhận đơn"),
))

RECEPTIONS = KindSpec("receptions", "Tiếp công dân", receptions, ("reception_id",), (
    col(receptions, "reception_id", "Mã", required=True, example="TCD-2021-001"),
    col(receptions, "date", "Ngày tiếp", DATE, required=True, example="2021-03-15", when=PAST),
    col(receptions, "kind", "Hình thức", required=True, choices=RECEPTION_KINDS, example="định kỳ"),
    col(receptions, "leader", "Lãnh đạo tiếp", references="leaders", example="PCT1", meaning="mã lãnh đạo"),
    col(receptions, "people", "Số người", INT, required=True, example="5", meaning="số nguyên ≥ 1"),
    col(receptions, "group_delegations", "Số đoàn đông người", INT, default=0, example="0",
        meaning="số nguyên ≥ 0, mặc định 0"),
), rules=(
    at_least("people", 1, "số người phải từ 1 trở lên"),
    at_least("group_delegations", 0, "số đoàn đông người không được âm"),
))

PAR_SCORES = KindSpec("par_scores", "Điểm Chỉ số cải cách hành chính (PAR Index)", par_scores,
                      ("year", "unit", "criterion_code"), (
    col(par_scores, "year", "Năm", YEAR, required=True, example="2021"),
    col(par_scores, "unit", "Đơn vị", required=True, references="units", example="STC", meaning="mã đơn vị"),
    col(par_scores, "criterion_code", "Mã tiêu chí", required=True, example="LV1"),
    col(par_scores, "criterion_name", "Tên tiêu chí", required=True, example="Công tác chỉ đạo, điều hành CCHC"),
    col(par_scores, "max_points", "Điểm tối đa", POINTS, required=True, example="10", meaning="số > 0"),
    col(par_scores, "self_score", "Điểm tự đánh giá", POINTS, example="9,5", meaning="0..điểm tối đa"),
    col(par_scores, "appraised_score", "Điểm thẩm định", POINTS, required=True, example="9.25",
        meaning="0..điểm tối đa"),
), rules=(
    # Points carry two decimals, so "more than 0" is "at least 0.01".
    at_least("max_points", Decimal("0.01"), "điểm tối đa phải lớn hơn 0"),
    par_points_in_range,
))

KINDS: dict[str, KindSpec] = {k.name: k for k in (
    LEADERS, UNITS, UNIT_LINEAGE, TASKS, DOSSIERS, PETITIONS, RECEPTIONS, PAR_SCORES)}
