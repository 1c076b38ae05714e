""" "What can I get help with?": three questions, and rules that point to the schemes.

The rules are data: read them top to bottom. A rule points to an information
page (by slug) when every condition it names matches an answer. A person who
answers nothing special is still pointed to guidance, where a person helps.
"""

from dataclasses import dataclass, field

SITUATIONS = ["no_home", "losing_home", "rent_too_high", "want_to_buy", "unsuitable_home", "other"]
CHILDREN = ["yes", "no"]
CIRCUMSTANCES = ["aftercare", "disability", "stable_low_income", "follow_up", "elderly"]


@dataclass(frozen=True)
class Answers:
    situation: str
    children: str
    circumstances: frozenset[str] = frozenset()

    def matches(self, question: str, accepted: set[str]) -> bool:
        given = getattr(self, question)
        values = given if isinstance(given, frozenset) else {given}
        return bool(values & accepted)


@dataclass(frozen=True)
class Rule:
    slug: str
    when: dict[str, set[str]] = field(default_factory=dict)


RULES = [
    Rule("miste-bolig", {"situation": {"no_home", "losing_home"}}),
    Rule("kommunal-bolig", {"situation": {"no_home", "losing_home", "unsuitable_home"}}),
    Rule("bostotte", {"situation": {"losing_home", "rent_too_high", "other"}}),
    Rule("startlan", {"situation": {"want_to_buy", "rent_too_high"}}),
    Rule("startlan", {"circumstances": {"stable_low_income"}}),
    Rule("fra-leie-til-eie", {"situation": {"want_to_buy", "rent_too_high"}}),
    Rule("tilskudd", {"situation": {"want_to_buy", "unsuitable_home"}}),
    Rule("tilskudd", {"circumstances": {"disability", "elderly"}}),
    Rule("ettervern", {"circumstances": {"aftercare"}}),
    Rule("bo-oppfolging", {"circumstances": {"follow_up"}}),
    Rule("eldre", {"circumstances": {"elderly"}}),
    Rule("veiledning"),
]


@dataclass(frozen=True)
class Advice:
    slugs: list[str]  # information pages worth a look, most pressing first
    families_come_first: bool  # startlån is suggested and there are children


def advise(answers: Answers, rules: list[Rule] = RULES) -> Advice:
    """The pages worth a look for these answers, each once, in the order of the rules."""
    slugs: list[str] = []
    for rule in rules:
        if rule.slug not in slugs and all(answers.matches(q, a) for q, a in rule.when.items()):
            slugs.append(rule.slug)
    return Advice(slugs, families_come_first="startlan" in slugs and answers.children == "yes")
