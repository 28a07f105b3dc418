"""The JSON API under /api/: the pages' services, selectors and permission policy, for
programs and for logged-in browsers.

Authentication: ``Authorization: Bearer <token>`` with a token from ``anju manage api_token
USERNAME [--name NAME]`` (or ``anju.api.tokens.token_create``); only its SHA-256 digest is
stored. A logged-in browser session works too; its writes need Django's CSRF token.

Answers are UTF-8 JSON with Chinese as itself; every figure is an exact decimal string
("712.62"), never a float, and JSON numbers sent in are read as decimals. Refusals:
401 not authenticated, 403 the policy says no, 404 unknown unit, month or programme
(``{"detail": "message"}``); 422 ``{"detail": [messages], "fields": {field: message}}``;
409 on a stale report version, with the report as it now is. Schema: /api/openapi.json;
documentation: /api/docs (served from anju's own static files).

Endpoints (``{unit}`` is a unit code or exact name, ``{period}`` is YYYY-MM):

    GET  /units/{unit}                      the unit, its ancestors, the caller's permissions
    GET  /units/{unit}/children
    GET  /periods/{unit}                    months of the programmes covering the unit
    POST /periods/{unit}/{period}           open the month {"due_date"?}
    POST /periods/{unit}/{period}/close     close it: no change without an unlock
    GET  /programmes                        programmes covering a unit the caller can see
    GET  /programmes/{code}                 elements, indicators, tables, milestones
    GET  /reports/{unit}/{period}           status, version, figures, note, review comment
    PUT  /reports/{unit}/{period}           {"version", "figures", "comment"}
    POST /reports/{unit}/{period}/submit    {"note", "version"?}
    POST /reports/{unit}/{period}/approve   {"comment"?}
    POST /reports/{unit}/{period}/return    {"comment"}
    POST /reports/{unit}/{period}/unlock    {"reason"}
    GET  /tables/{unit}/{period}            the bulletin's attachment tables
    GET  /indicators/{unit}/{period}        each child's figures, indicators, ranks; totals
    GET  /milestones/{unit}/{period}        each child against each milestone
    GET  /bulletins/{unit}                  issued bulletins with links to their files
    POST /bulletins/{unit}/{period}/generate  {"format", "number"?, "date"?}: the file, now
    GET  /bulletins/{unit}/{period}         the issued bulletin: tables as issued, changes since
    POST /bulletins/{unit}/{period}/issue   {"number", "date", "unreviewed_ok"?}
    POST /bulletins/{unit}/{period}/correct {"number", "date", "note"?}: a 更正通报
    GET  /bulletins/{unit}/{period}/{fmt}   the archived file if issued, else the draft
"""
