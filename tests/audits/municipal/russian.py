"""Акимат города Аксу: a Russian city portal with a Kazakh version and a sitemap.xml. Missing on
purpose: reporting discrimination, online discussions, vacancies, free internet access, a version
for the visually impaired; the problem page gives only a phone number (no form) and the open data
page lists sets without describing them."""

from __future__ import annotations

from tests.audits.municipal.site import Portal, form, links, upcoming

LANG = "ru"


def para(subject: str) -> str:
    return (
        f"<p>На этой странице рассказано о том, что такое {subject} в городе Аксу: куда обращаться, чем "
        f"занимается акимат и как жители могут участвовать. Сведения обновляются каждый месяц.</p>"
    )


TOPICS = [
    ("/about/", "О городе"),
    ("/health/", "Здравоохранение"),
    ("/education/", "Образование"),
    ("/environment/", "Экология"),
    ("/culture/", "Культура и спорт"),
    ("/social/", "Социальная поддержка"),
    ("/transport/", "Общественный транспорт"),
    ("/tourism/", "Туризм"),
    ("/housing/", "Жилищные программы"),
    ("/business/", "Поддержка предпринимательства"),
    ("/emergency/", "Чрезвычайные ситуации"),
    ("/statistics/", "Статистика"),
    ("/planning/", "Генеральный план"),
    ("/account/", "Личный кабинет"),
    ("/pay/", "Оплата онлайн"),
    ("/appointments/", "Запись на приём"),
]
MENU = [
    ("/", "Главная"),
    ("/services/", "Государственные услуги"),
    ("/news/", "Новости"),
    ("/structure/", "Структура акимата"),
    ("/leadership/", "Руководство"),
    ("/council/", "Сессии маслихата"),
    ("/hearings/", "Анонсы публичных слушаний"),
    ("/procurement/", "Государственные закупки"),
    ("/open-data/", "Открытые данные"),
    ("/budget/", "Бюджет"),
    ("/pb/", "Бюджет народного участия"),
    ("/problem/", "Сообщить о проблеме"),
    ("/contacts/", "Контакты"),
]
FOOTER = [
    ("/contacts/", "Контакты"),
    ("/kk/", "Қазақша"),
    ("https://t.me/aksu_akimat_bot", "Онлайн-чат"),
    ("https://www.instagram.com/aksu_akimat", "Instagram"),
    ("https://egov.kz/cms/ru", "Электронное правительство"),
]
SERVICES = [
    ("/services/birth/", "Регистрация рождения"),
    ("/services/kindergarten/", "Постановка в очередь в детский сад"),
    ("/services/land/", "Предоставление земельного участка"),
    ("/services/housing-queue/", "Постановка на учёт нуждающихся в жилье"),
    ("/services/benefit/", "Назначение пособия"),
    ("https://egov.kz/cms/ru/services/for_citizen", "Все услуги на egov.kz"),
]
KAZAKH = (
    "<p>Аксу қаласының әкімдігі тұрғындарға қалалық қызметтер, жаңалықтар және бюджет туралы ақпарат "
    "ұсынады. Әкімдік әр ай сайын мәліметтерді жаңартып отырады және тұрғындарды қала өміріне белсенді "
    "қатысуға шақырады. Сайттың толық нұсқасы орыс тілінде қолжетімді.</p>"
)


def portal() -> Portal:
    pages: dict[str, tuple[str, str]] = {
        "/": ("Акимат города Аксу", "<h2>Разделы</h2><ul>" + links(TOPICS) + "</ul>"),
        "/kk/": ("Аксу қаласының әкімдігі", KAZAKH),
        "/structure/": (
            "Структура акимата",
            "<p>В аппарат акимата входят отделы финансов, жилищно-коммунального хозяйства, образования и "
            "архитектуры; каждый возглавляет руководитель, подчинённый акиму.</p>",
        ),
        "/leadership/": (
            "Руководство",
            "<ul><li>Аким города: Ахметов Б. С., приёмная: тел. 8 (71837) 6-10-10</li>"
            "<li>Заместитель акима: Сейтова Г. К., тел. 8 (71837) 6-10-12, "
            '<a href="mailto:seitova@aksu.test">seitova@aksu.test</a></li></ul>',
        ),
        "/council/": (
            "Сессии маслихата",
            "<ul><li>XII сессия маслихата — 12 марта 2026 г.</li><li>XIII сессия маслихата — 14 мая 2026 г.</li></ul>",
        ),
        "/hearings/": (
            "Анонсы публичных слушаний",
            f"<ul><li>{upcoming(20, LANG)} — публичные слушания по проекту генерального плана</li>"
            f"<li>{upcoming(40, LANG)} — отчётная встреча акима с населением</li></ul>",
        ),
        "/procurement/": (
            "Государственные закупки",
            "<table><tr><td>02.04.2026</td><td>Ремонт дорог</td></tr><tr><td>09.05.2026</td><td>Питание в школах</td>"
            "</tr><tr><td>01.06.2026</td><td>Уличное освещение</td></tr></table>",
        ),
        "/news/": (
            "Новости",
            '<div class="news"><div class="item"><h2>Открыт новый парк</h2><p>5 мая 2026 г.</p></div>'
            '<div class="item"><h2>Ремонт школы завершён</h2><p>20 июня 2026 г.</p></div>'
            '<div class="item"><h2>Утверждён бюджет</h2><p>12 марта 2026 г.</p></div></div>',
        ),
        "/services/": (
            "Государственные услуги",
            "<ul>" + links(SERVICES) + "</ul>" + '<p><a href="/services/apply/">Подать заявление онлайн</a></p>',
        ),
        "/services/apply/": (
            "Подать заявление онлайн",
            form("/services/apply/send", ["ФИО", "ИИН", "Услуга", "Телефон"], "Отправить"),
        ),
        "/open-data/": (
            "Открытые данные",
            "<ul><li>Остановки общественного транспорта</li><li>Школы города</li><li>Аптеки</li></ul>",
        ),
        "/budget/": ("Бюджет", para("бюджет")),
        "/pb/": (
            "Бюджет народного участия",
            para("бюджет народного участия")
            + form("/pb/propose", ["Название проекта", "Адрес", "Описание"], "Предложить проект"),
        ),
        "/problem/": (
            "Сообщить о проблеме",
            "<p>О ямах на дорогах, неработающем освещении и мусоре сообщайте в единую службу 109 по телефону.</p>",
        ),
        "/contacts/": (
            "Контакты",
            "<p>Адрес: 140100, г. Аксу, ул. Ауэзова, 10. Телефон: 8 (71837) 6-10-00. "
            '<a href="mailto:akimat@aksu.test">akimat@aksu.test</a></p>',
        ),
    }
    for path, title in TOPICS + [s for s in SERVICES if s[0].startswith("/")]:
        pages.setdefault(path, (title, para(title.lower())))
    return Portal(
        LANG,
        "Акимат города Аксу",
        "Главная",
        pages,
        MENU,
        FOOTER,
        sitemap=True,
        extra_head={"/": '<link rel="alternate" hreflang="kk" href="/kk/">'},
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
    "employment-information": "not_met",
    "emergency-information": "met",
    "statistics": "met",
    "urban-planning-information": "met",
    "free-internet-access": "not_met",
    "procurement-announcements": "met",
    "news": "met",
    "links-to-government-agencies": "met",
    "service-catalogue": "met",
    "online-forms": "met",
    "user-account": "met",
    "online-payment": "met",
    "appointment-booking": "met",
    "real-time-communication": "met",
    "discrimination-reporting": "not_met",
    "participatory-budgeting": "met",
    "e-participation-calendar": "met",
    "open-data-metadata": "not_met",  # sets listed, none described
    "online-deliberation": "not_met",
    "incident-reporting": "not_met",  # a phone number, no form
    "council-meetings": "met",
    "social-networking": "met",
    "social-networking-integration": "met",
    "sitemap": "met",
    "display-customisation": "not_met",
    "technology-contact-details": "met",
    "navigation": "met",
    "language-versions": "met",
}
