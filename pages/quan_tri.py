"""Quản trị — who did what (the audit log), and who may log in (accounts).

For the Office (role `admin`): filter the audit log by dates, account and action, and download it;
list accounts, add one (role, unit, leader), reset a password, disable an account.
"""
import streamlit as st

from dashboard.ui import admin as ui

who = ui.admin_page("Quản trị", "quan-tri", "Nhật ký truy cập và quản lý tài khoản.")
log, accounts = st.tabs(["Nhật ký truy cập", "Tài khoản"])
with log:
    ui.audit_log_section()
with accounts:
    ui.accounts_section(who.user.username)
