"""Word lists the recogniser and resolver use (English news; general, not per article)."""
from __future__ import annotations

#: Lower-case words that may join the words of a place name.
CONNECTORS = frozenset({
    "of", "de", "del", "della", "di", "da", "do", "dos", "das", "du", "des", "la", "le", "les", "el", "al",
    "an", "ash", "as", "ad", "ar", "at", "az", "ath", "adh", "ul", "upon", "sur", "am", "the",
    "im", "bin", "bint", "en", "es", "ed", "ez", "er", "van", "von", "der", "den", "ter",
})

#: Words before a name that make it a person (lower case, no trailing dot).
PERSON_TITLES = frozenset({
    "mr", "mrs", "ms", "miss", "dr", "sir", "dame", "lord", "lady", "president", "vice-president", "minister",
    "premier", "chancellor", "secretary", "spokesman", "spokeswoman", "spokesperson", "senator", "sen",
    "rep", "representative", "congressman", "congresswoman", "governor", "gov", "mayor", "king", "queen",
    "prince", "princess", "sheikh", "emir", "sultan", "pope", "judge", "justice", "general", "gen", "admiral", "adm",
    "colonel", "col", "lieutenant", "lt", "major", "maj", "captain", "capt", "sergeant", "sgt", "commander",
    "officer", "ambassador", "envoy", "director", "chief", "leader", "professor", "prof", "rev", "reverend",
    "father", "imam", "rabbi", "bishop", "cardinal", "coach", "saint-", "detective", "det", "deputy",
    "councilman", "councilwoman", "councillor", "sheriff", "attorney", "adviser", "advisor", "aide",
    "analyst", "correspondent", "reporter", "editor", "author", "writer", "columnist",
    "mp", "mla", "mpp", "mep", "mna", "mk", "lawmaker", "legislator", "assemblyman", "assemblywoman", "alderman",
    "dear", "mullah", "ayatollah", "marshal", "brigadier", "commissioner", "superintendent", "pastor",
    "chairman", "chairwoman", "chairperson", "delegate", "trustee", "treasurer", "clerk", "manager",
    "sister", "brother", "deacon", "monsignor", "msgr", "fr", "pc", "constable", "inspector", "insp", "supt",
})

#: Plural nouns for groups of people: after a place's name they say whose ("Paris Policemen",
#: "Jordan Juniors", "Edmonton Traders"), so the name is no given name before a surname.
GROUP_NOUNS = frozenset({
    "policemen", "policewomen", "officers", "firefighters", "troops", "soldiers", "residents", "citizens",
    "voters", "fans", "players", "juniors", "seniors", "students", "veterans", "traders", "merchants",
    "farmers", "workers", "teachers", "nurses", "doctors", "pilgrims", "refugees", "fighters", "rebels",
})

#: Words after a name (inside the capitalised run) that make the run an organisation.
ORG_SUFFIXES = frozenset({
    "brigades", "militia", "corps", "alliance", "organization", "organisation",  # "Africa Corps"
    "times", "post", "news", "herald", "journal", "tribune", "gazette", "observer", "monitor", "chronicle",
    "standard", "express", "mail", "telegraph", "guardian", "globe", "daily", "weekly", "review", "press",
    "radio", "tv", "television", "university", "college", "institute", "school", "academy", "agency",
    "ministry", "department", "airlines", "airways", "bank", "group", "company", "corporation", "corp",
    "inc", "ltd", "llc", "party", "foundation", "center", "centre", "hospital", "church", "club", "fc",
    "united", "police", "office", "council", "committee", "commission", "association", "society", "union",
    "league", "federation", "network", "channel", "records", "studios", "capitals", "rangers", "giants",
    "sun", "star", "magazine", "online", "register", "courier", "sentinel", "dispatch", "bulletin",
    "county's", "board", "authority", "services", "service", "research", "report", "reports", "brigade",
    "battalion", "regiment", "division", "army", "forces", "front", "movement", "brotherhood", "council's",
})

#: Words of a news outlet's name ("Daily Sabah", "The Moscow Times", "Anadolu Agency"): the place in
#: it is no place the article reports on, so the name is dropped.
OUTLET_WORDS = frozenset({
    "times", "post", "news", "herald", "journal", "tribune", "gazette", "observer", "chronicle", "standard",
    "express", "mail", "telegraph", "guardian", "globe", "daily", "weekly", "press", "radio", "tv",
    "television", "agency", "magazine", "courier", "sentinel", "dispatch", "bulletin", "register",
    "newspaper", "channel", "network",
})

#: Lower-case words right after a name that make it an outlet's ("Anadolu news agency"); "a Texas
#: newspaper" or "Los Angeles television" stay places (where the outlet is).
OUTLET_AFTER = (("news", "agency"), ("news", "agency's"), ("news", "website"), ("news", "outlet"))

#: Lower-case words right before a name that make it an outlet's ("the pro-government daily Sabah").
OUTLET_BEFORE = frozenset({"daily", "newspaper", "tabloid", "broadsheet", "weekly"})

#: Words for peoples, faiths and languages ("Arab", "Sunni", "Berber"): never a place by themselves,
#: although towns carry some of them (Arab, Alabama; Berber, Sudan).
PEOPLE_WORDS = frozenset({
    "arab", "arabs", "arabic", "sunni", "sunnis", "shia", "shias", "shiite", "shiites", "alawite", "alawites",
    "druze", "kurd", "kurds", "kurdish", "berber", "berbers", "bedouin", "bedouins", "jewish", "muslim",
    "muslims", "christian", "christians", "catholic", "islamic", "hindu", "sikh", "yazidi", "yazidis",
    "assyrian", "chaldean", "circassian", "chechen", "pashtun", "baloch", "hazara", "tajik", "uzbek",
    "turkic", "slavic", "latino", "hispanic", "jihadist", "jihadists", "salafi", "wahhabi",
})

#: Arabic words for kinds of place and other everyday words that the gazetteer also has as names
#: ("مدينة", city, is an alias of Medina): Arabic script has no capitals to tell them apart.
ARABIC_COMMON_WORDS = frozenset({
    "مدينة", "المدينة", "ريف", "قرية", "القرية", "بلدة", "البلدة", "محافظة", "المحافظة", "منطقة", "المنطقة",
    "مخيم", "المخيم", "حي", "شارع", "طريق", "الطريق", "معبر", "المعبر", "مطار", "المطار", "نقطة", "مركز",
    "جنوب", "شمال", "شرق", "غرب", "الجنوبي", "الشمالي", "الشرقي", "الغربي", "دولة", "الدولة", "عاصمة",
})

#: AP abbreviations of US states that are also everyday words or names without their dot ("Mo",
#: "Miss", "La", "Del", "Wash"), so the gazetteer cannot carry them as aliases: read only after
#: ", " and with the dot ("HOLLIDAY, Mo. -", "Jackson, Miss.").
AP_STATES = {"Del.": "DE", "La.": "LA", "Miss.": "MS", "Mo.": "MO", "Wash.": "WA"}

#: Lower-case words joined to a name by a hyphen that make it an attribute ("Iran-backed militias",
#: "Idlib-based fighters"): the name is read off the compound; the first set makes it associative
#: (who backs or leads), the rest leave it literal (where someone is or what someone holds).
COMPOUND_ASSOCIATIVE = frozenset({
    "backed", "led", "sponsored", "funded", "supported", "allied", "aligned", "affiliated", "trained",
    "armed", "brokered", "made", "built", "owned", "run",
})
COMPOUND_SUFFIXES = COMPOUND_ASSOCIATIVE | frozenset({
    "based", "held", "controlled", "occupied", "annexed", "administered", "born", "bound",
})

#: Prepositions before a name that place something there: the name is no subject or speaker ("the
#: aggression in Idlib should stop", "a nurse near Tyler said").
PREPOSITIONS = frozenset({
    "in", "of", "at", "from", "to", "into", "near", "across", "inside", "around", "toward", "towards", "through",
    "within", "throughout", "outside", "over", "on", "onto", "via", "between", "beyond", "along", "off",
})

#: Words after a name that make the run an event held there (the place is kept).
EVENT_SUFFIXES = frozenset({"conference", "summit", "forum", "games", "olympics", "talks", "process", "format"})

#: Type words that qualify a place name ("Idlib province", "the town of Saraqib").
ADMIN_WORDS = frozenset({"province", "governorate", "district", "county", "region", "state", "prefecture", "oblast", "canton", "municipality", "department", "muhafazah", "parish"})
SETTLEMENT_WORDS = frozenset({"city", "town", "village", "hamlet", "township", "suburb", "neighbourhood", "neighborhood", "capital", "borough", "camp"})
PLACE_TYPE_WORDS = ADMIN_WORDS | SETTLEMENT_WORDS | frozenset({
    "river", "lake", "mount", "mountain", "valley", "airport", "airbase", "base", "square", "highway",
    "road", "street", "avenue", "boulevard", "island", "sea", "gulf", "bay", "border", "crossing", "hill",
    "plain", "desert", "harbor", "harbour", "port", "tunnel", "tunnels", "bridge", "park", "station",
    "beach", "creek", "falls", "heights", "springs", "canal", "dam", "strait", "coast",
})

#: Words that make a place name a street's ("Richmond Street", "Paris Pike"): a street named after a
#: town may lie anywhere.
STREET_WORDS = frozenset({
    "street", "st", "road", "rd", "avenue", "ave", "boulevard", "blvd", "drive", "dr", "lane", "ln", "way",
    "court", "ct", "place", "pl", "pike", "parkway", "pkwy", "highway", "hwy", "terrace", "circle", "trail",
})

DIRECTION_WORDS = frozenset({
    "north", "south", "east", "west", "northern", "southern", "eastern", "western", "central", "northeast",
    "northwest", "southeast", "southwest", "northeastern", "northwestern", "southeastern", "southwestern",
    "upper", "lower", "greater", "inner", "outer", "new", "old", "rural",
})

TEMPORAL_WORDS = frozenset({
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
    "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov",
    "dec", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "today",
    "yesterday", "tomorrow", "christmas", "easter", "ramadan",
})

#: Verbs after a country or capital that make it stand for its government ("Moscow said").
METONYMY_VERBS = frozenset({
    "said", "says", "say", "warned", "warns", "accused", "accuses", "demanded", "demands", "insisted",
    "insists", "stressed", "stresses", "claimed", "claims", "denied", "denies", "announced", "announces",
    "rejected", "rejects", "wants", "wanted", "threatened", "threatens", "urged", "urges", "called", "calls",
    "told", "tells", "responded", "responds", "believes", "believed", "refused", "refuses", "agreed",
    "agrees", "supports", "supported", "backs", "backed", "vowed", "vows", "hopes", "hoped", "condemned",
    "condemns", "blamed", "blames", "stated", "states", "argued", "argues", "sent", "sends", "deployed",
    "deploys", "launched", "launches", "has", "had", "is", "was", "will", "would", "could", "should",
    "must", "may", "might", "can", "cannot", "did", "does", "seeks", "sought", "considers", "considered",
    "imposed", "imposes", "recognized", "recognised", "expelled", "summoned", "protested", "welcomed",
    "welcomes", "criticized", "criticised", "slammed", "dismissed", "pledged", "pledges", "signed",
    "insisted", "continues", "continued", "appears", "appeared", "feels", "felt", "knows", "knew",
    "sued", "sues", "vetoed", "vetoes", "retaliated", "retaliates", "offered", "offers", "proposed", "proposes",
})

#: Nouns after a place that make it a label for something else ("the Sochi deal").
ASSOCIATION_NOUNS = frozenset({
    "deal", "agreement", "agreements", "accord", "accords", "memorandum", "process", "format", "talks",
    "protocol", "declaration", "pact", "treaty", "framework", "formula", "model", "platform", "group",
    "summit", "ceasefire", "truce", "memorandum", "troika", "negotiations", "arrangements", "obligations",
    "commitments", "understandings", "understanding", "guarantors", "mechanism", "conference", "roadmap",
})

#: Nouns right after a name (no possessive) for a state's people or posts, often abroad: "US forces
#: in Syria", "the US embassy in Baghdad" (associative: the state, not a location). "Russia's army"
#: stays metonymic.
STATE_AGENT_NOUNS = frozenset({
    "forces", "troops", "soldiers", "army", "military", "jets", "warplanes", "navy", "embassy", "embassies",
    "consulate", "ambassador", "envoy",
})

#: Nouns after a country or capital that make it stand for its government ("the Ankara regime").
GOVERNMENT_NOUNS = frozenset({
    "regime", "government", "administration", "officials", "authorities", "leadership", "delegation",
    "policy", "side", "negotiators", "diplomats",
})

#: Verbs of saying right after a name: a small place does not speak, so the name is a person's.
SPEECH_VERBS = frozenset({
    "said", "says", "told", "tells", "added", "adds", "explained", "explains", "noted", "notes", "wrote",
    "writes", "asked", "asks", "replied", "replies", "recalled", "recalls", "testified", "admitted",
    "acknowledged", "argued", "insisted", "agreed", "disagreed", "laughed", "smiled", "reported", "reports",
})

#: Names that, after "the", denote an institution rather than the place of the same name.
#: (The Kremlin and the White House are curated places.)
INSTITUTION_NAMES = frozenset({"duma", "rada"})  # "the Duma", "Verkhovna Rada"

#: Words after a name that make it the name of a disease or pathogen ("Marburg virus", "West Nile fever").
DISEASE_WORDS = frozenset({
    "virus", "viruses", "fever", "flu", "influenza", "strain", "disease", "syndrome", "encephalitis", "ebolavirus",
    "hantavirus", "henipavirus", "variant", "hemorrhagic", "haemorrhagic",
})
