"""The 2021 figures of the report of the Office of the Quảng Ngãi UBND (SPEC.md §3), and the
few choices the report leaves open. Every generator reads its 2021 targets from here.
"""
from __future__ import annotations

YEAR = 2021

# §1.2(a), footnote 2: tasks tracked.
TASKS = 686

# §1.2(c) Trung tâm Phục vụ - Kiểm soát TTHC tỉnh.
DOSSIERS_RECEIVED = 98_281
DOSSIERS_RESOLVED = 94_266          # "giải quyết và trả kết quả ... đạt 99,5%": the on-time rate
DOSSIERS_ONLINE = 20_466
DOSSIERS_POSTAL = 18_498
VPUB_RECEIVED = 1_086               # liên thông to the UBND / the Chairman
VPUB_PENDING_AT_YEAR_END = 15       # received 1.086, resolved 1.071, 15 in progress
# Not in the report, chosen so that the figures above hold:
DOSSIERS_LATE = 471                 # 1 - 471/94.266 = 99,50 % on time (must round to 99,5 %)
DOSSIERS_WITHDRAWN = 560            # the 4.015 received but not resolved in 2021 are
DOSSIERS_RETURNED = 840             # withdrawn, returned, stuck or still in progress at year end
DOSSIERS_STUCK = 12
RATED = 42_036                      # "hơn 42.000 lượt đánh giá"
UNSATISFIED = 84                    # 41.952 / 42.036 = 99,80 % satisfied

# §1.2(d) petitions and citizen reception.
PETITIONS_RECEIVED = 995
PETITIONS_GROUP = 75
PETITIONS_ELIGIBLE = {"complaint": 256, "denunciation": 36, "recommendation": 118, "land_dispute": 27}  # 118+27 = 145
PETITIONS_INELIGIBLE = 558          # not eligible, duplicates, already handled and awaiting results
PETITIONS_DUPLICATE = 162           # of the ineligible (not in the report)
RECEPTION_REGULAR = {"sessions": 195, "people": 238, "group_delegations": 4}
RECEPTION_CHAIRMAN = {"sessions": 10, "days": 5, "people": 50, "group_delegations": 2}

# §1.2(b): the Office ranked first among departments in the 2021 PAR index.
PAR_FIRST_DEPARTMENT = "VPUB"

assert sum(PETITIONS_ELIGIBLE.values()) + PETITIONS_INELIGIBLE == PETITIONS_RECEIVED
assert 0.9945 <= 1 - DOSSIERS_LATE / DOSSIERS_RESOLVED < 0.9955
assert round(100 * (RATED - UNSATISFIED) / RATED, 1) == 99.8
