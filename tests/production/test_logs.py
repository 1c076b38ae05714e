"""No personal data in gunicorn's logs: its error log, the portal's own log lines and the
access log (deploy/gunicorn.conf.py), for a whole journey over HTTP."""

import httpx

from tests import journey
from tests.staff import PASSWORD, code_for, make_staff


def test_gunicorn_logs_nothing_personal_for_a_whole_journey(server, data_session):
    person = make_staff(data_session, "caseworker")
    with httpx.Client(base_url=server.base) as resident:
        applied = journey.apply(resident)
        booked = journey.book(resident)
    with httpx.Client(base_url=server.base) as follower:
        journey.follow(follower, *applied)
    with httpx.Client(base_url=server.base) as staff:
        token = journey.token(staff, "/admin/login")
        staff.post("/admin/login", data={"csrf_token": token, "email": person.email,
                                         "password": PASSWORD})  # fmt: skip
        token = journey.token(staff, "/admin/two-factor")
        staff.post("/admin/two-factor", data={"csrf_token": token, "code": code_for(person)})
        case_page = staff.get(f"/admin/cases/{applied[0]}")
        staff.get("/admin/queue")
    server.stop()

    log = server.output()
    assert journey.NAME in case_page.text
    assert f"/admin/cases/{applied[0]}" in log  # the access log was written
    assert journey.secrets_in(log, [applied[1], booked[1]]) == []
