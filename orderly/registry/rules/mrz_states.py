"""Three-letter codes of issuing states, organizations and nationalities (Doc 9303 Part 3, s. 5).

An MRZ shows ISO 3166-1 alpha-3 codes, with a few exceptions that ICAO defines itself:
Germany is a single 'D' (followed by two fillers), and codes for organizations, for British
nationality categories and for people without a nationality that ISO 3166 does not have.
ICAO's own specimens use 'UTO' (the fictional state of Utopia).
"""

from __future__ import annotations

import pycountry

# Doc 9303 Part 3, section 5: codes that are not ISO 3166-1 alpha-3, and the ISO code that is
# the best stand-in for statistics by country, or None where no country is meant.
ICAO_SPECIAL_CODES: dict[str, str | None] = {
    "D": "DEU",  # Germany, kept from the first editions of Doc 9303.
    # British nationality categories: all are nationals of the United Kingdom.
    "GBD": "GBR",  # British Overseas Territories Citizen
    "GBN": "GBR",  # British National (Overseas)
    "GBO": "GBR",  # British Overseas Citizen
    "GBP": "GBR",  # British Protected Person
    "GBS": "GBR",  # British Subject
    # Kosovo has no ISO 3166-1 code (XKX is only a user-assigned code), so no mapping.
    "RKS": None,  # Republic of Kosovo
    "UNK": None,  # Resident of Kosovo with a document issued by UNMIK
    # United Nations and its agencies.
    "UNO": None,  # United Nations Organization or one of its officials
    "UNA": None,  # Specialized agency of the United Nations or one of its officials
    # People without a determined nationality.
    "XXA": None,  # Stateless person (1954 Convention)
    "XXB": None,  # Refugee (1951 Convention)
    "XXC": None,  # Refugee other than under the 1951 Convention
    "XXX": None,  # Person of unspecified nationality
    # Other organizations that issue travel documents.
    "EUE": None,  # European Union
    "XBA": None,  # African Development Bank
    "XCC": None,  # Caribbean Community (CARICOM)
    "XCE": None,  # Council of Europe
    "XCO": None,  # Common Market for Eastern and Southern Africa (COMESA)
    "XDC": None,  # Southern African Development Community
    "XEC": None,  # Economic Community of West African States (ECOWAS)
    "XES": None,  # Organisation of Eastern Caribbean States
    "XIM": None,  # African Export-Import Bank
    "XMP": None,  # Parliamentary Assembly of the Mediterranean
    "XOM": None,  # Sovereign Military Order of Malta
    "XPO": None,  # International Criminal Police Organization (INTERPOL)
    # The fictional state on ICAO's specimens (Doc 9303 Parts 4 to 7).
    "UTO": None,
}

ISO_ALPHA3: frozenset[str] = frozenset(country.alpha_3 for country in pycountry.countries)

# Every code an MRZ may show, as printed without its fillers.
KNOWN_CODES: frozenset[str] = ISO_ALPHA3 | frozenset(ICAO_SPECIAL_CODES)


def is_known_state(code: str) -> bool:
    """True when ``code`` (fillers stripped) is an ISO alpha-3 or an ICAO special code."""
    return code in KNOWN_CODES


def state_to_iso3(code: str) -> str | None:
    """Map an MRZ state code to ISO 3166-1 alpha-3, or None when no country is meant.

    "D" (Germany) gives "DEU"; an ISO alpha-3 code gives itself; the British nationality
    categories GBD, GBN, GBO, GBP and GBS give "GBR"; codes for organizations (UNO, UNA, EUE,
    XPO, XOM, ...), for stateless people and refugees (XXA, XXB, XXC), for unspecified
    nationality (XXX), for Kosovo (RKS, UNK), the specimen state UTO and unknown codes give
    None. Fillers ('<') and case are ignored, so "d<<" works as well as "D".
    """
    normalized = code.strip().strip("<").upper()
    if normalized in ISO_ALPHA3:
        return normalized
    return ICAO_SPECIAL_CODES.get(normalized)
