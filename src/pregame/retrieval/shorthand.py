"""Sellers' shorthand, spelled out for search: "SLA on the ent plan?" also looks for "service
level agreement uptime" and "enterprise".

Pages write the long form ("uptime commitment", "proof of value"); sellers type the short one.
The expansion is added to the query, never put in place of the seller's word, so a page that
uses the abbreviation still matches it.
"""

from __future__ import annotations

import re

SHORTHAND: dict[str, str] = {
    "acct": "account",
    "acv": "annual contract value",
    "ae": "account executive",
    "arr": "annual recurring revenue",
    "bafo": "best and final offer",
    "bdr": "business development representative",
    "cac": "customer acquisition cost",
    "ciso": "chief information security officer",
    "csm": "customer success manager",
    "cust": "customer",
    "disco": "discovery",
    "dpa": "data processing agreement",
    "ebr": "executive business review",
    "ent": "enterprise",
    "eval": "evaluation",
    "gtm": "go to market",
    "icp": "ideal customer profile",
    "kpi": "key performance indicator",
    "ltv": "lifetime value",
    "mgr": "manager",
    "mrr": "monthly recurring revenue",
    "msa": "master services agreement",
    "mtg": "meeting",
    "nda": "non disclosure agreement",
    "nego": "negotiation",
    "nrr": "net revenue retention",
    "opp": "opportunity",
    "oppty": "opportunity",
    "poc": "proof of concept",
    "pov": "proof of value",
    "ps": "professional services",
    "qbr": "quarterly business review",
    "rfi": "request for information",
    "rfp": "request for proposal",
    "roi": "return on investment",
    "sdr": "sales development representative",
    "sla": "service level agreement uptime",
    "sow": "statement of work",
    "tco": "total cost of ownership",
    "tmrw": "tomorrow",
}

_WORD = re.compile(r"[a-z0-9]+")


def expand(query: str) -> str:
    """The query with the long form of each shorthand word it uses appended (once each)."""
    seen: dict[str, None] = {}
    for word in _WORD.findall(query.lower()):
        if word in SHORTHAND:
            seen.setdefault(SHORTHAND[word], None)
    return " ".join([query, *seen]) if seen else query
