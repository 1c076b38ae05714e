"""Matching (services/housing/matching.py) and the waiting list it reads
(services/housing/waitlist.py): who fits a dwelling, in which order, and why not."""

from datetime import timedelta

from portal.models import Application
from portal.services.casework import decisions
from portal.services.casework.decisions import DecisionInput
from portal.services.housing import matching, waitlist
from tests.casework import actor_for, make_case
from tests.housing import make_dwelling, make_household, make_tenancy
from tests.staff import NOW, make_staff


def codes(fit) -> dict[str, str]:
    return {reason.code: reason.verdict for reason in fit.reasons}


def test_households_that_fit_come_by_priority_then_waiting_time(data):
    dwelling = make_dwelling(data, bedrooms=2)
    old = make_household(data, bedrooms=1, waiting_since=NOW - timedelta(days=300))
    new = make_household(data, bedrooms=2, waiting_since=NOW - timedelta(days=10))
    urgent = make_household(
        data, bedrooms=2, flags=("homeless", "children"), waiting_since=NOW - timedelta(days=5)
    )
    too_big = make_household(data, bedrooms=4, waiting_since=NOW - timedelta(days=400))
    make_household(data, bedrooms=1, status="offered")
    make_household(data, bedrooms=1, status="housed")

    found = matching.applicants_for(data, dwelling)

    assert [fit.need.id for fit in found.fitting] == [urgent.id, old.id, new.id]
    assert [fit.need.id for fit in found.near_misses] == [too_big.id]
    assert codes(found.near_misses[0])["too_few_bedrooms"] == "no"
    assert found.waiting == 4


def test_steps_wheelchairs_and_reserved_dwellings_rule_households_out(data):
    stairs = make_dwelling(data, bedrooms=2, step_free=False)
    kept = make_dwelling(
        data,
        bedrooms=1,
        step_free=True,
        suitable_for=("young_aftercare", "wheelchair"),
        reserved_for="young_aftercare",
    )
    needs_step_free = make_household(data, bedrooms=1, step_free=True)
    in_wheelchair = make_household(data, bedrooms=1, step_free=True, groups=("wheelchair",))
    young = make_household(data, bedrooms=1, groups=("young_aftercare",))

    on_stairs = matching.applicants_for(data, stairs)
    assert {f.need.id for f in on_stairs.fitting} == {young.id}
    assert codes(next(f for f in on_stairs.near_misses if f.need.id == in_wheelchair.id)) == {
        "bedrooms_fit": "yes",
        "step_free": "no",
        "wheelchair": "no",
    }
    kept_for = matching.applicants_for(data, kept)
    assert [f.need.id for f in kept_for.fitting] == [young.id]
    assert codes(kept_for.fitting[0])["reserved_group"] == "yes"
    assert {f.need.id for f in kept_for.near_misses} == {needs_step_free.id, in_wheelchair.id}


def test_notes_to_weigh_do_not_rule_anyone_out(data):
    dwelling = make_dwelling(
        data, bedrooms=4, area="Eigerøy", fire_safety_notes="Gammel panelovn.", address="Lia 1"
    )
    for unit in ("H0101", "H0102"):
        neighbour = make_household(data, flags=("follow_up",))
        flat = make_dwelling(data, address="Lia 1", unit=unit)
        make_tenancy(data, flat, neighbour, starts_on=NOW.date())
    need = make_household(
        data, bedrooms=1, areas="Sentrum", pets=True, groups=("follow_up",), flags=("follow_up",)
    )

    fit = matching.applicants_for(data, dwelling).fitting[0]

    assert fit.fits and fit.need.id == need.id
    assert codes(fit) == {
        "more_bedrooms_than_needed": "note",
        "area_not_wished": "note",
        "pets": "note",
        "follow_up_nearby": "note",
        "read_notes": "note",
    }
    assert next(r for r in fit.reasons if r.code == "follow_up_nearby").count == 2


def test_dwellings_for_a_household_put_wished_areas_and_close_sizes_first(data):
    need = make_household(data, bedrooms=2, areas="eigerøy, hellvik")
    far_but_right = make_dwelling(data, bedrooms=2, area="Sentrum")
    wished = make_dwelling(data, bedrooms=3, area="Hellvik")
    wished_exact = make_dwelling(data, bedrooms=2, area="Eigerøy")
    make_dwelling(data, bedrooms=1, area="Eigerøy")
    make_dwelling(data, bedrooms=2, area="Eigerøy", status="let")
    make_dwelling(
        data, bedrooms=2, area="Eigerøy", reserved_for="elderly", suitable_for=("elderly",)
    )

    found = [fit.dwelling.id for fit in matching.dwellings_for(data, need)]

    assert found == [wished_exact.id, wished.id, far_but_right.id]


def test_a_decision_puts_the_household_on_the_list_with_what_it_asked_for(app, data, tmp_path):
    with app.app_context():
        actor = actor_for(make_staff(data, "caseworker"))
        case = make_case(data, status="in_review", flags=("children",))
        data.add(
            Application(
                case_id=case.id,
                answers={
                    "needs": {
                        "bedrooms": "3",
                        "access": ["wheelchair"],
                        "areas": "Eigerøy",
                        "pets": "yes",
                    }
                },
                submitted_at=case.created_at,
            )
        )
        data.commit()
        decisions.decide(
            data,
            case,
            DecisionInput("waitlisted", "municipal_dwelling", "Grunner.", "Regler."),
            seen_version=case.version,
            directory=tmp_path,
            actor=actor,
            now=NOW,
        )

    need = waitlist.need_of_case(data, case)
    assert (need.bedrooms, need.step_free, need.areas, need.has_pets) == (3, True, "eigerøy", True)
    assert set(need.groups) == {"families", "wheelchair"}
    assert need.status == "waiting" and need.waiting_since == case.created_at


def test_a_case_that_ends_takes_its_household_off_the_list(app, data):
    from portal.services.casework import workflow

    with app.app_context():
        actor = actor_for(make_staff(data, "caseworker"))
        need = make_household(data)
        workflow.set_status(
            data, need.case, "closed", seen_version=need.case.version, actor=actor, now=NOW
        )
    data.refresh(need)
    assert need.status == "left" and need.ended_at == NOW
