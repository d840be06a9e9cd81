"""Đôn đốc — the Office's reminders to units (SPEC §2.6).

For the Office (role `admin`): choose the day; every unit's reminder with its counts; the official letters
(DOCX, all in one file or one unit's); the e-mails (one click, SMTP from the environment or secrets); and the
log of what was built and sent, to whom.
"""
from dashboard.ui import admin
from dashboard.ui import reminders as ui

who = admin.admin_page("Đôn đốc", "don-doc", "Đôn đốc các đơn vị về nhiệm vụ quá hạn, sắp đến hạn, hồ sơ và đơn "
                       "thư quá hạn của chính đơn vị, theo tổ chức của ngày được chọn.")
day, days = ui.choose_day()
found = ui.reminders_for(day, days)
ui.overview(found, day)
ui.letters(found, day)
ui.emails(found, day, who.user.username)
ui.log_section(day)
