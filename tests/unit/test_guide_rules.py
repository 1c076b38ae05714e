"""The guide's rules, one behaviour each."""

import pytest

from portal.public.forms.guide import ChildrenForm, CircumstancesForm, SituationForm
from portal.services.information.guide import (
    CHILDREN,
    CIRCUMSTANCES,
    SITUATIONS,
    Answers,
    Rule,
    advise,
)


def answers(situation="other", children="no", *circumstances):
    return Answers(situation, children, frozenset(circumstances))


@pytest.mark.parametrize(
    ("situation", "expected_first"),
    [
        ("no_home", ["miste-bolig", "kommunal-bolig"]),
        ("losing_home", ["miste-bolig", "kommunal-bolig", "bostotte"]),
        ("rent_too_high", ["bostotte", "startlan", "fra-leie-til-eie"]),
        ("want_to_buy", ["startlan", "fra-leie-til-eie", "tilskudd"]),
        ("unsuitable_home", ["kommunal-bolig", "tilskudd"]),
        ("other", ["bostotte"]),
    ],
)
def test_each_situation_points_to_its_schemes_most_pressing_first(situation, expected_first):
    slugs = advise(answers(situation)).slugs

    assert slugs[: len(expected_first)] == expected_first


def test_everyone_is_pointed_to_guidance_last():
    for situation in SITUATIONS:
        assert advise(answers(situation)).slugs[-1] == "veiledning"


@pytest.mark.parametrize(
    ("circumstance", "slug"),
    [
        ("aftercare", "ettervern"),
        ("follow_up", "bo-oppfolging"),
        ("elderly", "eldre"),
        ("elderly", "tilskudd"),
        ("disability", "tilskudd"),
        ("stable_low_income", "startlan"),
    ],
)
def test_each_circumstance_adds_its_page(circumstance, slug):
    assert slug in advise(answers("other", "no", circumstance)).slugs


def test_a_page_is_listed_once_even_when_two_rules_point_to_it():
    slugs = advise(answers("want_to_buy", "no", "stable_low_income", "disability")).slugs

    assert slugs.count("startlan") == 1
    assert slugs.count("tilskudd") == 1


def test_families_with_children_are_told_they_come_first_for_startlan():
    assert advise(answers("want_to_buy", "yes")).families_come_first
    assert not advise(answers("want_to_buy", "no")).families_come_first
    assert not advise(answers("no_home", "yes")).families_come_first


def test_rules_are_data_that_can_be_changed():
    rules = [Rule("a", {"children": {"yes"}}), Rule("b")]

    assert advise(answers("other", "yes"), rules).slugs == ["a", "b"]
    assert advise(answers("other", "no"), rules).slugs == ["b"]


def test_the_forms_offer_exactly_the_answers_the_rules_know():
    def offered(field):
        return [choice.value for choice in field.kwargs["choices"]]

    assert offered(SituationForm.situation) == SITUATIONS
    assert offered(ChildrenForm.children) == CHILDREN
    assert offered(CircumstancesForm.circumstances) == CIRCUMSTANCES
