"""Who may open which URL, by role (tests/test_authorization.py walks every URL of the URL conf
through these rules). Roles are the names of the test's clients; "{x}" in a URL's arguments is
the id of the test's fixture object x."""

# Who may do what (orgs/access.py), by role name of the clients below.
MANAGE = {"admin", "organizer"}
READ = MANAGE | {"reviewer", "supervisor", "viewer", "city_viewer"}
SIGN = {"reviewer", "supervisor"}
REMARK = MANAGE | {"clerk"}
EVERYONE = READ | {"clerk", "rival", "township"}
ROLES = sorted(EVERYONE)
# rule: (who may GET, who may POST)
RULES = {
    "manage": (MANAGE, MANAGE),
    "read": (READ, MANAGE),  # a readable page: its forms are for those who run it
    "read_only": (READ, set()),  # GET only
    "sign": (set(), SIGN),  # results' sign-off action (POST action=sign_off)
    "sign_form": (SIGN, SIGN),  # a sign-off form's target: a GET goes back to the page
    "remark": (REMARK, REMARK),
    "remark_page": (REMARK, set()),  # GET only: its forms post elsewhere
    "members": ({"admin"}, {"admin"}),
    "account": (EVERYONE, EVERYONE),  # one's own account and lists (filtered inside)
    # Creating: those who run some organisation (county B's organizer creates in B).
    "create": (MANAGE | {"rival", "township"}, MANAGE | {"rival", "township"}),
    "list_create": (EVERYONE, MANAGE | {"rival", "township"}),  # a list with a create form
    "approve_form": (READ, MANAGE | {"reviewer"}),  # a 评选's step: 审核 by the 审核人
}
# name: (rule, URL arguments; "{x}" is the fixture object x's id)
URLS = {
    "organizer:contest_list": ("account", []),
    "organizer:contest_create": ("create", []),
    "organizer:import_template": ("account", ["contestants", "csv"]),
    "organizer:contest_basics": ("manage", ["{contest}"]),
    "organizer:contest_copy": ("manage", ["{contest}"]),
    "organizer:live_control": ("manage", ["{contest}"]),
    "organizer:apply_preset": ("manage", ["{contest}"]),
    "organizer:draw": ("manage", ["{contest}"]),
    "organizer:import_rows": ("manage", ["{contest}", "contestants"]),
    "organizer:paste_rows": ("manage", ["{contest}", "judges"]),
    "organizer:judge_cards": ("manage", ["{contest}"]),
    "organizer:judge_regenerate": ("manage", ["{contest}", "{judge}"]),
    "organizer:contest_step": ("manage", ["{contest}", "criteria"]),
    "organizer:indicator_table": ("manage", ["{contest}"]),
    "organizer:audit_log": ("manage", ["{contest}"]),
    "organizer:recusal_add": ("manage", ["{contest}"]),
    "organizer:recusal_delete": ("manage", ["{contest}", "{recusal}"]),
    "organizer:feedback_resolve": ("manage", ["{contest}", "{feedback}"]),
    "organizer:indicator_import": ("manage", ["{contest}"]),
    "organizer:results": ("read_only", ["{contest}"]),
    "organizer:results_sign": ("sign", ["{contest}"]),
    "organizer:report_request": ("manage", ["{contest}"]),
    "organizer:report_status": ("read_only", ["{contest}"]),
    "organizer:report_download": ("read_only", ["{contest}", "{report}"]),
    "organizer:results_export": ("read_only", ["{contest}", "results", "csv"]),
    "organizer:signature_sheets": ("read_only", ["{contest}"]),
    "organizer:item_add": ("manage", ["{contest}", "criteria"]),
    "organizer:item_row": ("manage", ["{contest}", "criteria", "{criterion}"]),
    "organizer:item_edit": ("manage", ["{contest}", "criteria", "{criterion}"]),
    "organizer:item_delete": ("manage", ["{contest}", "criteria", "{criterion}"]),
    "organizer:item_move": ("manage", ["{contest}", "criteria", "{criterion}"]),
    "organizer:item_withdraw": ("manage", ["{contest}", "contestants", "{contestant}"]),
    "organizer:item_restore": ("manage", ["{contest}", "contestants", "{contestant}"]),
    "series:list": ("list_create", []),
    "series:standings": ("read_only", ["{series}"]),
    "series:rounds": ("manage", ["{series}"]),
    "series:round": ("manage", ["{series}", 1]),
    "series:entrants": ("manage", ["{series}"]),
    "series:entrants_from_contest": ("manage", ["{series}"]),
    "series:entrant_edit": ("manage", ["{series}", "{entrant}"]),
    "series:awards": ("manage", ["{series}"]),
    "series:results": ("read_only", ["{series}"]),
    "series:results_sign": ("sign_form", ["{series}"]),
    "series:settings": ("manage", ["{series}"]),
    "series:download": ("read_only", ["{series}", "matrix.xlsx"]),
    "series:board": ("read_only", ["{series}", 1]),
    "series:board_file": ("read_only", ["{series}", 1, "xlsx"]),
    "series:task_profile": ("read_only", ["{series}", "{entrant}"]),
    "followup:remarks": ("remark_page", ["{contest}"]),
    "followup:remark_add": ("remark", ["{contest}"]),
    "followup:remark_move": ("remark", ["{contest}"]),
    "followup:ledger": ("read", ["{series}"]),
    "followup:report": ("read_only", ["{series}", "xlsx"]),
    "boards:board": ("read", ["{series}"]),
    "boards:metric": ("read_only", ["{series}", "{metric}"]),
    "boards:file": ("read_only", ["{series}", "month.xlsx"]),
    "boards:pledges_file": ("read_only", ["{series}", "{entrant}"]),
    "boards:pledges": ("manage", ["{contest}"]),
    "orgs:list": ("account", []),
    "orgs:rollup": ("read_only", ["{org}"]),
    "orgs:members": ("members", ["{org}"]),
    "orgs:account": ("account", []),
    "password_change": ("account", []),
}
# The console's buttons (live/urls.py); a presenter's buttons name the presenter.
LIVE = ["start", "finish", "next", "timer", "screen", "follow", "totals", "scores", "reveal"]
URLS |= {f"organizer:live_{action}": ("manage", ["{contest}"]) for action in LIVE}
PRESENTER = ["{contest}", "{contestant}"]
URLS |= {f"organizer:live_{a}": ("manage", PRESENTER) for a in ["stage", "open", "close"]}
JUDGE = {"home": [], "sheet": ["{contestant}"], "feedback": [], "trial": []}
SCREEN = ["projector", "audience", "frame", "events", "results"]
SERIES_PUBLIC = {"page": "{series_token}", "entrant": "{entrant_token}"}
POSTED: dict[str, dict] = {}
# Reached by a secret token or by anyone (tests below and in the files named).
TOKEN_URLS = {
    "judge:home", "judge:sheet", "judge:feedback", "judge:trial",
    "screen:projector", "screen:audience", "screen:frame", "screen:events", "screen:results",
    "series_public:page", "series_public:entrant", "followup_unit:matters",
    "followup_unit:update", "followup_unit:done", "followup_unit:extend",
    "boards_unit:metrics", "boards_unit:value", "boards_unit:pledge",
    "boards_public:page",  # test_boards_pages.py: 404 until public
    "selections_public:notice",  # test_selections_pages.py: 404 until the 公示 opens
    "catchup_unit:plans", "catchup_unit:create", "catchup_unit:plan",  # test_catchup.py
    "catchup_unit:edit", "catchup_unit:submit", "catchup_unit:file",
    "orgs:join",  # test_orgs.py: one use, 72 hours
    "password_reset", "password_reset_done", "password_reset_confirm", "password_reset_complete",
}  # fmt: skip
# The streams never end, so they are checked on the ASGI application in test_push.py: the
# console's (login, organisation) and the judges' (unknown token 404).
OTHER = {"home", "login", "logout", "set_language", "healthz", "console_events", "judge_events"}
OTHER |= {"admin_login", "password_change_done"}  # redirects / a message page


# A series' rounds: taking a contest in, 新建下一期, one round's label, links.
URLS |= {f"series:round_{action}": ("manage", ["{series}"]) for action in ["add", "next"]}
for action in ["edit", "auto_link", "link"]:
    URLS[f"series:round_{action}"] = ("manage", ["{series}", 1])
URLS |= {f"series:{name}": ("manage", ["{series}"]) for name in ["entrant_add", "group_add"]}
URLS["series:entrants_import"] = ("manage", ["{series}"])
URLS |= {f"series:{name}": ("manage", ["{series}"]) for name in ["award_decide", "award_revoke"]}
URLS["series:consequence_add"] = ("manage", ["{series}"])
URLS |= {f"series:results_{name}": ("manage", ["{series}"]) for name in ["publish", "unpublish"]}
URLS |= {f"organizer:results_{name}": ("manage", ["{contest}"]) for name in ["reopen", "publish"]}
URLS["organizer:results_unpublish"] = ("manage", ["{contest}"])
# The members page's forms (orgs/views_members.py) and one's account's.
MEMBER_FORMS = ["invite", "roles", "reset"]
URLS |= {f"orgs:members_{name}": ("members", ["{org}"]) for name in MEMBER_FORMS}
for name in ["invitation_withdraw", "settings", "child_add", "read_token_add", "read_token_revoke"]:
    URLS[f"orgs:{name}"] = ("members", ["{org}"])
URLS |= {f"orgs:account_{name}": ("account", []) for name in ["name", "sign_out_elsewhere"]}
# The ledger's forms (followup/views_ledger.py).
LEDGER_FORMS = ["verify", "send_back", "cancel", "import", "settings", "indicator"]
URLS |= {f"followup:ledger_{name}": ("manage", ["{series}"]) for name in LEDGER_FORMS}
URLS |= {f"followup:extension_{name}": ("manage", ["{series}"]) for name in ["approve", "refuse"]}
# The board page's forms (boards/urls.py).
BOARD_FORMS = ["settings", "publish", "unpublish", "pledge_edit", "pledge_verify", "value_review"]
BOARD_FORMS += ["indicator", "import_definitions", "import_values", "import_pledges"]
BOARD_FORMS += ["import_benchmarks", "benchmark_add", "benchmark_value"]
URLS |= {f"boards:board_{name}": ("manage", ["{series}"]) for name in BOARD_FORMS}
# 评选 (selections/urls.py).
URLS |= {"selections:list": ("account", []), "selections:create": ("create", [])}
URLS["selections:page"] = ("read_only", ["{selection}"])
URLS["selections:file"] = ("read_only", ["{selection}", "notice.pdf"])
URLS["selections:attachment"] = ("read_only", ["{selection}", "{passage}"])
for name in ["nominee_add", "publicity", "objection_add", "commend", "reopen"]:
    URLS[f"selections:{name}"] = ("manage", ["{selection}"])
URLS["selections:nominee_withdraw"] = ("manage", ["{selection}", "{nominee}"])
URLS["selections:nominee_pass"] = ("approve_form", ["{selection}", "{nominee}"])
URLS["selections:objection_decide"] = ("manage", ["{selection}", "{objection}"])
URLS["selections:annual"] = ("manage", ["{series}"])
URLS["selections:annual_confirm"] = ("manage", ["{series}"])
URLS |= {
    f"selections:review_{name}": ("manage", ["{selection}", "{step}"]) for name in ["link", "take"]
}
URLS["selections:settings"] = ("manage", ["{selection}"])
# 对标赶超 (catchup/urls.py).
URLS["catchup:page"] = ("read_only", ["{series}"])
URLS["catchup:settings"] = ("manage", ["{series}"])
URLS["catchup:plan"] = ("read_only", ["{series}", "{plan}"])
URLS["catchup:file"] = ("read_only", ["{series}", "{plan}"])
URLS["catchup:review"] = ("manage", ["{series}", "{plan}"])
URLS["catchup:send_back"] = ("manage", ["{series}", "{plan}"])
URLS["catchup:console"] = ("manage", ["{contest}"])
