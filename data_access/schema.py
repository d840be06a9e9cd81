"""The database schema, in SQLAlchemy Core.

Every table the dashboard reads is declared here once; Alembic migrations
(`data_access/migrations`) are written against this metadata. Dates are dates,
datetimes are naive local datetimes (Asia/Ho_Chi_Minh), PAR points are exact
decimals (see `Points`).
"""
from __future__ import annotations

from decimal import Decimal

from sqlalchemy import (
    BigInteger, Boolean, CheckConstraint, Column, Computed, Date, DateTime, ForeignKey, Index, Integer, MetaData, Numeric,
    String, Table, Text, TypeDecorator, text,
)

from .dialects import TurnaroundBucket

metadata = MetaData(naming_convention={
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
})

HUNDRED = Decimal(100)
CENT = Decimal("0.01")


class Points(TypeDecorator):
    """PAR points with two decimals, summed exactly on every database.

    PostgreSQL has an exact NUMERIC; SQLite would store a float, so there the
    value is kept as an integer number of hundredths. SUM() keeps this type, so
    aggregated results convert back to `Decimal` the same way.
    """

    impl = Numeric(8, 2)
    cache_ok = True

    def load_dialect_impl(self, dialect):
        if dialect.name == "sqlite":
            return dialect.type_descriptor(Integer())
        return dialect.type_descriptor(Numeric(12, 2, asdecimal=True))

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        value = Decimal(str(value)).quantize(CENT)
        if dialect.name == "sqlite":
            return int(value * HUNDRED)
        return value

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        if dialect.name == "sqlite":
            return (Decimal(int(value)) / HUNDRED).quantize(CENT)
        return Decimal(value).quantize(CENT)


leaders = Table(
    "leaders", metadata,
    Column("code", String(20), primary_key=True),
    Column("name", String(200), nullable=False),
    Column("title", String(20), nullable=False),  # chairman | vice_chairman
    Column("sectors", Text),  # ';'-separated portfolio
)

units = Table(
    "units", metadata,
    Column("code", String(30), primary_key=True),
    Column("name", String(300), nullable=False),
    Column("kind", String(20), nullable=False),  # department | district | commune | other
    Column("parent_code", String(30), ForeignKey("units.code")),
    Column("supervising_leader", String(20), ForeignKey("leaders.code")),
    Column("valid_from", Date),
    Column("valid_to", Date),
    Column("email", Text),  # official address(es) for reminders, ';'-separated
    # The former province whose unit this was (quang_ngai | kon_tum; NULL: a unit of the merged
    # province only). Before 2025 the two former provinces are separate PAR series (SPEC §2.5).
    Column("former_province", String(20)),
    Index(None, "parent_code"),
    Index(None, "kind"),
)

# Lineage of the 2025 reorganisation (SPEC §2.5): `predecessor` ended the day before
# `effective_date`, `successor` began on it. A split has exactly one primary successor, the one
# that takes over the predecessor's open items. The importer checks cycles and dates.
unit_lineage = Table(
    "unit_lineage", metadata,
    Column("predecessor", String(30), ForeignKey("units.code"), primary_key=True),
    Column("successor", String(30), ForeignKey("units.code"), primary_key=True),
    Column("effective_date", Date, nullable=False),
    Column("kind", String(10), nullable=False),  # merge | rename | split
    Column("is_primary", Boolean, nullable=False, server_default=text("false")),
    Column("legal_basis", Text),
    CheckConstraint("kind IN ('merge', 'rename', 'split')", name="kind"),
    CheckConstraint("predecessor <> successor", name="not_self"),
    Index(None, "successor"),
)

procedures = Table(
    "procedures", metadata,
    Column("code", String(60), primary_key=True),
    Column("name", String(500), nullable=False),
    Column("field", String(200)),
    Column("time_limit_days", Integer),  # statutory limit, working days; None = same day / unknown
)

tasks = Table(
    "tasks", metadata,
    Column("task_id", String(60), primary_key=True),
    Column("title", Text, nullable=False),
    Column("source_doc", String(120)),
    Column("assigned_by", String(20), ForeignKey("leaders.code"), nullable=False),
    Column("lead_unit", String(30), ForeignKey("units.code"), nullable=False),
    Column("assigned_date", Date, nullable=False),
    Column("due_date", Date),  # None: no deadline (recurring work)
    Column("original_due_date", Date),
    Column("completed_date", Date),  # None while open
    Column("progress_note", Text),
    # Who took the open task over when its lead unit was dissolved (SPEC §2.5); None: the lineage edges say.
    Column("handover_to", String(30), ForeignKey("units.code")),
    # The ISO week ("2026-W49") of the briefing whose conclusion (kết luận giao ban) this task is, SPEC §2.6;
    # None for every other task. Set when the Office records the conclusion (data_access/conclusions.py).
    Column("briefing_week", String(8)),
    Index(None, "assigned_date", "lead_unit"),
    Index(None, "lead_unit", "assigned_date"),
    Index(None, "due_date", "completed_date"),
    # Covering: the state counts of a period and the standing backlog read only these indexes.
    Index("ix_tasks_period_cover", "assigned_date", "lead_unit", "due_date", "completed_date"),
    Index("ix_tasks_backlog_cover", "due_date", "completed_date", "assigned_date", "lead_unit"),
    # Per-unit figures group by lead unit; SQLite then walks a lead_unit-first index, so cover it too.
    Index("ix_tasks_unit_cover", "lead_unit", "assigned_date", "due_date", "completed_date"),
    # The few handed-over tasks, read once per query in the current view (org.Attribution.handovers).
    Index("ix_tasks_handover", "handover_to", "lead_unit",
          sqlite_where=text("handover_to IS NOT NULL"), postgresql_where=text("handover_to IS NOT NULL")),
    # The few conclusions, read by week for the next briefing.
    Index("ix_tasks_briefing_week", "briefing_week", "lead_unit",
          sqlite_where=text("briefing_week IS NOT NULL"), postgresql_where=text("briefing_week IS NOT NULL")),
)

task_co_units = Table(
    "task_co_units", metadata,
    Column("task_id", String(60), ForeignKey("tasks.task_id", ondelete="CASCADE"), primary_key=True),
    Column("unit_code", String(30), ForeignKey("units.code"), primary_key=True),
)

dossiers = Table(
    "dossiers", metadata,
    Column("dossier_id", String(60), primary_key=True),
    Column("unit", String(30), ForeignKey("units.code"), nullable=False),
    Column("procedure_code", String(60), ForeignKey("procedures.code"), nullable=False),
    Column("channel", String(10), nullable=False),  # direct | online | postal
    Column("received_at", DateTime, nullable=False),
    Column("due_at", DateTime, nullable=False),
    # False when the source gave a date without a time of day: on-time then compares dates.
    Column("due_has_time", Boolean, nullable=False, server_default=text("true")),
    Column("resolved_at", DateTime),
    Column("resolved_has_time", Boolean, nullable=False, server_default=text("true")),
    Column("end_state", String(10)),  # withdrawn | returned
    Column("ended_at", DateTime),
    Column("rating", String(12)),  # satisfied | unsatisfied
    Column("handover_to", String(30), ForeignKey("units.code")),  # see tasks.handover_to
    # Computed by the database from resolved_at − received_at (dialects.TurnaroundBucket); with
    # its index and `dossier_turnaround` it makes the exact median cheap (dossiers.py).
    Column("turnaround_bucket", Integer, Computed(TurnaroundBucket())),
    Index(None, "received_at", "unit"),
    Index(None, "unit", "received_at"),
    # received_at rides along so that the median turnaround and "received before, resolved after
    # `to`" (pending at a past date) read only this index, never the table.
    Index(None, "resolved_at", "unit", "received_at"),
    Index(None, "unit", "resolved_at"),
    # The open dossiers (a few thousand of millions) and the withdrawn/returned ones: partial
    # indexes, so the overdue list as of today reads only them.
    Index("ix_dossiers_open", "unit", "due_at",
          sqlite_where=text("resolved_at IS NULL AND ended_at IS NULL"),
          postgresql_where=text("resolved_at IS NULL AND ended_at IS NULL")),
    Index("ix_dossiers_ended_at", "ended_at",
          sqlite_where=text("ended_at IS NOT NULL"), postgresql_where=text("ended_at IS NOT NULL")),
    # The values of one turnaround bucket resolved in a period, in one index range (the median).
    Index(None, "turnaround_bucket", "resolved_at", "unit", "received_at"),
    # …and for a few units, unit first: one range per unit instead of the bucket's values of every unit.
    Index(None, "unit", "turnaround_bucket", "resolved_at", "received_at"),
    Index("ix_dossiers_handover", "handover_to", "unit",
          sqlite_where=text("handover_to IS NOT NULL"), postgresql_where=text("handover_to IS NOT NULL")),
    # Pending and overdue at a past day, resolved since: resolved late. Only those (a few per cent), with
    # every column the overdue list reads (dossiers._pending_overdue_rows).
    Index("ix_dossiers_resolved_late", "resolved_at", "unit", "due_at", "received_at", "ended_at", "handover_to",
          sqlite_where=text("resolved_at > due_at"), postgresql_where=text("resolved_at > due_at")),
)

# Rollups of `dossiers`, kept exact by database triggers (data_access/rollups.py) so that every
# writer — the importer, the seed, a hand-run UPDATE — keeps them in step. A page's figures over
# ten million dossiers then read a few thousand rollup rows instead of millions of dossiers.
# WITHOUT ROWID on SQLite clusters the rows by day, so a period is one contiguous range.
dossier_daily = Table(
    "dossier_daily", metadata,
    # Events per day × receiving unit × procedure × channel: receptions counted on the day
    # received, resolutions (and their on-time, rated, satisfied counts) on the day resolved.
    Column("day", Date, primary_key=True),
    Column("unit", String(30), primary_key=True),
    Column("procedure_code", String(60), primary_key=True),
    Column("channel", String(10), primary_key=True),
    # The two facts that place a dossier in the organisation of any day R (SPEC §2.5, org.py):
    # `closed_before` = the first organisation boundary (`org_boundaries`) after the day it was
    # resolved or ended, OPEN_KEY while open or closed after the last boundary; `handover_to`, '' if none.
    Column("closed_before", Date, primary_key=True),
    Column("handover_to", String(30), primary_key=True),
    Column("received", Integer, nullable=False),
    Column("resolved", Integer, nullable=False),
    Column("resolved_on_time", Integer, nullable=False),
    Column("rated", Integer, nullable=False),
    Column("satisfied", Integer, nullable=False),
    Index(None, "unit", "day"),
    sqlite_with_rowid=False,
)

dossier_backlog = Table(
    "dossier_backlog", metadata,
    # A dossier is pending on the days [received, closed) and pending-overdue on the days
    # [max(received, due + 1 day), closed): +1 where an interval opens, −1 where it closes.
    # The pending (overdue) count as of `to` is the sum of the deltas up to `to`.
    Column("unit", String(30), primary_key=True),
    Column("day", Date, primary_key=True),
    Column("closed_before", Date, primary_key=True),  # as in dossier_daily
    Column("handover_to", String(30), primary_key=True),
    Column("pending_delta", Integer, nullable=False),
    Column("overdue_delta", Integer, nullable=False),
    # The stock as of a day reads the days of its month for every unit (dossiers._pending_as_of).
    Index(None, "day"),
    sqlite_with_rowid=False,
)

dossier_turnaround = Table(
    "dossier_turnaround", metadata,
    # Resolutions per day resolved × receiving unit × turnaround bucket: the histogram that says in
    # which bucket the median of a period lies, and at which rank within it.
    Column("day", Date, primary_key=True),
    Column("unit", String(30), primary_key=True),
    Column("bucket", Integer, primary_key=True),
    Column("closed_before", Date, primary_key=True),  # as in dossier_daily
    Column("handover_to", String(30), primary_key=True),
    Column("resolved", Integer, nullable=False),
    Index(None, "unit", "day"),
    sqlite_with_rowid=False,
)

# The same rollups per month (`month` = the first day of the month; every other key as in the daily
# table), kept by triggers on the daily tables (rollups.monthly_trigger_ddl): a year's figures read
# twelve months of these plus the ragged days at its ends from the daily tables (dossiers.py).
dossier_monthly = Table(
    "dossier_monthly", metadata,
    Column("month", Date, primary_key=True),
    Column("unit", String(30), primary_key=True),
    Column("procedure_code", String(60), primary_key=True),
    Column("channel", String(10), primary_key=True),
    Column("closed_before", Date, primary_key=True),
    Column("handover_to", String(30), primary_key=True),
    Column("received", Integer, nullable=False),
    Column("resolved", Integer, nullable=False),
    Column("resolved_on_time", Integer, nullable=False),
    Column("rated", Integer, nullable=False),
    Column("satisfied", Integer, nullable=False),
    Index(None, "unit", "month"),
    sqlite_with_rowid=False,
)

dossier_backlog_monthly = Table(
    "dossier_backlog_monthly", metadata,
    Column("unit", String(30), primary_key=True),
    Column("month", Date, primary_key=True),
    Column("closed_before", Date, primary_key=True),
    Column("handover_to", String(30), primary_key=True),
    Column("pending_delta", Integer, nullable=False),
    Column("overdue_delta", Integer, nullable=False),
    Index(None, "month"),
    sqlite_with_rowid=False,
)

dossier_turnaround_monthly = Table(
    "dossier_turnaround_monthly", metadata,
    Column("month", Date, primary_key=True),
    Column("unit", String(30), primary_key=True),
    Column("bucket", Integer, primary_key=True),
    Column("closed_before", Date, primary_key=True),
    Column("handover_to", String(30), primary_key=True),
    Column("resolved", Integer, nullable=False),
    Index(None, "unit", "month", "bucket"),
    sqlite_with_rowid=False,
)

# The first days of a new organisation (every lineage effective date, the day after every unit's
# valid_to), copied here by `rollups.sync_boundaries` whenever units or lineage change. The rollup
# triggers read it to key each dossier by the boundary that follows its close (`closed_before`),
# which is all the current view needs to attribute rollup rows exactly on any day R.
org_boundaries = Table(
    "org_boundaries", metadata,
    Column("day", Date, primary_key=True),
)

# The bulk import's guard (importing/bulk.py): while its transaction holds a row here (keyed by the
# transaction id on PostgreSQL), the dossier rollup triggers stand aside for that transaction only and
# the import applies the rollup delta once itself. The row is deleted before commit; the deferred foreign
# key to the always-empty `rollup_guard_never` makes a commit that still holds one fail.
rollup_guard_never = Table(
    "rollup_guard_never", metadata,
    Column("txid", BigInteger, primary_key=True, autoincrement=False),
)
rollup_guard = Table(
    "rollup_guard", metadata,
    Column("txid", BigInteger, ForeignKey("rollup_guard_never.txid", deferrable=True, initially="DEFERRED"),
           primary_key=True, autoincrement=False),
)

petitions = Table(
    "petitions", metadata,
    Column("petition_id", String(60), primary_key=True),
    Column("received_date", Date, nullable=False),
    Column("kind", String(20), nullable=False),  # complaint | denunciation | recommendation | land_dispute
    Column("eligible", Boolean, nullable=False),
    Column("duplicate", Boolean, nullable=False, server_default=text("false")),
    Column("group_petition", Boolean, nullable=False, server_default=text("false")),
    Column("handling_unit", String(30), ForeignKey("units.code"), nullable=False),
    Column("accepted_date", Date),
    Column("due_date", Date),
    Column("resolved_date", Date),
    Column("handover_to", String(30), ForeignKey("units.code")),  # see tasks.handover_to
    Index(None, "received_date", "handling_unit"),
    Index(None, "handling_unit", "received_date"),
    # Covering: the period's counts and the overdue backlog read only these indexes.
    Index("ix_petitions_period_cover", "received_date", "handling_unit", "eligible", "kind", "group_petition",
          "resolved_date"),
    Index("ix_petitions_backlog_cover", "due_date", "eligible", "received_date", "resolved_date", "handling_unit"),
    Index("ix_petitions_unit_cover", "handling_unit", "received_date", "eligible", "kind", "group_petition",
          "resolved_date", "due_date"),
    Index("ix_petitions_handover", "handover_to", "handling_unit",
          sqlite_where=text("handover_to IS NOT NULL"), postgresql_where=text("handover_to IS NOT NULL")),
)

receptions = Table(
    "receptions", metadata,
    Column("reception_id", String(60), primary_key=True),
    Column("date", Date, nullable=False),
    Column("kind", String(20), nullable=False),  # regular | leader_periodic | leader_ad_hoc
    Column("leader", String(20), ForeignKey("leaders.code")),
    Column("people", Integer, nullable=False),
    Column("group_delegations", Integer, nullable=False, server_default=text("0")),
    Index(None, "date"),
)

par_scores = Table(
    "par_scores", metadata,
    Column("year", Integer, primary_key=True),
    Column("unit", String(30), ForeignKey("units.code"), primary_key=True),
    Column("criterion_code", String(30), primary_key=True),
    Column("criterion_name", String(300), nullable=False),
    Column("max_points", Points, nullable=False),
    Column("self_score", Points),
    Column("appraised_score", Points, nullable=False),
    Index(None, "unit", "year"),
)

import_log = Table(
    "import_log", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("kind", String(20), nullable=False),
    Column("file_name", String(500), nullable=False),
    Column("imported_by", String(100), nullable=False),
    Column("started_at", DateTime, nullable=False),
    Column("finished_at", DateTime),
    Column("status", String(20), nullable=False),  # ok | rejected | partial | failed
    Column("rows_inserted", Integer, nullable=False, server_default=text("0")),
    Column("rows_updated", Integer, nullable=False, server_default=text("0")),
    Column("rows_rejected", Integer, nullable=False, server_default=text("0")),
    Column("message", Text),
)

# When each unit's data last came in, per source (data_access/freshness.py): one row per unit and source,
# written by the importer in the transaction of the import (and by the seed), so "which units are stale"
# reads a few hundred rows, never the millions of dossiers.
unit_freshness = Table(
    "unit_freshness", metadata,
    Column("unit", String(30), ForeignKey("units.code"), primary_key=True),
    Column("source", String(12), primary_key=True),  # tasks | dossiers | petitions
    Column("last_fed_at", DateTime, nullable=False),  # local time of the last import holding the unit's rows
    Column("rows_fed", Integer, nullable=False),  # how many of the unit's rows that import held
    CheckConstraint("source IN ('tasks', 'dossiers', 'petitions')", name="source"),
)

targets = Table(
    "targets", metadata,
    # Office staff adjust targets as data; defaults live in data_access/targets.py.
    Column("kpi_key", String(60), primary_key=True),
    Column("target", Numeric(12, 4, asdecimal=False), nullable=False),
    Column("tolerance", Numeric(12, 4, asdecimal=False), nullable=False),
    Column("updated_at", DateTime),
)

users = Table(
    "users", metadata,
    Column("username", String(60), primary_key=True),
    Column("display_name", String(200), nullable=False),
    Column("role", String(20), nullable=False),  # chairman | vice_chairman | admin | unit
    Column("unit_code", String(30), ForeignKey("units.code")),  # the unit a `unit` user belongs to
    Column("leader_code", String(20), ForeignKey("leaders.code")),  # the leader a chairman / vice-chairman is
    Column("password_hash", String(255), nullable=False),  # argon2id; never the password
    Column("active", Boolean, nullable=False, server_default=text("true")),
    Column("failed_attempts", Integer, nullable=False, server_default=text("0")),
    Column("locked_until", DateTime),
    Column("created_at", DateTime, nullable=False),
    Column("updated_at", DateTime, nullable=False),
)

# One row per login: the browser holds a random token, the database only its SHA-256, so a copy of
# this table opens no session. Every tab and every app instance asks this table on each run, so
# logout, expiry and a disabled account apply everywhere at once (data_access/sessions.py).
login_sessions = Table(
    "login_sessions", metadata,
    Column("token_hash", String(64), primary_key=True),  # hex SHA-256 of the token; never the token
    Column("username", String(60), ForeignKey("users.username"), nullable=False),
    Column("created_at", DateTime, nullable=False),
    Column("last_seen_at", DateTime, nullable=False),
    Column("ended_at", DateTime),  # None while the session is live
    Column("ended_reason", String(20)),  # logout | logout_all | idle | absolute | inactive | password_changed
    Index(None, "username", "ended_at"),
    Index(None, "last_seen_at"),
)

audit_log = Table(
    "audit_log", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", DateTime, nullable=False),
    Column("username", String(60)),  # as typed for failed logins; None for the system
    Column("action", String(40), nullable=False),
    Column("detail", Text),  # JSON: what was exported, with which filters; counts of an import; …
    Index(None, "at"),
    Index(None, "username", "at"),
)

# Every reminder (đôn đốc, SPEC §2.6) built or sent: who, when, to which unit, as of which day, by which
# channel, with what outcome. The Office's proof of who received what; the e-mail run reads it so a failed
# delivery is retried and a delivered one never sent again (one `sent` e-mail per unit and day, held by
# the partial unique index).
reminder_log = Table(
    "reminder_log", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", DateTime, nullable=False),
    Column("username", String(60)),  # the account, or "cli:<system user>" for the command line
    Column("unit", String(30), nullable=False),  # no foreign key: the log outlives a unit's row
    Column("as_of", Date, nullable=False),
    Column("channel", String(10), nullable=False),  # json | docx | eml | email
    Column("outcome", String(12), nullable=False),  # built | sending (claimed by a run) | sent | failed | unreachable
    Column("recipient", Text),  # the address(es) an e-mail went to
    Column("error", Text),
    CheckConstraint("channel IN ('json', 'docx', 'eml', 'email')", name="channel"),
    CheckConstraint("outcome IN ('built', 'sending', 'sent', 'failed', 'unreachable')", name="outcome"),
    Index(None, "as_of", "unit"),
    Index(None, "at"),
    Index("uq_reminder_log_sent_once", "unit", "as_of", unique=True,
          sqlite_where=text("channel = 'email' AND outcome IN ('sent', 'sending')"),
          postgresql_where=text("channel = 'email' AND outcome IN ('sent', 'sending')")),
)

# Explanation requests (yêu cầu giải trình, SPEC §2.6): a leader or the Office asks ONE unit about ONE
# subject; the unit answers; the asker closes it or asks again. `unit_code` is the unit asked, as asked:
# after a reorganisation the request follows the unit's items (SPEC §2.5, data_access/explanations.py).
explanation_requests = Table(
    "explanation_requests", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("unit_code", String(30), ForeignKey("units.code"), nullable=False),
    Column("subject_kind", String(20), nullable=False),  # figure | task | dossier_backlog | petition
    Column("area", String(20)),  # a figure's area: tasks | dossiers | petitions | par
    Column("figure_key", String(60)),  # a figure's KPI key (dashboard/core/catalog.py)
    Column("period_start", Date),  # the period the figure was shown for
    Column("period_end", Date),
    Column("task_id", String(60)),  # not a foreign key: a re-imported task list must not lose the request
    Column("petition_id", String(60)),
    Column("subject_label", Text, nullable=False),  # what the asker saw, e.g. "Tỷ lệ … : 72,1%"
    Column("due_date", Date, nullable=False),  # the current question's due date
    Column("state", String(10), nullable=False),  # open | answered | closed
    Column("asked_by", String(60), nullable=False),
    Column("asked_at", DateTime, nullable=False),
    Column("updated_at", DateTime, nullable=False),
    Column("closed_at", DateTime),
    CheckConstraint("state IN ('open', 'answered', 'closed')", name="state"),
    CheckConstraint("subject_kind IN ('figure', 'task', 'dossier_backlog', 'petition')", name="subject_kind"),
    Index(None, "unit_code", "state"),
    Index(None, "state", "due_date"),
)

# The thread of a request: every question (the first and each "asked again"), answer and closing note.
explanation_messages = Table(
    "explanation_messages", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("request_id", Integer, ForeignKey("explanation_requests.id", ondelete="CASCADE"), nullable=False),
    Column("kind", String(10), nullable=False),  # question | answer | close
    Column("author", String(60), nullable=False),
    Column("at", DateTime, nullable=False),
    Column("body", Text, nullable=False),
    Column("due_date", Date),  # a question's due date
    CheckConstraint("kind IN ('question', 'answer', 'close')", name="kind"),
    Index(None, "request_id", "at"),
)

# Tables in the order they can be filled (references first).
LOAD_ORDER = [leaders, units, unit_lineage, procedures, tasks, task_co_units, dossiers, petitions, receptions, par_scores,
              unit_freshness]
