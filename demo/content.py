"""The demo portal's words, in Kazakh, Russian and English.

Data only: the portal builder lays these out as pages.
"""

from __future__ import annotations

from datetime import date

LANGS = ("kk", "ru", "en")
LANG_NAMES = {"kk": "Қазақша", "ru": "Русский", "en": "English"}

PORTAL_NAME = {
    "kk": "Демо облысының мемлекеттік қызметтер порталы",
    "ru": "Портал государственных услуг Демо-области",
    "en": "Demo Region Public Services Portal",
}

# Section key -> title per language. Each exists once per language at /{lang}/{key}/.
SECTIONS: dict[str, dict[str, str]] = {
    "services": {"kk": "Мемлекеттік қызметтер", "ru": "Государственные услуги", "en": "Public services"},
    "news": {"kk": "Жаңалықтар", "ru": "Новости", "en": "News"},
    "contacts": {"kk": "Байланыс", "ru": "Контакты", "en": "Contacts"},
    "privacy": {
        "kk": "Дербес деректерді қорғау саясаты",
        "ru": "Политика конфиденциальности и защиты персональных данных",
        "en": "Privacy policy",
    },
    "accessibility": {
        "kk": "Қолжетімділік туралы мәлімдеме",
        "ru": "Заявление о доступности",
        "en": "Accessibility statement",
    },
    "open-data": {"kk": "Ашық деректер", "ru": "Открытые данные", "en": "Open data"},
    "budget": {"kk": "Ашық бюджет", "ru": "Открытый бюджет", "en": "Open budget"},
    "petitions": {"kk": "Электрондық петициялар", "ru": "Электронные петиции", "en": "E-petitions"},
    "about": {"kk": "Әкімдік туралы", "ru": "Об акимате", "en": "About the akimat"},
    "help": {"kk": "Көмек және жиі қойылатын сұрақтар", "ru": "Помощь и частые вопросы", "en": "Help and FAQ"},
    "information": {"kk": "Ақпаратқа қол жеткізу", "ru": "Доступ к информации", "en": "Access to information"},
    # A section only a browser can walk (demo/service_finder.py).
    "finder": {"kk": "Қызметті табу", "ru": "Поиск услуги", "en": "Service finder"},
}

SECTION_TEXT: dict[str, dict[str, str]] = {
    "information": {
        "kk": (
            "«Ақпаратқа қол жеткізу туралы» Заңға сәйкес ақпараттық сұрау салуды eOtinish арқылы немесе әкімдікке "
            "жазбаша жіберуге болады. Жауап 15 жұмыс күні ішінде беріледі."
        ),
        "ru": (
            "По Закону «О доступе к информации» информационный запрос можно подать через eOtinish или письменно "
            "в акимат. Ответ даётся в течение 15 рабочих дней."
        ),
        "en": (
            "Under the Access to Information Act you may send an information request through eOtinish or in writing "
            "to the akimat. The answer comes within 15 working days."
        ),
    },
    "help": {
        "kk": "Жиі қойылатын сұрақтарға жауаптар және порталды пайдалану бойынша нұсқаулық.",
        "ru": "Ответы на частые вопросы и инструкция по работе с порталом.",
        "en": "Answers to frequent questions and a guide to using the portal.",
    },
    "contacts": {
        "kk": (
            "Азаматтарды қабылдау: дүйсенбі–жұма, 09:00–18:00. Телефон: 1414. Мекенжай: Демо қ., Бейбітшілік к-сі, 1."
        ),
        "ru": (
            "Приём граждан: понедельник–пятница, 09:00–18:00. Телефон: 1414. Адрес: г. Демо, ул. Мира, 1. "
            "Электронная почта: info@demo-region.example"
        ),
        "en": (
            "Reception of citizens: Monday to Friday, 09:00–18:00. Phone: 1414. Address: 1 Peace Street, Demo. "
            "Email: info@demo-region.example"
        ),
    },
    "privacy": {
        "kk": (
            "Дербес деректердің операторы — облыс әкімдігі. Біз дербес деректерді тек мемлекеттік қызмет көрсету "
            "үшін өңдейміз және үшінші тұлғаларға бермейміз. Дербес деректер субъектісі өз деректерімен танысуға, "
            "оларды түзетуге және жоюға, өңдеуге келісімін кері қайтарып алуға құқылы."
        ),
        "ru": (
            "Оператор персональных данных — акимат области. Мы обрабатываем персональные данные только для оказания "
            "государственных услуг и не передаём их третьим лицам. Субъект персональных данных вправе узнать, какие "
            "данные о нём хранятся, исправить или удалить их и отозвать согласие на обработку."
        ),
        "en": (
            "The akimat of the region is the controller of your personal data. We process personal data only to "
            "provide public services and never sell it to third parties. Your rights: you may see, correct or delete "
            "the data we hold about you, and withdraw your consent to processing at any time."
        ),
    },
    "accessibility": {
        "kk": (
            "Портал WCAG 2.1 AA деңгейіне сәйкес келуге тырысады. Кедергі тапсаңыз, бізге хабарлаңыз: "
            "access@demo-region.example. Жауап болмаса, уәкілетті органға шағым беруге болады."
        ),
        "ru": (
            "Портал стремится соответствовать WCAG 2.1 уровня AA. Сообщите нам о найденных барьерах: "
            "access@demo-region.example. Если ответа нет, можно подать жалобу в уполномоченный орган."
        ),
        "en": (
            "This portal aims to conform to WCAG 2.1 level AA. Report any barrier you meet to "
            "access@demo-region.example. If we do not answer, the enforcement procedure lets you file a "
            "complaint to the authorised body."
        ),
    },
    "open-data": {
        "kk": "Облыстың ашық деректер жиынтықтары машинамен оқылатын пішімде жарияланады.",
        "ru": "Наборы открытых данных области публикуются в машиночитаемом формате.",
        "en": "The region's open data sets are published in machine-readable form.",
    },
    "budget": {
        "kk": (
            "Облыстық бюджеттің атқарылуы туралы есептер ай сайын жарияланады. 2026 жылғы бюджеттің кірістері "
            "412,5 млрд теңгені, шығыстары 418,9 млрд теңгені құрайды. Шығыстардың ең үлкен бөлігі білім беруге "
            "(38%), денсаулық сақтауға (17%) және көлік инфрақұрылымына (14%) бағытталған. Есеп 2026 жылғы "
            "1 қазандағы жағдай бойынша жасалды."
        ),
        "ru": (
            "Отчёты об исполнении областного бюджета публикуются ежемесячно. Доходы бюджета на 2026 год составляют "
            "412,5 млрд тенге, расходы — 418,9 млрд тенге. Наибольшая часть расходов направлена на образование "
            "(38%), здравоохранение (17%) и транспортную инфраструктуру (14%). Отчёт составлен по состоянию "
            "на 1 октября 2026 г."
        ),
        "en": (
            "Reports on the execution of the regional budget are published every month. The 2026 budget plans "
            "revenue of 412.5 billion tenge and spending of 418.9 billion tenge. The largest shares of spending go "
            "to education (38%), health care (17%) and transport infrastructure (14%). The report reflects the "
            "budget as of 1 October 2026."
        ),
    },
    "petitions": {
        "kk": "Петицияға кемінде 1000 азамат қол қойса, әкімдік оны 30 күн ішінде қарайды.",
        "ru": "Петицию, собравшую не менее 1000 подписей, акимат рассматривает в течение 30 дней.",
        "en": "A petition signed by at least 1,000 citizens is answered by the akimat within 30 days.",
    },
    "about": {
        "kk": "Облыс әкімдігі — облыстың атқарушы органы.",
        "ru": "Акимат области — исполнительный орган области.",
        "en": "The regional akimat is the executive body of the region.",
    },
}

UI = {
    "skip": {"kk": "Негізгі мазмұнға өту", "ru": "Перейти к основному содержанию", "en": "Skip to main content"},
    "menu": {"kk": "Негізгі мәзір", "ru": "Главное меню", "en": "Main menu"},
    "langs": {"kk": "Тілді таңдау", "ru": "Выбор языка", "en": "Choose a language"},
    "home": {"kk": "Басты бет", "ru": "Главная", "en": "Home"},
    "footer": {"kk": "Сайт туралы", "ru": "О сайте", "en": "About this site"},
    "staff": {"kk": "Қызметкерлер бөлімі", "ru": "Раздел для сотрудников", "en": "Staff area"},
    "apply": {"kk": "Өтінім беру", "ru": "Подать заявку", "en": "Apply"},
    "name": {"kk": "Аты-жөні", "ru": "ФИО", "en": "Full name"},
    "iin": {"kk": "ЖСН", "ru": "ИИН", "en": "Individual identification number"},
    "email": {"kk": "Электрондық пошта", "ru": "Электронная почта", "en": "Email"},
    "send": {"kk": "Жіберу", "ru": "Отправить", "en": "Send"},
    "updated": {"kk": "Соңғы жаңарту", "ru": "Последнее обновление", "en": "Last updated"},
    "report": {"kk": "Бюджет есебі (PDF)", "ru": "Отчёт о бюджете (PDF)", "en": "Budget report (PDF)"},
    "dataset": {"kk": "Деректер жиынтығы (CSV)", "ru": "Набор данных (CSV)", "en": "Data set (CSV)"},
    "portal_data": {
        "kk": "Ұлттық ашық деректер порталы",
        "ru": "Национальный портал открытых данных",
        "en": "National open data portal",
    },
    "news_item": {"kk": "Жаңалық", "ru": "Новость", "en": "News item"},
    "news_body": {
        "kk": "Әкімдік азаматтарға арналған жаңа қызметтер туралы хабарлайды.",
        "ru": "Акимат сообщает о новых услугах для граждан.",
        "en": "The akimat announces new services for citizens.",
    },
    "service_intro": {
        "kk": "Қызметті онлайн алу үшін төмендегі нысанды толтырыңыз.",
        "ru": "Чтобы получить услугу онлайн, заполните форму ниже.",
        "en": "Fill in the form below to receive this service online.",
    },
    "search": {"kk": "Іздеу", "ru": "Поиск", "en": "Search"},
    "petition_text": {"kk": "Петиция мәтіні", "ru": "Текст петиции", "en": "Petition text"},
    "statement_date": {
        "kk": "Мәлімдеме жасалған күн",
        "ru": "Дата составления заявления",
        "en": "Statement prepared on",
    },
    "national": {"kk": "Ұлттық платформалар", "ru": "Национальные платформы", "en": "National platforms"},
    "banner": {"kk": "Облыс көрінісі", "ru": "Вид области", "en": "A view of the region"},
    "archive": {"kk": "2019 жылғы жаңалықтар мұрағаты", "ru": "Архив новостей 2019 года", "en": "News archive 2019"},
    "online": {"kk": "Онлайн қызметтер", "ru": "Онлайн-услуги", "en": "Online services"},
    "map": {"kk": "Кеңсе картасы", "ru": "Карта приёмной", "en": "Office map"},
    "old_reg": {"kk": "Тіркеу (ескі бет)", "ru": "Регистрация (старая страница)", "en": "Registration (old page)"},
    "petition_archive": {"kk": "Петициялар мұрағаты", "ru": "Архив петиций", "en": "Petition archive"},
    "old_news": {"kk": "Ескі жаңалықтар", "ru": "Старые новости", "en": "Old news"},
    "budget_2024": {"kk": "2024 жылғы бюджет есебі", "ru": "Отчёт о бюджете за 2024 год", "en": "Budget report 2024"},
}

# Service slug -> name per language.
SERVICES: dict[str, dict[str, str]] = {
    "passport": {"kk": "Паспорт беру", "ru": "Выдача паспорта", "en": "Passport issuance"},
    "id-card": {"kk": "Жеке куәлік беру", "ru": "Выдача удостоверения личности", "en": "Identity card issuance"},
    "birth-registration": {"kk": "Туу туралы тіркеу", "ru": "Регистрация рождения", "en": "Birth registration"},
    "marriage-registration": {"kk": "Некені тіркеу", "ru": "Регистрация брака", "en": "Marriage registration"},
    "residence-registration": {
        "kk": "Тұрғылықты жері бойынша тіркеу",
        "ru": "Регистрация по месту жительства",
        "en": "Residence registration",
    },
    "tax-certificate": {
        "kk": "Салық берешегінің жоқтығы туралы анықтама",
        "ru": "Справка об отсутствии налоговой задолженности",
        "en": "Tax clearance certificate",
    },
    "business-registration": {"kk": "Жеке кәсіпкерді тіркеу", "ru": "Регистрация ИП", "en": "Sole trader registration"},
    "building-permit": {"kk": "Құрылысқа рұқсат", "ru": "Разрешение на строительство", "en": "Building permit"},
    "land-plot": {"kk": "Жер учаскесін беру", "ru": "Предоставление земельного участка", "en": "Land plot allocation"},
    "kindergarten-queue": {"kk": "Балабақшаға кезек", "ru": "Очередь в детский сад", "en": "Kindergarten queue"},
    "school-enrolment": {"kk": "Мектепке қабылдау", "ru": "Приём в школу", "en": "School enrolment"},
    "social-benefit": {"kk": "Әлеуметтік жәрдемақы", "ru": "Социальное пособие", "en": "Social benefit"},
    "pension": {"kk": "Зейнетақы тағайындау", "ru": "Назначение пенсии", "en": "Pension award"},
    "disability-status": {
        "kk": "Мүгедектікті белгілеу",
        "ru": "Установление инвалидности",
        "en": "Disability assessment",
    },
    "housing-queue": {"kk": "Тұрғын үй кезегі", "ru": "Очередь на жильё", "en": "Housing queue"},
    "driving-licence": {"kk": "Жүргізуші куәлігі", "ru": "Водительское удостоверение", "en": "Driving licence"},
    "vehicle-registration": {"kk": "Көлікті тіркеу", "ru": "Регистрация транспорта", "en": "Vehicle registration"},
    "address-certificate": {"kk": "Мекенжай анықтамасы", "ru": "Адресная справка", "en": "Address certificate"},
    "hunting-licence": {"kk": "Аңшылық куәлігі", "ru": "Охотничье удостоверение", "en": "Hunting licence"},
    "archive-certificate": {"kk": "Мұрағаттық анықтама", "ru": "Архивная справка", "en": "Archive certificate"},
}

NEWS_COUNT = 20

MONTHS = {
    "kk": [
        "қаңтар",
        "ақпан",
        "наурыз",
        "сәуір",
        "мамыр",
        "маусым",
        "шілде",
        "тамыз",
        "қыркүйек",
        "қазан",
        "қараша",
        "желтоқсан",
    ],
    "ru": [
        "января",
        "февраля",
        "марта",
        "апреля",
        "мая",
        "июня",
        "июля",
        "августа",
        "сентября",
        "октября",
        "ноября",
        "декабря",
    ],
    "en": [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ],
}

# Links to the national platforms of open government, in the footer of every page: (host URL, text).
NATIONAL_LINKS = {
    "https://egov.kz/": {"kk": "Электрондық үкімет", "ru": "Электронное правительство", "en": "E-government"},
    "https://budget.egov.kz/": {"kk": "Ашық бюджеттер", "ru": "Открытые бюджеты", "en": "Open budgets"},
    "https://legalacts.egov.kz/": {
        "kk": "Қоғамдық талқылау",
        "ru": "Публичные обсуждения",
        "en": "Public consultations",
    },
    "https://dialog.egov.kz/": {"kk": "Ашық диалог", "ru": "Открытый диалог", "en": "Open dialogue"},
    "https://eotinish.kz/": {
        "kk": "Өтініштер мен шағымдар",
        "ru": "Обращения и жалобы",
        "en": "Feedback and complaints",
    },
    "https://adilet.zan.kz/": {
        "kk": "Нормативтік құқықтық актілер",
        "ru": "Нормативные правовые акты",
        "en": "Legal acts",
    },
}

# The defect "a Kazakh version that is really Russian text": what /kk/about/ says instead of Kazakh.
RUSSIAN_INSTEAD_OF_KAZAKH = (
    "Акимат области является местным исполнительным органом, который возглавляет аким области. "
    "Акимат обеспечивает исполнение законов, реализует государственную политику в регионе, "
    "управляет коммунальной собственностью и отвечает за развитие образования, здравоохранения, "
    "транспорта и жилищного строительства. Заседания акимата проводятся не реже одного раза в квартал."
)


def written_date(lang: str, day: date) -> str:
    """A date as each language writes it: 24 қараша 2026, 24 ноября 2026 г., November 24, 2026."""
    month = MONTHS[lang][day.month - 1]
    if lang == "kk":
        return f"{day.day} {month} {day.year}"
    if lang == "ru":
        return f"{day.day} {month} {day.year} г."
    return f"{month} {day.day}, {day.year}"
