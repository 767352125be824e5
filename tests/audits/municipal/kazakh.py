"""Ақсу қаласының әкімдігі: a Kazakh city portal with a Russian version, audited with the kz
profile. Its inner pages carry no menu and no footer, only a link home. Missing on purpose: an
English version (the kz profile asks for kk, ru and en), social networks and a chat, links to
other government bodies, online payment and appointments; the council's sessions and the
procurement announcements carry no dates; the services page lists two services and no form."""

from __future__ import annotations

from tests.audits.municipal.site import Portal, form, links, upcoming

LANG = "kk"


def para(subject: str) -> str:
    return (
        f"<p>Бұл бетте Ақсу қаласындағы {subject} туралы айтылады: қайда жүгіну керек, әкімдік не істейді "
        f"және тұрғындар қалай қатыса алады. Мәліметтер ай сайын жаңартылады.</p>"
    )


TOPICS = [
    ("/about/", "Қала туралы"),
    ("/health/", "Денсаулық сақтау"),
    ("/education/", "Білім беру"),
    ("/environment/", "Экология"),
    ("/culture/", "Мәдениет және спорт"),
    ("/social/", "Әлеуметтік қолдау"),
    ("/transport/", "Қоғамдық көлік"),
    ("/tourism/", "Туризм"),
    ("/housing/", "Тұрғын үй бағдарламалары"),
    ("/business/", "Кәсіпкерлікті қолдау"),
    ("/jobs/", "Бос лауазымдар"),
    ("/emergency/", "Төтенше жағдайлар"),
    ("/statistics/", "Статистика"),
    ("/planning/", "Бас жоспар"),
    ("/wifi/", "Тегін Wi-Fi"),
    ("/account/", "Жеке кабинет"),
]
MENU = [
    ("/", "Басты бет"),
    ("/services/", "Мемлекеттік қызметтер"),
    ("/news/", "Жаңалықтар"),
    ("/structure/", "Ұйымдық құрылым"),
    ("/leadership/", "Басшылық"),
    ("/council/", "Мәслихат сессиялары"),
    ("/hearings/", "Жария тыңдаулар кестесі"),
    ("/procurement/", "Мемлекеттік сатып алу"),
    ("/open-data/", "Ашық деректер"),
    ("/budget/", "Бюджет"),
    ("/pb/", "Халықтық қатысу бюджеті"),
    ("/problem/", "Мәселе туралы хабарлау"),
    ("/equality/", "Кемсітушілік туралы хабарлау"),
    ("/forum/", "Онлайн талқылау"),
    ("/contacts/", "Байланыс"),
]
FOOTER = [
    ("/contacts/", "Байланыс"),
    ("/ru/", "Русский"),
    ("/sitemap/", "Сайт картасы"),
]
RUSSIAN = (
    "<p>Акимат города Аксу рассказывает жителям о городских услугах, новостях и бюджете. Акимат каждый "
    "месяц обновляет сведения и приглашает жителей активно участвовать в жизни города. Полная версия "
    "сайта доступна на казахском языке.</p>"
)


def portal() -> Portal:
    pages: dict[str, tuple[str, str]] = {
        "/": (
            "Ақсу қаласының әкімдігі",
            # The switch for the visually impaired is a button a script wires: no address to follow.
            '<p><button type="button" class="eye">Нашар көретіндерге арналған нұсқа</button></p>'
            "<h2>Бөлімдер</h2><ul>" + links(TOPICS) + "</ul>",
        ),
        "/ru/": ("Акимат города Аксу", RUSSIAN),
        "/structure/": (
            "Ұйымдық құрылым",
            "<p>Әкімдік аппаратына қаржы, тұрғын үй-коммуналдық шаруашылық, білім беру және сәулет бөлімдері "
            "кіреді; әр бөлімді әкімге бағынатын басшы басқарады.</p>",
        ),
        "/leadership/": (
            "Басшылық",
            "<ul><li>Қала әкімі: Ахметов Б. С., қабылдау бөлмесі тел.: 8 (71837) 6-10-10</li>"
            "<li>Әкімнің орынбасары: Сейтова Г. К., тел.: 8 (71837) 6-10-12</li></ul>",
        ),
        "/council/": (
            "Мәслихат сессиялары",
            "<ul><li>XII сессия: қала бюджеті</li><li>XIII сессия: абаттандыру жоспары</li></ul>",
        ),
        "/hearings/": (
            "Жария тыңдаулар кестесі",
            f"<ul><li>{upcoming(20, LANG)}: бас жоспар жобасы бойынша жария тыңдау</li>"
            f"<li>{upcoming(45, LANG)}: әкімнің халықпен есепті кездесуі</li></ul>",
        ),
        "/procurement/": (
            "Мемлекеттік сатып алу",
            "<ul><li>Жолдарды жөндеу</li><li>Мектептердегі тамақтану</li><li>Көше жарығы</li></ul>",
        ),
        "/news/": (
            "Жаңалықтар",
            "<article><h2>Жаңа саябақ ашылды</h2><p>2026 жылғы 5 мамыр</p></article>"
            "<article><h2>Мектеп жөндеуі аяқталды</h2><p>2026 жылғы 20 маусым</p></article>"
            "<article><h2>Бюджет бекітілді</h2><p>2026 жылғы 12 наурыз</p></article>",
        ),
        "/services/": (
            "Мемлекеттік қызметтер",
            "<ul>"
            + links([("/services/birth/", "Баланың тууын тіркеу"), ("/services/land/", "Жер учаскесі")])
            + "</ul>",
        ),
        "/open-data/": (
            "Ашық деректер",
            "<ul><li>Деректер жиынтығы: аялдамалар. Формат: CSV. Лицензия: CC BY 4.0. Жаңарту кезеңділігі: ай "
            "сайын.</li></ul>",
        ),
        "/budget/": ("Бюджет", para("бюджет")),
        "/pb/": (
            "Халықтық қатысу бюджеті",
            para("халықтық қатысу бюджеті") + '<p><a href="/pb/vote/">Жобаларға дауыс беру</a></p>',
        ),
        "/pb/vote/": ("Жобаларға дауыс беру", form("/pb/vote/send", ["Жоба", "ЖСН", "Телефон"], "Дауыс беру")),
        "/problem/": ("Мәселе туралы хабарлау", form("/problem/send", ["Мекенжай", "Мәселе", "Телефон"], "Жіберу")),
        "/equality/": (
            "Кемсітушілік туралы хабарлау",
            form("/equality/send", ["Не болды", "Қайда", "Электрондық пошта"], "Жіберу"),
        ),
        "/forum/": (
            "Онлайн талқылау",
            "<ul><li>Саябақ түнде жабылуы керек пе? 2026 жылғы 4 мамыр</li>"
            "<li>Орталық көшеге көбірек қоқыс жәшігі. 2026 жылғы 11 мамыр</li></ul>",
        ),
        "/contacts/": (
            "Байланыс",
            "<p>Мекенжай: 140100, Ақсу қаласы, Әуезов көшесі, 10. Телефон: 8 (71837) 6-10-00. "
            '<a href="mailto:akimat@aksu.test">akimat@aksu.test</a></p>',
        ),
        "/sitemap/": ("Сайт картасы", "<ul>" + links(MENU + TOPICS) + "</ul>"),
    }
    for path, title in [*TOPICS, ("/services/birth/", "Баланың тууын тіркеу"), ("/services/land/", "Жер учаскесі")]:
        pages.setdefault(path, (title, para(title.lower())))
    return Portal(
        LANG,
        "Ақсу қаласының әкімдігі",
        "Басты бет",
        pages,
        MENU,
        FOOTER,
        bare=True,
        extra_head={"/": '<link rel="alternate" hreflang="ru" href="/ru/">'},
    )


EXPECTED = {
    "organisational-structure": "met",
    "heads-of-departments": "met",
    "municipality-information": "met",
    "services-information": "met",
    "health-information": "met",
    "education-information": "met",
    "environment-information": "met",
    "sport-culture-information": "met",
    "social-welfare-information": "met",
    "transport-information": "met",
    "tourism-information": "met",
    "housing-information": "met",
    "business-information": "met",
    "employment-information": "met",
    "emergency-information": "met",
    "statistics": "met",
    "urban-planning-information": "met",
    "free-internet-access": "met",
    "procurement-announcements": "not_met",  # announcements without dates
    "news": "met",
    "links-to-government-agencies": "not_met",
    "service-catalogue": "not_met",  # two services listed
    "online-forms": "not_met",
    "user-account": "met",
    "online-payment": "not_met",
    "appointment-booking": "not_met",
    "real-time-communication": "not_met",
    "discrimination-reporting": "met",
    "participatory-budgeting": "met",  # the voting form is one link away
    "e-participation-calendar": "met",
    "open-data-metadata": "met",
    "online-deliberation": "met",
    "incident-reporting": "met",
    "council-meetings": "not_met",  # sessions without dates
    "social-networking": "not_met",
    "social-networking-integration": "not_met",
    "sitemap": "met",
    "display-customisation": "met",
    "technology-contact-details": "not_met",  # inner pages carry no menu
    "navigation": "not_met",
    "language-versions": "not_met",  # kk and ru; the kz profile asks for en too
}
