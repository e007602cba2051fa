"""Slot values for the development-extension templates, per language (invented names only)."""

MONTHS = {
    "en": ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December"],
    "de": ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober",
           "November", "Dezember"],
    "fr": ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
           "novembre", "décembre"],
    "es": ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre",
           "noviembre", "diciembre"],
}
DAYS = {
    "en": ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"],
    "de": ["Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag"],
    "fr": ["lundi", "mardi", "mercredi", "jeudi", "vendredi"],
    "es": ["lunes", "martes", "miércoles", "jueves", "viernes"],
}
COMPANIES = {
    "en": ["Harbourline IT", "Kestrel Systems", "Bluefen Networks", "Orchard Data", "Tallis & Reed", "Northgate Tech",
           "Pinecrest Solutions", "Marlow Digital", "Copperfield IT", "Ashby Networks", "Redwater Systems",
           "Fairholm Consulting", "Quayside Tech", "Brackenridge IT", "Lindqvist Partners", "Sable Point"],
    "de": ["Brunnhofer IT", "Kessler Systemhaus", "Lindenau Digital", "Hafenstein GmbH", "Obermaier Netzwerke",
           "Wendtland IT", "Falkenrath & Söhne", "Rheinblick Solutions", "Auerbach Technik", "Steinfeld Data"],
    "fr": ["Valrose Informatique", "Delorme Systèmes", "Atelier Numérique Brun", "Garonne IT", "Moreau & Fils",
           "Lavande Réseaux", "Castelnau Conseil", "Bretagne Data", "Fournier Solutions", "Rivoli Tech"],
    "es": ["Soluciones Ebro", "Infotec Albarracín", "Redes Guadiana", "Montalvo Sistemas", "Datacampo",
           "Grupo Tajo Digital", "Sistemas Alhambra", "Costa Norte IT", "Técnica Valdés", "Nubes del Sur"],
}
CUSTOMERS = {
    "en": ["Greyford Council", "Milbrook Foods", "the Dunmore clinic", "Halcyon Logistics", "Westmere College",
           "Penrose Insurance", "Corran Mills", "Brightwater Hotels", "Lyle & Finch", "the Ashcombe trust"],
    "de": ["Stadtwerke Hallingen", "Bäckerei Krume", "Klinik am Weiher", "Spedition Ortlieb", "Gemeinde Uhlbach",
           "Möbelhaus Brandt", "Kanzlei Reimers", "Hotel Seeblick"],
    "fr": ["la mairie de Saint-Aubin", "Laiterie Ferrand", "la clinique des Tilleuls", "Transports Giraud",
           "le lycée Jean-Moulin", "Assurances Perrin", "Hôtel du Port"],
    "es": ["el Ayuntamiento de Villamar", "Conservas Ribera", "la clínica San Telmo", "Transportes Olmedo",
           "el colegio Los Pinos", "Seguros Arjona", "Hotel Mirador"],
}
PEOPLE = {
    "en": ["Priya", "Tom", "Grace", "Callum", "Aisha", "Martin", "Nadia", "Owen", "Ruth", "Kwame"],
    "de": ["Frau Keller", "Herr Yilmaz", "Jana", "Herr Brandt", "Frau Okafor", "Lukas"],
    "fr": ["Mme Lefèvre", "M. Haddad", "Camille", "M. Rousseau", "Mme Nguyen", "Julien"],
    "es": ["la Sra. Ortega", "el Sr. Benítez", "Lucía", "el Sr. Ramos", "la Sra. Castro", "Diego"],
}
LONG = {
    "en": ["nine days", "eleven days", "two weeks", "three weeks", "four weeks", "five weeks", "six weeks",
           "seven weeks", "two months", "ten working days", "a month and a half", "almost three months"],
    "de": ["neun Tagen", "elf Tagen", "drei Wochen", "vier Wochen", "fünf Wochen", "sechs Wochen", "zwei Monaten",
           "zehn Arbeitstagen", "sieben Wochen"],
    "fr": ["neuf jours", "onze jours", "trois semaines", "quatre semaines", "cinq semaines", "six semaines",
           "deux mois", "dix jours ouvrés", "sept semaines"],
    "es": ["nueve días", "once días", "tres semanas", "cuatro semanas", "cinco semanas", "seis semanas",
           "dos meses", "diez días hábiles", "siete semanas"],
}
SHORT = {
    "en": ["two hours", "forty minutes", "an hour", "three hours", "half a day", "twenty minutes", "a morning"],
    "de": ["zwei Stunden", "vierzig Minuten", "einer Stunde", "drei Stunden", "einem halben Tag"],
    "fr": ["deux heures", "quarante minutes", "une heure", "trois heures", "une demi-journée"],
    "es": ["dos horas", "cuarenta minutos", "una hora", "tres horas", "media jornada"],
}
AMOUNTS = ["€400", "€1,200", "$2,500", "£800", "€3,000", "$950", "£5,000", "€650"]
AMOUNTS_EU = ["400 €", "1.200 €", "2.500 €", "800 €", "3.000 €", "950 €", "5.000 €", "650 €"]
REGIONS = ["north-west", "Midlands", "south of the country", "Benelux", "Nordics", "Scottish borders"]
CITIES = {
    "en": ["Leeds", "Bristol", "Dublin", "Glasgow", "Manchester", "Cardiff"],
    "de": ["Kassel", "Leipzig", "Freiburg", "Bremen", "Augsburg"],
    "fr": ["Lyon", "Nantes", "Lille", "Rennes", "Montpellier"],
    "es": ["Zaragoza", "Málaga", "Bilbao", "Valladolid", "Murcia"],
}


def fill(language, rng):
    """One consistent set of slot values (the second month after the first, and so on)."""
    months, days = MONTHS[language], DAYS[language]
    first = rng.randrange(0, 8)
    day = rng.randrange(0, 4)
    first_date = rng.randrange(1, 12)
    return {
        "co": rng.choice(COMPANIES[language]), "cust": rng.choice(CUSTOMERS[language]),
        "p": rng.choice(PEOPLE[language]), "n": str(rng.randrange(10000, 99999)),
        "dl": rng.choice(LONG[language]), "ds": rng.choice(SHORT[language]),
        "m1": months[first], "m2": months[first + rng.randrange(2, 5)],
        "since": {"en": "since ", "de": "seit ", "fr": "depuis ", "es": "desde "}[language] + months[first],
        "d1": _ordinal(first_date, language), "d2": _ordinal(first_date + rng.randrange(3, 15), language),
        "bigday": str(rng.randrange(45, 120)), "wk": str(rng.randrange(5, 12)), "bign": str(rng.randrange(30, 90)),
        "day": days[day], "day2": days[day + 1],
        "time": rng.choice(["4 p.m.", "six in the evening", "the next morning", "half past five"]),
        "mins": str(rng.randrange(35, 95)), "q": str(rng.randrange(1, 5)),
        "amt": rng.choice(AMOUNTS if language == "en" else AMOUNTS_EU), "region": rng.choice(REGIONS),
        "city": rng.choice(CITIES[language]),
    }


def _ordinal(number, language):
    if language != "en":
        return f"{number}."
    suffix = "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"
