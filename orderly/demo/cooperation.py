"""Utopia's cooperation on migration, for the demo: bilateral agreements with the States its
travellers come from most, the multilateral mechanisms it takes part in, and a few projects.

The mechanisms are real, with the years they began; Utopia's part in them, its agreements (and
their treaty series references) and its projects are made up for the demo. Projects are dated
around the demo's last year, so the review's annex always has some running. Loading again
stores nothing twice: each record is looked up by what names it first.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from orderly.cooperation.models import BilateralAgreement, CooperationProject, MultilateralMechanism
from orderly.cooperation.services import (
    bilateral_agreement_create,
    cooperation_project_create,
    multilateral_mechanism_create,
)
from orderly.core.roles import Actor

UTS = "Utopia Treaty Series"

AGREEMENTS: tuple[dict[str, Any], ...] = (
    {
        "partner": "CHN",
        "title": "Consular Convention between Utopia and the People's Republic of China",
        "kind": "consular",
        "signed_on": date(2014, 3, 12),
        "in_force_on": date(2015, 1, 19),
        "notification_hours": 96,
        "notification_mandatory": True,
        "source": f"{UTS} 2015, No. 4",
    },
    {
        "partner": "PHL",
        "title": "Consular Agreement between Utopia and the Republic of the Philippines",
        "kind": "consular",
        "signed_on": date(2016, 9, 6),
        "in_force_on": date(2017, 4, 1),
        "notification_hours": 72,
        "notification_mandatory": True,
        "source": f"{UTS} 2017, No. 11",
    },
    {
        "partner": "VNM",
        "title": "Consular Agreement between Utopia and the Socialist Republic of Viet Nam",
        "kind": "consular",
        "signed_on": date(2011, 11, 21),
        "in_force_on": date(2012, 8, 10),
        "notification_hours": 72,
        "notification_mandatory": False,
        "source": f"{UTS} 2012, No. 19",
    },
    {
        "partner": "MNG",
        "title": "Consular Convention between Utopia and Mongolia",
        "kind": "consular",
        "signed_on": date(2008, 5, 14),
        "in_force_on": date(2009, 2, 1),
        "notification_hours": 48,
        "notification_mandatory": False,
        "source": f"{UTS} 2009, No. 2",
    },
    {  # signed, awaiting ratification: the Vienna Convention still decides for Indonesians
        "partner": "IDN",
        "title": "Consular Agreement between Utopia and the Republic of Indonesia",
        "kind": "consular",
        "signed_on": date(2024, 10, 15),
        "notification_hours": 72,
        "notification_mandatory": True,
        "source": "Signed text, Ministry of Foreign Affairs of Utopia, October 2024",
    },
    {
        "partner": "PAK",
        "title": "Agreement between Utopia and the Islamic Republic of Pakistan on the "
        "Readmission of Persons Residing without Authorisation",
        "kind": "readmission",
        "signed_on": date(2018, 6, 27),
        "in_force_on": date(2019, 3, 1),
        "source": f"{UTS} 2019, No. 6",
    },
    {  # a five-year memorandum, expired and replaced by the one below
        "partner": "NPL",
        "title": "Memorandum of Understanding on Labour Mobility between Utopia and Nepal",
        "kind": "labour_mobility",
        "signed_on": date(2015, 8, 3),
        "in_force_on": date(2015, 8, 3),
        "ended_on": date(2020, 8, 3),
        "source": f"{UTS} 2015, No. 21",
    },
    {
        "partner": "NPL",
        "title": "Memorandum of Understanding between Utopia and Nepal on Employment, Fair "
        "Recruitment and the Protection of Workers",
        "kind": "labour_mobility",
        "signed_on": date(2020, 7, 28),
        "in_force_on": date(2020, 8, 3),
        "source": f"{UTS} 2020, No. 14",
    },
    {
        "partner": "BGD",
        "title": "Memorandum of Understanding between Utopia and the People's Republic of "
        "Bangladesh on the Recruitment of Workers",
        "kind": "labour_mobility",
        "signed_on": date(2019, 3, 11),
        "in_force_on": date(2019, 3, 11),
        "source": f"{UTS} 2019, No. 3",
    },
    {
        "partner": "KOR",
        "title": "Agreement on Social Security between Utopia and the Republic of Korea",
        "kind": "social_security",
        "signed_on": date(2017, 11, 2),
        "in_force_on": date(2019, 1, 1),
        "source": f"{UTS} 2019, No. 1",
    },
    {
        "partner": "THA",
        "title": "Agreement between Utopia and the Kingdom of Thailand on the Exemption of "
        "Visa Requirements for Holders of Ordinary Passports",
        "kind": "visa_waiver",
        "signed_on": date(2013, 5, 20),
        "in_force_on": date(2013, 7, 1),
        "source": f"{UTS} 2013, No. 9",
    },
)

MECHANISMS: tuple[dict[str, Any], ...] = (
    {
        "name": "Bali Process on People Smuggling, Trafficking in Persons and Related "
        "Transnational Crime",
        "kind": "regional_consultative_process",
        "role": "member",
        "joined_on": date(2002, 2, 28),
        "description": "Co-chaired by Australia and Indonesia; policy dialogue and practical "
        "cooperation against smuggling and trafficking in the Asia-Pacific.",
        "source": "Co-Chairs' Statement, First Bali Regional Ministerial Conference, 2002",
        "source_url": "https://www.baliprocess.net",
    },
    {
        "name": "Colombo Process",
        "kind": "regional_consultative_process",
        "role": "member",
        "joined_on": date(2003, 4, 2),
        "description": "Regional consultative process on overseas employment and contractual "
        "labour for countries of origin in Asia.",
        "source": "Ministerial Consultation on Overseas Employment, Colombo, April 2003",
        "source_url": "https://www.colomboprocess.org",
    },
    {
        "name": "Abu Dhabi Dialogue",
        "kind": "inter_regional_forum",
        "role": "observer",
        "joined_on": date(2008, 1, 22),
        "description": "Dialogue between Asian countries of origin and destination on "
        "temporary contractual labour mobility.",
        "source": "Abu Dhabi Declaration, first Ministerial Consultation, January 2008",
    },
    {
        "name": "Global Forum on Migration and Development",
        "kind": "global_forum",
        "role": "member",
        "joined_on": date(2007, 7, 9),
        "description": "State-led, informal and non-binding forum on migration and "
        "development, open to all Member States of the United Nations.",
        "source": "Report of the first meeting of the GFMD, Brussels, July 2007",
        "source_url": "https://www.gfmd.org",
    },
    {
        "name": "United Nations Network on Migration (country network in Utopia)",
        "kind": "un_network",
        "role": "champion",
        "joined_on": date(2021, 3, 1),
        "description": "The UN country network supports the Global Compact's implementation; "
        "Utopia takes part as a GCM Champion country.",
        "source": "Letter of the Ministry of Foreign Affairs to the Network's coordinator, 2021",
        "source_url": "https://migrationnetwork.un.org",
    },
    {
        "name": "Almaty Process on Refugee Protection and International Migration",
        "kind": "regional_consultative_process",
        "role": "observer",
        "joined_on": date(2013, 6, 5),
        "description": "Regional consultative process of Central Asia and neighbouring States.",
        "source": "Ministerial conference of the Almaty Process, Almaty, June 2013",
    },
    {  # an early process, no longer convened
        "name": "Asia-Pacific Consultations on Refugees, Displaced Persons and Migrants",
        "kind": "regional_consultative_process",
        "role": "member",
        "joined_on": date(1996, 5, 1),
        "ended_on": date(2004, 1, 1),
        "description": "Regional consultations on refugees, displaced persons and migrants, "
        "held from 1996.",
        "source": "Records of the Ministry of Foreign Affairs of Utopia",
    },
)


def projects(year: int) -> tuple[dict[str, Any], ...]:
    """The demo's projects, dated around ``year`` (the demo's last year)."""
    usd = "USD"
    return (
        {
            "title": "Better labour migration data in South Asia and Utopia",
            "partners": (
                "Department of Foreign Employment of Nepal",
                "Bureau of Manpower, Employment and Training of Bangladesh",
                "United Nations Office for South-South Cooperation",
            ),
            "funding_kind": "south_south_fund",
            "funder": "Pérez-Guerrero Trust Fund for South-South Cooperation",
            "amount": Decimal("350000.00"),
            "currency": usd,
            "starts_on": date(year - 1, 3, 1),
            "ends_on": date(year + 1, 2, 28),
            "objectives": (1, 5, 6),
            "summary": "Shared definitions and a common dashboard of labour migration flows "
            "and recruitment costs between three countries of the Colombo Process.",
            "source": "Project document PGTF/INT/UTO-NPL-BGD, signed by the partners",
        },
        {
            "title": "Integrated border management at the northern land crossings",
            "partners": ("International Organization for Migration",),
            "funding_kind": "iom_development_fund",
            "funder": "IOM Development Fund",
            "amount": Decimal("300000.00"),
            "currency": usd,
            "starts_on": date(year - 2, 7, 1),
            "ends_on": date(year, 6, 30),
            "objectives": (9, 10, 11),
            "summary": "Training, standard procedures and equipment for the Northern Land "
            "Crossing, with referral of trafficked persons to protection.",
            "source": "IOM Development Fund project agreement with the Border Authority",
        },
        {
            "title": "Safe and fair migration for women migrant workers",
            "partners": (
                "International Organization for Migration",
                "International Labour Organization",
                "UN Women",
                "United Nations Office on Drugs and Crime",
            ),
            "funding_kind": "multi_partner_trust_fund",
            "funder": "Migration Multi-Partner Trust Fund",
            "amount": Decimal("2500000.00"),
            "currency": usd,
            "starts_on": date(year - 1, 1, 1),
            "ends_on": date(year + 1, 12, 31),
            "objectives": (6, 7, 17, 23),
            "summary": "A joint programme of the UN country network: fair recruitment, "
            "services for women migrant workers, and data on violence against them.",
            "source": "Joint programme document approved by the Fund's steering committee",
        },
        {
            "title": "Cheaper remittances through the postal network",
            "partners": (
                "Korea International Cooperation Agency",
                "Utopia Post",
                "Universal Postal Union",
            ),
            "funding_kind": "bilateral_oda",
            "funder": "Korea International Cooperation Agency (KOICA)",
            "amount": Decimal("1200000.00"),
            "currency": usd,
            "starts_on": date(year - 3, 1, 1),
            "ends_on": date(year - 1, 12, 31),
            "objectives": (20,),
            "summary": "Digital money orders at post offices, for lower costs of sending "
            "remittances home.",
            "source": "Record of Discussions between KOICA and the Government of Utopia",
        },
        {
            "title": "Migrant resource centres in the provinces",
            "partners": ("Ministry of Labour of Utopia", "Provincial governments of Utopia"),
            "funding_kind": "national_budget",
            "funder": "Government of Utopia",
            "starts_on": date(year - 1, 5, 1),
            "objectives": (3, 15, 16),
            "summary": "Information, counselling and referral for migrants and their families, "
            "in their languages.",
            "source": "National Budget Act, migration services programme",
        },
    )


@dataclass(frozen=True)
class CooperationLoaded:
    """How many records the demo holds of each kind, and how many this load added."""

    agreements: int
    mechanisms: int
    projects: int
    new: int


def demo_cooperation_load(*, actor: Actor, year: int) -> CooperationLoaded:
    """Record the demo's agreements, mechanisms and projects not already recorded."""
    new = 0
    for facts in AGREEMENTS:
        keys = {key: facts[key] for key in ("partner", "title", "signed_on")}
        if not BilateralAgreement.objects.filter(**keys).exists():
            bilateral_agreement_create(actor=actor, **facts)
            new += 1
    for facts in MECHANISMS:
        if not MultilateralMechanism.objects.filter(name=facts["name"]).exists():
            multilateral_mechanism_create(actor=actor, **facts)
            new += 1
    for facts in projects(year):
        if not CooperationProject.objects.filter(title=facts["title"]).exists():
            cooperation_project_create(actor=actor, **facts)
            new += 1
    return CooperationLoaded(
        agreements=BilateralAgreement.objects.count(),
        mechanisms=MultilateralMechanism.objects.count(),
        projects=CooperationProject.objects.count(),
        new=new,
    )
