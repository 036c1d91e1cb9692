"""Realistic seller conversations: each simulated seller has a company and a persona of its own."""

from __future__ import annotations

from dataclasses import dataclass

# Names that appear nowhere in the sample knowledge or playbooks, so a reply that names one was
# made for the seller who said it.
COMPANIES = (
    "Tailspin",
    "Wingtip",
    "Litware",
    "Proseware",
    "Adventure Works",
    "Coho",
    "Lucerne",
    "Woodgrove",
    "Fourth Coffee",
    "Blue Yonder",
    "Humongous",
    "Trey Research",
    "Southridge",
    "Relecloud",
    "VanArsdel",
    "Bellows",
    "Wide World",
    "Margie",
    "Alpine",
    "Datum",
    "Tasmanian",
)
PERSONAS = ("CFO", "CTO", "head of procurement", "VP of sales", "IT director", "COO")

TURNS = (
    "I have a discovery call with the {persona} at {company} tomorrow",
    "next",
    "next",
    "what should I send them?",
    "back",
    "they say we're too expensive",
    "prep me for my call with {company}'s {persona}, evaluation stage",
    "show me the whole play",
    "next",
    "how do I build a business case?",
    "stop",
)


@dataclass(frozen=True)
class Seller:
    """One simulated seller: a conversation id, a company nobody else uses, a persona."""

    index: int
    run: str

    @property
    def sender(self) -> str:
        return f"loadtest-{self.run}-{self.index}"

    @property
    def company(self) -> str:
        base = COMPANIES[self.index % len(COMPANIES)]
        round_ = self.index // len(COMPANIES)
        return base if round_ == 0 else f"{base} {round_ + 1}"

    @property
    def persona(self) -> str:
        return PERSONAS[self.index % len(PERSONAS)]

    def turn(self, number: int) -> str:
        """The seller's message for turn ``number`` (0-based); the script repeats."""
        return TURNS[number % len(TURNS)].format(company=self.company, persona=self.persona)
