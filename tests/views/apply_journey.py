"""Walking the housing application through the pages, for view tests and benchmarks."""

from tests.html import csrf_token, parse

# Valid numbers made with identity_numbers.with_check_digits.
ADULT = "01019041170"  # born 1 January 1990
D_NUMBER = "41019012393"

ANSWERS = {
    "about_you": {
        "name": "Kari Nordmann",
        "identity_number": ADULT,
        "phone": "912 34 567",
        "email": "kari@example.no",
        "language": "nb",
        "interpreter": "no",
    },
    "household": {
        "adults_birth_years": "1988",
        "children_birth_years": "2015, 2019",
        "expecting_child": "no",
        "shared_custody": "no",
    },
    "housing": {"situation": "renting", "at_risk": "no"},
    "needs": {"bedrooms": "3", "pets": "no"},
    "health": {},
    "economy": {
        "income_sources": ["work"],
        "income_band": "25_35",
        "payment_problems": "no",
        "bostotte": "yes",
    },
    "consents": {"may_contact": ["nav"], "declaration": "y"},
}


def start(client, lang: str = "nb") -> str:
    token = csrf_token(parse(client.get(f"/{lang}/apply")))
    response = client.post(f"/{lang}/apply/start", data={"csrf_token": token})
    assert response.status_code == 302, response.status_code
    return token


def answer(client, step: str, values: dict, token: str, lang: str = "nb", **buttons):
    return client.post(f"/{lang}/apply/{step}", data={"csrf_token": token, **values, **buttons})


def fill_in_everything(client, lang: str = "nb", answers: dict = ANSWERS, token=None) -> str:
    """Start (unless given the token of a started draft) and answer every page up to the
    check page; returns the CSRF token."""
    token = token or start(client, lang)
    for step, values in answers.items():
        if step == "health":
            response = answer(client, step, {}, token, lang, skip="1")
        else:
            response = answer(client, step, values, token, lang)
        assert response.status_code == 302, (step, parse(response).select_one(".error-summary"))
    response = client.post(f"/{lang}/apply/attachments", data={"csrf_token": token})
    assert response.headers["Location"] == f"/{lang}/apply/check", response.headers["Location"]
    return token


def submit(client, token: str, lang: str = "nb"):
    client.get(f"/{lang}/apply/check")
    return client.post(f"/{lang}/apply/check", data={"csrf_token": token})
