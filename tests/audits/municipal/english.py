"""Riverton City Council: an English city portal. Missing on purpose: participatory budgeting,
tourism, a live chat, a site map, a version for the visually impaired, any other language; the
leadership page names the heads but gives no way to reach them; the hearings page lists only
past hearings."""

from __future__ import annotations

from tests.audits.municipal.site import Portal, form, links

LANG = "en"


def para(subject: str) -> str:
    return (
        f"<p>This page explains {subject} in Riverton: who to ask, what the council does and how residents can "
        f"take part. The council reviews this information every month.</p>"
    )


TOPICS = [
    ("/about/", "About the city"),
    ("/health/", "Health and wellbeing"),
    ("/education/", "Schools and education"),
    ("/environment/", "Environment and climate"),
    ("/culture/", "Culture and leisure"),
    ("/social/", "Social services"),
    ("/transport/", "Roads and transport"),
    ("/housing/", "Housing"),
    ("/business/", "Business support"),
    ("/jobs/", "Current vacancies"),
    ("/emergency/", "Emergency numbers"),
    ("/statistics/", "Facts and figures"),
    ("/planning/", "Planning and development"),
    ("/wifi/", "Free Wi-Fi"),
    ("/account/", "My account"),
    ("/pay/", "Pay online"),
    ("/appointments/", "Book an appointment"),
    ("/forum/", "Discussion forum"),
    ("/equality/", "Report discrimination"),
]
MENU = [
    ("/", "Home"),
    ("/services/", "Council services"),
    ("/news/", "Latest news"),
    ("/structure/", "Council structure"),
    ("/leadership/", "Leadership team"),
    ("/council/", "Council meetings"),
    ("/hearings/", "Public hearings"),
    ("/procurement/", "Tenders and contracts"),
    ("/open-data/", "Open data"),
    ("/budget/", "Budget"),
    ("/petitions/", "Petitions"),
    ("/report/", "Report a problem"),
    ("/contacts/", "Contact us"),
]
FOOTER = [
    ("/contacts/", "Contact us"),
    ("https://www.facebook.com/rivertoncouncil", "Facebook"),
    ("https://www.youtube.com/@rivertoncouncil", "YouTube"),
    ("https://www.gov.uk/", "GOV.UK"),
]
SERVICES = [
    ("/services/bins/", "Bin collection"),
    ("/services/parking-permit/", "Apply for a parking permit"),
    ("/services/council-tax/", "Council tax"),
    ("/services/library-card/", "Library card"),
    ("/services/births/", "Register a birth"),
    ("/services/licences/", "Licences"),
]


def portal() -> Portal:
    pages: dict[str, tuple[str, str]] = {
        "/": ("Riverton City Council", "<h2>Topics</h2><ul>" + links(TOPICS) + "</ul>"),
        "/structure/": (
            "Council structure",
            "<p>The council has four departments: finance, housing, environment and planning, each led by a "
            "director who reports to the chief executive.</p>",
        ),
        "/leadership/": (
            "Leadership team",
            "<ul><li>Chief Executive: Alice Brown</li><li>Director of Finance: Tom Green</li>"
            "<li>Director of Housing: Sara White</li></ul><p>Write to them through the council's offices.</p>",
        ),
        "/council/": (
            "Council meetings",
            "<table><tr><th>Date</th><th>Meeting</th></tr>"
            "<tr><td>12 March 2026</td><td>Full council: budget</td></tr>"
            "<tr><td>14 May 2026</td><td>Full council: annual meeting</td></tr></table>",
        ),
        "/hearings/": (
            "Public hearings",
            "<ul><li>3 February 2026: hearing on the riverside park</li>"
            "<li>10 April 2026: hearing on the bus lanes</li></ul>",
        ),
        "/procurement/": (
            "Tenders and contracts",
            "<ul><li>Road resurfacing, published 2 April 2026</li><li>School meals, published 9 May 2026</li>"
            "<li>Street lighting, published 1 June 2026</li></ul>",
        ),
        "/news/": (
            "Latest news",
            "<article><h2>New cycle lanes</h2><p>5 May 2026</p></article>"
            "<article><h2>Library reopens</h2><p>20 June 2026</p></article>"
            "<article><h2>Budget adopted</h2><p>12 March 2026</p></article>",
        ),
        "/services/": ("Council services", "<ul>" + links(SERVICES) + "</ul>"),
        "/open-data/": (
            "Open data",
            "<ul><li>Dataset: bus stops. Format: CSV. Licence: Open Government Licence. Publisher: Riverton City "
            "Council. Last modified: 2 June 2026.</li><li>Dataset: council spending. Format: XLSX.</li></ul>",
        ),
        "/budget/": ("Budget", para("the council's budget and spending")),
        "/petitions/": ("Petitions", form("/petitions/sign", ["Name", "E-mail", "Petition"], "Sign")),
        "/report/": ("Report a problem", form("/report/send", ["Street", "What is wrong", "E-mail"], "Send")),
        "/contacts/": (
            "Contact us",
            "<p>Riverton City Council, Town Hall, 1 High Street, Riverton RV1 2AB.</p>"
            '<p>Phone: +44 20 7946 0000. E-mail: <a href="mailto:info@riverton.test">info@riverton.test</a></p>',
        ),
        "/forum/": (
            "Discussion forum",
            "<ul><li>Should the park close at night? Started 4 May 2026</li>"
            "<li>More bins on High Street. Started 11 May 2026</li></ul>",
        ),
        "/equality/": (
            "Report discrimination",
            para("how to report discrimination") + '<p><a href="/equality/report/">Send a report</a></p>',
        ),
        "/equality/report/": ("Send a report", form("/equality/send", ["What happened", "Where", "E-mail"], "Send")),
        "/services/parking-permit/": (
            "Apply for a parking permit",
            form("/services/parking-permit/apply", ["Name", "Address", "Vehicle", "E-mail"], "Apply"),
        ),
    }
    for path, title in TOPICS + SERVICES:
        pages.setdefault(path, (title, para(title.lower())))
    return Portal(LANG, "Riverton City Council", "Home", pages, MENU, FOOTER)


# What the audit must answer for each LOSI indicator the un/losi.yaml rules decide.
EXPECTED = {
    "organisational-structure": "met",
    "heads-of-departments": "not_met",  # names without an e-mail or a phone
    "municipality-information": "met",
    "services-information": "met",
    "health-information": "met",
    "education-information": "met",
    "environment-information": "met",
    "sport-culture-information": "met",
    "social-welfare-information": "met",
    "transport-information": "met",
    "tourism-information": "not_met",
    "housing-information": "met",
    "business-information": "met",
    "employment-information": "met",
    "emergency-information": "met",
    "statistics": "met",
    "urban-planning-information": "met",
    "free-internet-access": "met",
    "procurement-announcements": "met",
    "news": "met",
    "links-to-government-agencies": "met",
    "service-catalogue": "met",
    "online-forms": "met",
    "user-account": "met",
    "online-payment": "met",
    "appointment-booking": "met",
    "real-time-communication": "not_met",
    "discrimination-reporting": "met",
    "participatory-budgeting": "not_met",
    "e-participation-calendar": "not_met",  # only past hearings
    "open-data-metadata": "met",
    "online-deliberation": "met",
    "incident-reporting": "met",
    "council-meetings": "met",
    "social-networking": "met",
    "social-networking-integration": "met",
    "sitemap": "not_met",
    "display-customisation": "not_met",
    "technology-contact-details": "met",
    "navigation": "met",
    "language-versions": "not_met",
}
