"""A short load test in the suite: 20 residents for 5 seconds against gunicorn.

The long one (200 residents for 60 s) is bench/load_test.py. Both ask the same: no 5xx,
and every receipt a resident was shown is in the database with its case, its first timeline
line and its outbox message.
"""

from tests.residents import lost_receipts, run_crowd


def test_twenty_residents_for_five_seconds_get_no_5xx_and_lose_no_receipt(server, data_session):
    tally = run_crowd(server.base, residents=20, seconds=5)
    print(tally.summary())

    assert tally.server_errors == 0, tally.summary()
    assert tally.connection_errors == 0, tally.summary()
    assert tally.journeys["application"] and tally.journeys["booking"], tally.summary()
    assert lost_receipts(data_session, tally) == [], tally.summary()
