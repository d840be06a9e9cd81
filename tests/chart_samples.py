"""Small, realistic DataFrames shaped like the data_access results, for chart and export tests."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

import pandas as pd

UNITS = [
    ("VP_UBND", "Văn phòng UBND tỉnh", "department"),
    ("SO_NV", "Sở Nội vụ", "department"),
    ("SO_TNMT", "Sở Tài nguyên và Môi trường", "department"),
    ("BQL_KKT", "Ban Quản lý Khu kinh tế Dung Quất và các Khu công nghiệp Quảng Ngãi", "department"),
    ("SO_KHDT", "Sở Kế hoạch và Đầu tư", "department"),
    ("H_BINHSON", "Huyện Bình Sơn", "district"),
]


def dossiers_by_unit() -> pd.DataFrame:
    received = [98281, 12450, 8833, 1520, 4410, 23001]
    rates = [0.995, 0.9955, 0.972, 0.941, None, 0.988]
    return pd.DataFrame({
        "unit": [u[0] for u in UNITS], "unit_name": [u[1] for u in UNITS], "unit_kind": [u[2] for u in UNITS],
        "dossiers_received": received, "dossier_on_time_rate": rates,
    })


def tasks_by_unit() -> pd.DataFrame:
    return pd.DataFrame({
        "unit": [u[0] for u in UNITS], "unit_name": [u[1] for u in UNITS],
        "tasks_total": [120, 95, 60, 40, 33, 70],
        "tasks_no_deadline": [10, 5, 0, 2, 3, 4],
        "tasks_completed_on_time": [90, 60, 30, 20, 20, 40],
        "tasks_completed_late": [5, 10, 12, 8, 2, 6],
        "tasks_in_progress_on_time": [12, 15, 10, 5, 6, 12],
        "tasks_overdue": [3, 5, 8, 5, 2, 8],
    })


def tasks_by_leader() -> pd.DataFrame:
    return pd.DataFrame({
        "leader": ["CT", "PCT1", "PCT2"], "leader_name": ["Đặng Văn Minh", "Trần Hoàng Tuấn", "Trần Phước Hiền"],
        "tasks_completed_on_time": [300, 150, 120], "tasks_completed_late": [12, 9, 6],
        "tasks_in_progress_on_time": [40, 20, 15], "tasks_overdue": [3, 7, 4],
    })


def dossiers_by_bucket() -> pd.DataFrame:
    months = [date(2021, m, 1) for m in range(1, 13)]
    received = [7800, 6100, 8400, 8200, 8900, 8300, 7600, 7900, 8700, 9100, 8800, 8481]
    resolved = [7400, 6000, 8000, 7900, 8600, 8100, 7300, 7600, 8300, 8600, 8400, 4066]
    return pd.DataFrame({"bucket": months, "dossiers_received": received, "dossiers_resolved": resolved,
                         "dossier_on_time_rate": [0.99, 0.992, 0.995, 0.996, 0.994, 0.997, 0.995, 0.993, 0.996,
                                                  0.995, 0.9955, 0.998]})


def dossiers_by_channel() -> pd.DataFrame:
    return pd.DataFrame({"channel": ["direct", "online", "postal"], "dossiers": [59317, 20466, 18498]})


def petitions_by_kind() -> pd.DataFrame:
    return pd.DataFrame({"kind": ["complaint", "denunciation", "recommendation", "land_dispute"],
                         "eligible": [256, 36, 120, 25], "ineligible": [300, 58, 150, 50]})


def overdue_aging() -> pd.DataFrame:
    return pd.DataFrame({"bucket": ["≤ 30 ngày", "31–60 ngày", "61–120 ngày", "> 120 ngày"], "tasks": [14, 6, 3, 1]})


CRITERIA = [("1", "Công tác chỉ đạo, điều hành CCHC", Decimal("10.00")), ("2", "Cải cách thể chế", Decimal("8.00")),
            ("3", "Cải cách thủ tục hành chính", Decimal("12.00")), ("4", "Cải cách tổ chức bộ máy", Decimal("8.00")),
            ("5", "Cải cách chế độ công vụ", Decimal("10.00")), ("6", "Cải cách tài chính công", Decimal("7.00")),
            ("7", "Xây dựng chính quyền điện tử, chính quyền số", Decimal("10.00"))]


def par_criteria() -> pd.DataFrame:
    rows = []
    for i, (code, name, _) in enumerate(UNITS[:5]):
        for j, (ccode, cname, mx) in enumerate(CRITERIA):
            score = (mx * Decimal(100 - (i * 7 + j * 3) % 35) / 100).quantize(Decimal("0.01"))
            rows.append({"unit": code, "unit_name": name, "criterion_code": ccode, "criterion_name": cname,
                         "max_points": mx, "self_score": mx, "appraised_score": score,
                         "percent": float(score / mx)})
    return pd.DataFrame(rows)
