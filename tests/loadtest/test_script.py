"""Simulated sellers: distinct companies, a repeating realistic script."""

from __future__ import annotations

from pregame.loadtest.script import COMPANIES, TURNS, Seller


def test_every_seller_has_a_company_of_its_own() -> None:
    sellers = [Seller(i, "r") for i in range(3 * len(COMPANIES))]
    assert len({s.company for s in sellers}) == len(sellers)
    assert len({s.sender for s in sellers}) == len(sellers)


def test_the_script_names_the_sellers_company_and_repeats() -> None:
    seller = Seller(1, "r")
    assert seller.company in seller.turn(0)
    assert seller.turn(len(TURNS)) == seller.turn(0)
