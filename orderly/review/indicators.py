"""The indicators of the GCM review: those the platform computes from its own records (through
the published statistics, so through disclosure control) and those that come from elsewhere,
catalogued with the SDG indicator they are and who publishes them."""

from __future__ import annotations

from orderly.review.catalogue import Asked, Indicator, Reported, Source, catalogued, computed
from orderly.stats.publish import PublishedTable
from orderly.stats.selectors import table_published


def _from_table(asked: Asked, name: str, value: str = "total") -> Reported:
    """An indicator read off the published statistics table ``name``: its figure ``value``."""
    published = table_published(
        actor=asked.actor, name=name, period=asked.period, warehouse=asked.warehouse
    )
    return _reported(published, value)


def _reported(published: PublishedTable, value: str) -> Reported:
    figures = {k: v for k, v in published.figures.items() if k != value}
    as_of = published.figures.get("as_of_day") or published.as_of.isoformat()
    return Reported(
        value=published.figures.get(value),
        as_of=str(as_of),
        computed_from=f"statistics table {published.table.name} ({published.table.title})",
        figures=figures,
        breakdown=published.rows,
    )


@computed(
    "entry-exit-person-times",
    "Entry-exit person-times",
    unit="person-times",
    objectives=(1, 11),
    disaggregations=("direction", "traveller category", "nationality"),
)
def entry_exit_person_times(asked: Asked) -> Reported:
    """Admitted crossings of the border in the period, entries and exits, each time a person
    crosses counted once, by the calendar day at the port; with the same period a year before
    and the change from it (a fraction). As the statistics table entry-exit defines it."""
    return _from_table(asked, "entry-exit")


@computed(
    "foreigners-present",
    "Foreigners present",
    unit="persons",
    objectives=(1, 5),
    disaggregations=("nationality", "basis of stay"),
)
def foreigners_present(asked: Asked) -> Reported:
    """Foreign nationals in the country at the end of the period's last day, by nationality and
    basis of stay, as the records stood at the end of today; with the same day a year before.
    As the statistics table foreigners-present defines it."""
    return _from_table(asked, "foreigners-present")


@computed(
    "overstay-rate",
    "Overstay rate (DHS method)",
    unit="fraction of expected departures",
    objectives=(11, 12),
    disaggregations=("nationality", "in-country or out-of-country"),
)
def overstay_rate(asked: Asked) -> Reported:
    """Overstays divided by expected departures in the period, by the method of the US DHS
    Entry/Exit Overstay Report, as of today (the figure falls as late exits are recorded),
    with the suspected in-country and out-of-country rates beside it. As the statistics table
    overstay-rate defines it."""
    return _from_table(asked, "overstay-rate", value="overstay_rate")


@computed(
    "stay-decisions",
    "Stays by the status decided and its reason",
    unit="stays",
    objectives=(1, 7),
    disaggregations=("basis of stay", "reason", "status"),
)
def stay_decisions(asked: Asked) -> Reported:
    """Stays of foreign nationals that began in the period, by the status the rules on stay
    decided for each (regular, irregular, exempt) and the reason, with the basis of the stay,
    as the records stood at the end of today; with the share of stays irregular. As the
    statistics table stay-decisions defines it."""
    return _from_table(asked, "stay-decisions")


@computed(
    "permits-visas-issued",
    "Visas and residence permits issued",
    unit="visas and permits",
    objectives=(5,),
    disaggregations=("kind", "type"),
)
def permits_visas_issued(asked: Asked) -> Reported:
    """Visas, residence permits and extensions of stay granted in the period, by kind and type,
    with the number a year before. As the statistics table permits-visas-issued defines it."""
    return _from_table(asked, "permits-visas-issued")


# The SDG indicators the GCM review reports beside the platform's own (their definitions as the
# UN Statistical Commission's global indicator framework words them).
for _indicator in (
    Indicator(
        "sdg-10.7.1",
        "Recruitment cost borne by employee as a proportion of monthly income earned in "
        "country of destination",
        "Recruitment costs paid by a worker, as a proportion of the monthly income earned in "
        "the country of destination.",
        "fraction of monthly income",
        (6,),
        Source.IMPORTED,
        sdg="10.7.1",
        disaggregations=("sex", "nationality"),
        provider="ILO and the World Bank (KNOMAD), from labour force and migrant surveys",
    ),
    Indicator(
        "sdg-10.7.2",
        "Number of countries with migration policies that facilitate orderly, safe, regular "
        "and responsible migration and mobility of people",
        "Whether the State's migration policies meet each of the six domains of the UN DESA and "
        "IOM assessment (rights, whole-of-government, cooperation, socio-economic well-being, "
        "crisis mobility, safe and orderly migration), as reported by the Government.",
        "domains met",
        (23,),
        Source.ENTERED,
        sdg="10.7.2",
        provider="the Government, through the UN Inquiry among Governments on Population and "
        "Development",
    ),
    Indicator(
        "sdg-10.7.3",
        "Number of people who died or disappeared in the process of migration towards an "
        "international destination",
        "Deaths and disappearances of people in the process of migration towards an "
        "international destination, recorded in the period.",
        "persons",
        (8,),
        Source.IMPORTED,
        sdg="10.7.3",
        disaggregations=("sex", "age group", "nationality"),
        provider="IOM Missing Migrants Project",
    ),
    Indicator(
        "sdg-10.7.4",
        "Proportion of the population who are refugees, by country of origin",
        "Refugees from each country of origin per 100,000 of its population.",
        "per 100,000 population",
        (2,),
        Source.IMPORTED,
        sdg="10.7.4",
        disaggregations=("nationality",),
        provider="UNHCR",
    ),
    Indicator(
        "sdg-10.c.1",
        "Remittance costs as a proportion of the amount remitted",
        "The average total cost of sending remittances, as a proportion of the amount sent.",
        "fraction of the amount sent",
        (20,),
        Source.IMPORTED,
        sdg="10.c.1",
        provider="World Bank, Remittance Prices Worldwide",
    ),
    Indicator(
        "sdg-17.3.2",
        "Volume of remittances (in US dollars) as a proportion of total GDP",
        "Personal remittances received, as a proportion of gross domestic product.",
        "fraction of GDP",
        (20,),
        Source.IMPORTED,
        sdg="17.3.2",
        provider="World Bank, World Development Indicators",
    ),
    Indicator(
        "sdg-8.8.1",
        "Fatal and non-fatal occupational injuries per 100,000 workers, by sex and migrant status",
        "Occupational injuries per 100,000 workers in the period, fatal and non-fatal apart.",
        "per 100,000 workers",
        (6,),
        Source.IMPORTED,
        sdg="8.8.1",
        disaggregations=("sex", "migrant status"),
        provider="ILO",
    ),
    Indicator(
        "sdg-8.8.2",
        "Level of national compliance with labour rights (freedom of association and "
        "collective bargaining)",
        "The ILO's score of national compliance with labour rights, from its supervisory "
        "bodies' texts and national legislation.",
        "score from 0 to 10",
        (6,),
        Source.IMPORTED,
        sdg="8.8.2",
        provider="ILO",
    ),
    Indicator(
        "sdg-16.2.2",
        "Number of victims of human trafficking per 100,000 population, by sex, age and form "
        "of exploitation",
        "Detected victims of trafficking in persons per 100,000 population in the period.",
        "per 100,000 population",
        (10,),
        Source.IMPORTED,
        sdg="16.2.2",
        disaggregations=("sex", "age group", "form of exploitation"),
        provider="UNODC, Global Report on Trafficking in Persons",
    ),
):
    catalogued(_indicator)
