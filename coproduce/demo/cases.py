"""Five fictional organisations, each modelled on one of the research's reference cases."""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Case:
    slug: str
    name: str
    name_cy: str
    people: int
    groups: list[str]
    languages: list[str] = field(default_factory=lambda: ["English"])
    sensitive: dict[str, list[str]] = field(default_factory=dict)


CASES = [
    Case(
        slug="harbour-day-centre",
        name="Harbour Day Centre",
        name_cy="Canolfan Ddydd yr Harbwr",
        people=120,
        groups=["People sleeping rough", "Hostel residents", "People in recovery",
                "Women's drop-in", "Peer mentors"],
        languages=["English", "Polish", "Romanian", "Tigrinya"],
        sensitive={"housing_situation": ["Sleeping rough", "Hostel", "Sofa surfing",
                                         "Temporary accommodation", "Own tenancy since 2024"],
                   "health": ["In recovery", "Diabetes, needs regular meals", ""]},
    ),
    Case(
        slug="unity-community-network",
        name="Unity Community Network",
        name_cy="Rhwydwaith Cymunedol Undod",
        people=80,
        groups=["Somali women", "Bangladeshi women", "Young people", "Over 50s",
                "Refugees and people seeking asylum"],
        languages=["English", "Somali", "Bengali", "Sylheti", "Arabic", "Urdu"],
        sensitive={"ethnicity": ["Somali", "Bangladeshi", "Pakistani", "Black British",
                                 "White British", "Arab"]},
    ),
    Case(
        slug="evergreen-circle",
        name="Evergreen Circle",
        name_cy="Cylch Bythwyrdd",
        people=500,
        groups=["North of the borough", "South of the borough", "East of the borough",
                "West of the borough", "Carers", "Men's group"],
        languages=["English", "Welsh", "Punjabi", "Italian"],
        sensitive={"disability": ["Uses a wheelchair", "Partially sighted", "Hard of hearing",
                                  "Early-stage dementia", ""]},
    ),
    Case(
        slug="rainbow-cancer-voices",
        name="Rainbow Cancer Voices",
        name_cy="Lleisiau Canser yr Enfys",
        people=30,
        groups=["Lesbian and bisexual women", "Gay and bisexual men", "Trans and non-binary",
                "Partners and carers"],
        sensitive={"health": ["Breast cancer, in remission", "Prostate cancer, in treatment",
                              "Bowel cancer survivor", "Caring for a partner with cancer"],
                   "sexual_orientation": ["Lesbian", "Gay", "Bisexual", "Queer"],
                   "gender_identity": ["Woman", "Man", "Non-binary", "Trans woman", "Trans man"]},
    ),
    Case(
        slug="northgate-homes",
        name="Northgate Homes",
        name_cy="Cartrefi Northgate",
        people=200,
        groups=["Residents' panel", "Tenants", "Leaseholders", "Young families",
                "Older tenants", "Tenants' and residents' associations"],
        languages=["English", "Welsh", "Polish", "Arabic", "Kurdish"],
        sensitive={"housing_situation": ["General needs tenancy", "Sheltered housing",
                                         "Shared ownership", "Leaseholder"]},
    ),
]

FIRST_NAMES = [
    "Aisha", "Alun", "Amira", "Anwen", "Barbara", "Bethan", "Bilal", "Carys", "Ceri", "Connor",
    "Dafydd", "Deborah", "Delyth", "Dewi", "Eleri", "Fatima", "Gareth", "Grace", "Gwen",
    "Hamza", "Hannah", "Harriet", "Ifan", "Iolo", "Jack", "Jamal", "Janet", "Kamala", "Kevin",
    "Leila", "Lowri", "Margaret", "Marek", "Mohammed", "Nia", "Nkechi", "Olu", "Owain", "Patrick",
    "Pat", "Rhian", "Rhys", "Rukhsana", "Sadia", "Sami", "Sian", "Stan", "Tariq", "Tomasz",
    "Ugne", "Vera", "Wyn", "Yasmin", "Zainab",
]
SURNAMES = [
    "Ahmed", "Ali", "Begum", "Bowen", "Davies", "Edwards", "Evans", "Farah", "Griffiths", "Hughes",
    "Hussain", "Jenkins", "Jones", "Khan", "Kowalski", "Lewis", "Lloyd", "Morgan", "Nowak",
    "Okafor", "Owen", "Patel", "Phillips", "Price", "Pritchard", "Roberts", "Smith", "Thomas",
    "Walsh", "Williams",
]
STREETS = ["High Street", "Station Road", "Church Lane", "Heol y Frenhines", "Park Avenue",
           "Mill Street", "Ffordd y Môr", "Victoria Road"]
