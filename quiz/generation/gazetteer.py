"""A small shipped list of places, so that a statistical model's slips (a capital read as a person,
"Washington" as an organisation) do not put a city among people, and one country is never offered
beside another of its names ("UK" and "Britain").

Kept short on purpose: countries, the capitals and large cities news most often names, and
the states and provinces it names beside cities. A name
not listed keeps the kind the pipeline gives it. It must hold no name of the seed article (a test
checks), so that the generator is not tuned to it.
"""

from __future__ import annotations

from .records import words

COUNTRIES = words(
    """
    Afghanistan Albania Algeria Argentina Armenia Australia Austria Azerbaijan Bangladesh Belarus
    Belgium Bolivia Brazil Bulgaria Cambodia Canada Chile China Colombia Croatia Cuba Cyprus
    Czechia Denmark Ecuador Egypt Estonia Ethiopia Finland France Georgia Germany Ghana Greece
    Hungary Iceland India Indonesia Iran Iraq Ireland Israel Italy Japan Jordan Kazakhstan Kenya
    Kosovo Latvia Lebanon Libya Lithuania Luxembourg Malaysia Mali Malta Mexico Moldova Mongolia
    Montenegro Morocco Myanmar Nepal Netherlands Nigeria Norway Pakistan Panama Peru Philippines
    Poland Portugal Qatar Romania Russia Rwanda Serbia Singapore Slovakia Slovenia Somalia Spain
    Sudan Sweden Switzerland Syria Taiwan Thailand Tunisia Turkey Uganda Uruguay
    Venezuela Vietnam Yemen Zambia Zimbabwe Britain England Scotland Wales UK US USA
    """
) | frozenset(
    {
        "United States",
        "United Kingdom",
        "Great Britain",
        "North Korea",
        "South Korea",
        "South Africa",
        "Saudi Arabia",
        "New Zealand",
        "Czech Republic",
        "North Macedonia",
        "Bosnia and Herzegovina",
        "United Arab Emirates",
        "Sri Lanka",
    }
)

CITIES = words(
    """
    Moscow Washington London Paris Berlin Brussels Rome Madrid Lisbon Vienna Warsaw
    Prague Budapest Bucharest Sofia Athens Ankara Istanbul Beijing Shanghai Tokyo Seoul Delhi
    Mumbai Cairo Tehran Baghdad Damascus Beirut Jerusalem Riyadh Doha Dubai Nairobi Lagos
    Stockholm Oslo Helsinki Copenhagen Dublin Edinburgh Amsterdam Geneva Zurich Toronto
    Sydney Canberra Melbourne Chicago Boston Brasilia Santiago Lima Bogota Caracas Havana
    Minsk Tbilisi Kharkiv Odesa Donetsk Luhansk Crimea Gaza Suez
    """
) | frozenset(
    {"New York", "Los Angeles", "San Francisco", "Mexico City", "Buenos Aires"}
)

PLACES = COUNTRIES | CITIES

# Names of one country: never two of them among one question's options.
_ALIASES = (
    {"UK", "Britain", "United Kingdom", "Great Britain"},
    {"US", "USA", "United States", "America"},
)


def same_place(a: str, b: str) -> bool:
    """Whether two names stand for one country ("UK" and "Britain")."""
    return a == b or any(a in group and b in group for group in _ALIASES)


# Every name of `_ALIASES`: any other name is one place only with itself.
_ALIASED = frozenset().union(*_ALIASES)


def same_place_as_any(name: str, others: tuple[str, ...]) -> bool:
    """Whether the name stands for one country with any of `others` (`same_place`), told by one
    lookup for the names no alias group holds: the options' checks ask it some 150,000 times on
    100 KB."""
    if name not in _ALIASED:
        return name in others
    return any(same_place(name, other) for other in others)


# States and provinces news names beside cities: one is no option for the other ("the meeting in
# Ohio" for "in Philadelphia"). Not those that are also a country's or a city's name.
REGIONS = words(
    """
    Alabama Alaska Arizona Arkansas California Colorado Connecticut Delaware Florida Hawaii Idaho
    Illinois Indiana Iowa Kansas Kentucky Louisiana Maine Maryland Massachusetts Michigan
    Minnesota Mississippi Missouri Montana Nebraska Nevada Ohio Oklahoma Oregon Pennsylvania
    Tennessee Texas Utah Vermont Virginia Wisconsin Wyoming Ontario Quebec Alberta Manitoba
    Saskatchewan Queensland Tasmania Bavaria Catalonia Lombardy Tuscany Andalusia
    """
) | frozenset(
    {
        "New Hampshire",
        "New Jersey",
        "New Mexico",
        "North Carolina",
        "North Dakota",
        "Rhode Island",
        "South Carolina",
        "South Dakota",
        "West Virginia",
        "British Columbia",
        "Nova Scotia",
        "New South Wales",
        "Western Australia",
    }
)


def same_grain(name: str, other: str) -> bool:
    """Whether two places are of one grain, as far as `REGIONS` tells: a state or province is no
    stand-in for a city, nor a city for one."""
    return (name in REGIONS) == (other in REGIONS)


# The continent of each country `COUNTRIES` lists (by its usual political grouping: Cyprus and
# Turkey with Europe, Egypt with Africa), so that a stem's "European countries" rules out Chile
# among the options. A country not listed here has no continent, and is no option beside such a
# qualifier.
CONTINENTS: dict[str, frozenset[str]] = {
    "Europe": words(
        """
        Albania Austria Belarus Belgium Bulgaria Croatia Cyprus Czechia Denmark Estonia Finland
        France Germany Greece Hungary Iceland Ireland Italy Kosovo Latvia Lithuania Luxembourg
        Malta Moldova Montenegro Netherlands Norway Poland Portugal Romania Russia Serbia Slovakia
        Slovenia Spain Sweden Switzerland Turkey Britain England Scotland Wales UK
        """
    )
    | frozenset(
        {
            "United Kingdom",
            "Great Britain",
            "Czech Republic",
            "North Macedonia",
            "Bosnia and Herzegovina",
        }
    ),
    "Asia": words(
        """
        Afghanistan Armenia Azerbaijan Bangladesh Cambodia China Georgia India Indonesia Iran Iraq
        Israel Japan Jordan Kazakhstan Lebanon Malaysia Mongolia Myanmar Nepal Pakistan
        Philippines Qatar Singapore Syria Taiwan Thailand Vietnam Yemen
        """
    )
    | frozenset(
        {
            "North Korea",
            "South Korea",
            "Saudi Arabia",
            "United Arab Emirates",
            "Sri Lanka",
        }
    ),
    "Africa": words(
        """
        Algeria Egypt Ethiopia Ghana Kenya Libya Mali Morocco Nigeria Rwanda Somalia Sudan Tunisia
        Uganda Zambia Zimbabwe
        """
    )
    | frozenset({"South Africa"}),
    "America": words(
        """
        Argentina Bolivia Brazil Canada Chile Colombia Cuba Ecuador Mexico Panama Peru Uruguay
        Venezuela US USA
        """
    )
    | frozenset({"United States"}),
    "Oceania": words("Australia") | frozenset({"New Zealand"}),
}

# The adjectives a stem qualifies countries by, and the continent each names.
CONTINENT_OF_ADJECTIVE = {
    "European": "Europe",
    "Asian": "Asia",
    "African": "Africa",
    "American": "America",
    "Latin American": "America",
    "South American": "America",
}
