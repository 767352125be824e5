"""The demo portal's municipal content in Kazakh, Russian and English: the pages and links a regional
akimat's site has (its structure, leadership, procurement, the maslikhat's sessions, topics for
residents ...), which the LOSI rules read.

Data only: demo/municipal.py lays these out, by the versions demo/catalogue.yaml gives. `{d1}`,
`{d2}` in a text are dates the builder writes, counted from the day the portal is built.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class PageWords:
    """A page's path under /{lang}/, its title and paragraphs per language, and the form it takes."""

    path: str
    title: dict[str, str]
    text: dict[str, list[str]]
    form: str = ""  # a key of FORMS


# Page key -> its words.
PAGES: dict[str, PageWords] = {
    "structure": PageWords(
        path="about/structure/",
        title={"kk": "Әкімдіктің құрылымы", "ru": "Структура акимата", "en": "Organisational structure"},
        text={
            "kk": [
                "Облыс әкімдігінің құрылымына әкім аппараты және он төрт басқарма кіреді. Басқармалар облыс "
                "әкімінің орынбасарларына бағынады, ал әкім аппараты олардың жұмысын үйлестіреді.",
                "Басқармалар: білім басқармасы, денсаулық сақтау басқармасы, жұмыспен қамту және әлеуметтік "
                "бағдарламалар басқармасы, жолаушылар көлігі және автомобиль жолдары басқармасы, табиғи "
                "ресурстар басқармасы, мәдениет басқармасы, кәсіпкерлік басқармасы, құрылыс, сәулет және қала "
                "құрылысы басқармасы.",
            ],
            "ru": [
                "В структуру акимата области входят аппарат акима и четырнадцать управлений. Управления "
                "подчиняются заместителям акима области, а аппарат акима координирует их работу.",
                "Управления: образования, здравоохранения, занятости и социальных программ, пассажирского "
                "транспорта и автомобильных дорог, природных ресурсов, культуры, предпринимательства, "
                "строительства, архитектуры и градостроительства.",
            ],
            "en": [
                "The regional akimat is made up of the akim's office and fourteen departments. The departments "
                "report to the deputy akims, and the akim's office coordinates their work.",
                "The departments: education; health care; employment and social programmes; passenger transport "
                "and roads; natural resources; culture; entrepreneurship; construction, architecture and urban "
                "planning.",
            ],
        },
    ),
    "leadership": PageWords(
        path="about/leadership/",
        title={"kk": "Басшылық", "ru": "Руководство", "en": "Leadership"},
        text={
            "kk": [
                "Облыс әкімі — Нұрлан Ерболұлы Серікұлы. Қабылдау бөлмесінің телефоны: +7 7172 55 10 01, "
                "электрондық пошта: akim@demo-region.example.",
                "Облыс әкімінің бірінші орынбасары — Әйгерім Қайратқызы Ахметова. Телефон: +7 7172 55 10 02, "
                "электрондық пошта: deputy@demo-region.example.",
                "Білім басқармасының басшысы — Дәурен Сәкенұлы Омаров. Телефон: +7 7172 55 20 10, "
                "электрондық пошта: education@demo-region.example.",
            ],
            "ru": [
                "Аким области — Серикулы Нурлан Ерболулы. Телефон приёмной: +7 7172 55 10 01, "
                "электронная почта: akim@demo-region.example.",
                "Первый заместитель акима области — Ахметова Айгерим Кайратовна. Телефон: +7 7172 55 10 02, "
                "электронная почта: deputy@demo-region.example.",
                "Руководитель управления образования — Омаров Даурен Сакенович. Телефон: +7 7172 55 20 10, "
                "электронная почта: education@demo-region.example.",
            ],
            "en": [
                "Akim of the region: Nurlan Serikuly. Reception phone: +7 7172 55 10 01, "
                "email: akim@demo-region.example.",
                "First deputy akim: Aigerim Akhmetova. Phone: +7 7172 55 10 02, email: deputy@demo-region.example.",
                "Head of the education department: Dauren Omarov. Phone: +7 7172 55 20 10, "
                "email: education@demo-region.example.",
            ],
        },
    ),
    "vacancies": PageWords(
        path="about/vacancies/",
        title={"kk": "Бос жұмыс орындары", "ru": "Вакансии", "en": "Vacancies"},
        text={
            "kk": [
                "Әкімдік бос мемлекеттік әкімшілік лауазымдарға конкурс жариялайды: білім басқармасының бас "
                "маманы және кәсіпкерлік басқармасының жетекші маманы.",
                "Құжаттар хабарландыру жарияланған күннен бастап жиырма күн ішінде Мемлекеттік қызмет істері "
                "агенттігінің порталы арқылы қабылданады.",
            ],
            "ru": [
                "Акимат объявляет конкурс на занятие вакантных административных государственных должностей: "
                "главный специалист управления образования и ведущий специалист управления предпринимательства.",
                "Документы принимаются в течение двадцати дней со дня публикации объявления через портал "
                "Агентства по делам государственной службы.",
            ],
            "en": [
                "The akimat announces competitions for vacant civil service posts: a chief specialist of the "
                "education department and a leading specialist of the entrepreneurship department.",
                "Applications are accepted for twenty days from the day of the announcement through the portal "
                "of the Civil Service Agency.",
            ],
        },
    ),
    "procurement": PageWords(
        path="procurement/",
        title={"kk": "Мемлекеттік сатып алу", "ru": "Государственные закупки", "en": "Public procurement"},
        text={
            "kk": [
                "Әкімдіктің биылғы мемлекеттік сатып алу жоспары және конкурстар туралы хабарландырулар.",
                "Мектептерге жиһаз сатып алу конкурсы: өтінімдер {d2} дейін қабылданады.",
                "Жолдарды жөндеу жұмыстарын сатып алу қорытындысы {d1} шығарылды: жеңімпаз — «Демо Жол» ЖШС.",
            ],
            "ru": [
                "План государственных закупок акимата на текущий год и объявления о конкурсах.",
                "Конкурс на закуп мебели для школ: заявки принимаются до {d2}.",
                "Итоги закупа работ по ремонту дорог подведены {d1}: победитель — ТОО «Демо Жол».",
            ],
            "en": [
                "The akimat's public procurement plan for this year and its tender announcements.",
                "Tender for school furniture: bids are accepted until {d2}.",
                "The tender for road repairs was decided on {d1}: the contract went to Demo Zhol LLP.",
            ],
        },
    ),
    "maslikhat": PageWords(
        path="maslikhat/",
        title={"kk": "Мәслихат сессиялары", "ru": "Сессии маслихата", "en": "Maslikhat council meetings"},
        text={
            "kk": [
                "Облыстық мәслихаттың кезекті сессиялары, олардың күн тәртібі мен хаттамалары.",
                "{d1} — жиырма төртінші сессия. Күн тәртібінде: облыстық бюджетті нақтылау және қоғамдық көлік "
                "тарифтері. Сессияның хаттамасы жарияланды.",
                "{d2} — жиырма бесінші сессия. Күн тәртібінде: абаттандыру қағидалары. Сессия облыс "
                "әкімдігінің арнасында тікелей көрсетіледі.",
            ],
            "ru": [
                "Очередные сессии областного маслихата, их повестки и протоколы.",
                "{d1} — двадцать четвёртая сессия. Повестка: уточнение областного бюджета и тарифы на "
                "общественный транспорт. Протокол сессии опубликован.",
                "{d2} — двадцать пятая сессия. Повестка: правила благоустройства. Сессия транслируется в "
                "прямом эфире на канале акимата области.",
            ],
            "en": [
                "Sessions of the regional maslikhat (the elected council), with their agendas and minutes.",
                "{d1}: the twenty-fourth session. Agenda: the revised regional budget and public transport "
                "fares. The minutes are published.",
                "{d2}: the twenty-fifth session. Agenda: the rules for landscaping. The session is broadcast "
                "live on the akimat's channel.",
            ],
        },
    ),
    "hearings": PageWords(
        path="hearings/",
        title={"kk": "Жария тыңдаулар", "ru": "График публичных слушаний", "en": "Public hearings"},
        text={
            "kk": [
                "Алдағы жария тыңдаулар мен әкімнің тұрғындармен кездесулері.",
                "{d3}, сағат 15:00 — қаланың бас жоспарына өзгерістер бойынша жария тыңдау, әкімдіктің мәжіліс залы.",
                "{d4}, сағат 11:00 — облыс әкімінің Есіл ауданының тұрғындарымен кездесуі. Ұсыныстарыңызды "
                "алдын ала hearings@demo-region.example поштасына жіберіңіз.",
            ],
            "ru": [
                "Предстоящие публичные слушания и встречи акима с жителями.",
                "{d3}, 15:00 — публичные слушания по изменениям генерального плана города, зал заседаний акимата.",
                "{d4}, 11:00 — встреча акима области с жителями Есильского района. Предложения можно заранее "
                "направить на адрес hearings@demo-region.example.",
            ],
            "en": [
                "Upcoming public hearings and the akim's meetings with residents.",
                "{d3}, 3 p.m.: a public hearing on changes to the city's master plan, in the akimat's assembly hall.",
                "{d4}, 11 a.m.: the akim meets the residents of Esil district. Send your proposals beforehand to "
                "hearings@demo-region.example.",
            ],
        },
    ),
    "participatory-budget": PageWords(
        path="participatory-budget/",
        title={"kk": "Халықтық қатысу бюджеті", "ru": "Бюджет народного участия", "en": "Participatory budgeting"},
        text={
            "kk": [
                "Тұрғындар аулаларды абаттандыру, балалар алаңдары мен саябақтар бойынша жобалар ұсынып, оларға "
                "дауыс береді. Биыл бұл мақсатқа бір жарым миллиард теңге бөлінді.",
                "Жобаңызды төмендегі нысан арқылы жіберіңіз: дауыс беру жобалар жиналғаннан кейін басталады.",
            ],
            "ru": [
                "Жители предлагают проекты благоустройства дворов, детских площадок и скверов и голосуют за них. "
                "В этом году на них выделено полтора миллиарда тенге.",
                "Отправьте свой проект через форму ниже: голосование начнётся после сбора проектов.",
            ],
            "en": [
                "Residents propose projects for courtyards, playgrounds and squares and vote for them. This year "
                "one and a half billion tenge is set aside for them.",
                "Send your project with the form below: the vote opens once the projects are in.",
            ],
        },
        form="project",
    ),
    "report-problem": PageWords(
        path="report-problem/",
        title={
            "kk": "Қаладағы мәселе туралы хабарлау",
            "ru": "Сообщить о проблеме в городе",
            "en": "Report a problem in the city",
        },
        text={
            "kk": [
                "Жолдағы шұңқыр, жанбайтын шам, толып кеткен қоқыс жәшігі немесе сынған орындық туралы "
                "хабарлаңыз: мекенжайын көрсетіңіз.",
                "Хабарлама тиісті қызметке жіберіледі, жауап бес жұмыс күні ішінде беріледі.",
            ],
            "ru": [
                "Сообщите о яме на дороге, неработающем фонаре, переполненном мусорном контейнере или сломанной "
                "скамейке: укажите адрес.",
                "Сообщение передаётся ответственной службе, ответ даётся в течение пяти рабочих дней.",
            ],
            "en": [
                "Tell us about a pothole, a broken street light, an overflowing bin or a broken bench: give the "
                "address.",
                "Your report goes to the service in charge, which answers within five working days.",
            ],
        },
        form="problem",
    ),
    "residents": PageWords(
        path="residents/",
        title={"kk": "Тұрғындарға", "ru": "Жителям", "en": "For residents"},
        text={
            "kk": ["Облыс тұрғындарына арналған негізгі ақпарат, салалар бойынша."],
            "ru": ["Основная информация для жителей области по отраслям."],
            "en": ["The main information for the region's residents, by topic."],
        },
    ),
}

# Links to other sites (catalogue id -> [(URL, text per language)]): the akimat's accounts and the
# national services a resident signs in or pays on.
EXTERNAL: dict[str, list[tuple[str, dict[str, str]]]] = {
    "social-networks": [
        ("https://www.instagram.com/demo.akimat/", {"kk": "Instagram", "ru": "Instagram", "en": "Instagram"}),
        ("https://www.facebook.com/demo.akimat", {"kk": "Facebook", "ru": "Facebook", "en": "Facebook"}),
        ("https://www.youtube.com/@demo-akimat", {"kk": "YouTube", "ru": "YouTube", "en": "YouTube"}),
    ],
    "chat": [
        (
            "https://t.me/demo_akimat_bot",
            {"kk": "Telegram чат-боты", "ru": "Чат-бот в Telegram", "en": "Telegram chatbot"},
        ),
        ("https://wa.me/77172551414", {"kk": "WhatsApp", "ru": "WhatsApp", "en": "WhatsApp"}),
    ],
    "personal-account": [
        ("https://idp.egov.kz/idp/sign-in", {"kk": "Жеке кабинет", "ru": "Личный кабинет", "en": "Personal account"}),
    ],
    "payment": [
        (
            "https://egov.kz/cms/kk/online-payments",
            {"kk": "Онлайн төлем", "ru": "Онлайн-оплата", "en": "Online payment"},
        ),
    ],
}

# Headings of the home page's blocks, and the words of links and parts of existing pages.
HOME_BLOCKS = {
    "akimat": {"kk": "Әкімдік", "ru": "Акимат", "en": "The akimat"},
    "residents": {"kk": "Тұрғындарға", "ru": "Жителям", "en": "For residents"},
    "participation": {"kk": "Қатысу", "ru": "Участие", "en": "Take part"},
    "online": {"kk": "Онлайн", "ru": "Онлайн", "en": "Online"},
    "follow": {"kk": "Біз әлеуметтік желілерде", "ru": "Мы в социальных сетях", "en": "Follow us"},
}

LINKS = {
    "low-vision": {
        "kk": "Нашар көретіндерге арналған нұсқа",
        "ru": "Версия для слабовидящих",
        "en": "Version for the visually impaired",
    },
    "appointment": {"kk": "Қабылдауға жазылу", "ru": "Запись на приём", "en": "Book an appointment"},
}

# Parts added to existing sections (catalogue id -> section key, anchor, text per language).
SECTION_PARTS: dict[str, tuple[str, str, dict[str, str]]] = {
    "dataset-metadata": (
        "open-data",
        "metadata",
        {
            "kk": (
                "Деректер жиынтығының паспорты: аудандар бойынша халық саны. Формат: CSV. Лицензия: CC BY 4.0. "
                "Жаңарту жиілігі: жылына бір рет. Соңғы жаңартылған күні: {d1}. Деректер иесі: облыс әкімдігі."
            ),
            "ru": (
                "Паспорт набора данных: численность населения по районам. Формат: CSV. Лицензия: CC BY 4.0. "
                "Периодичность обновления: раз в год. Дата последнего обновления: {d1}. Владелец набора: "
                "акимат области."
            ),
            "en": (
                "About the data set: population by district. Format: CSV. Licence: CC BY 4.0. Update frequency: "
                "yearly. Last modified: {d1}. Publisher: the regional akimat."
            ),
        },
    ),
    "low-vision": (
        "accessibility",
        "display",
        {
            "kk": "Нашар көретіндерге арналған нұсқада қаріп өлшемін, түстер контрастын және жол аралығын "
            "өзгертуге болады.",
            "ru": "В версии для слабовидящих можно изменить размер шрифта, контраст цветов и межстрочный интервал.",
            "en": "The version for the visually impaired lets you change the font size, the colour contrast and "
            "the line spacing.",
        },
    ),
    "appointment": (
        "contacts",
        "appointment",
        {
            "kk": "Әкімнің және оның орынбасарларының қабылдауына 1414 телефоны немесе электрондық кезек арқылы "
            "жазылыңыз.",
            "ru": "Записаться на приём к акиму и его заместителям можно по телефону 1414 или через электронную "
            "очередь.",
            "en": "Book an appointment with the akim or a deputy akim by phone on 1414 or through the electronic "
            "queue.",
        },
    ),
}

# A page's form (PageWords.form) -> the label of its text field, beside the name the form asks for.
FORMS = {
    "project": {"kk": "Жобаның сипаттамасы", "ru": "Описание проекта", "en": "About the project"},
    "problem": {"kk": "Мәселенің мекенжайы мен сипаттамасы", "ru": "Адрес и описание проблемы", "en": "Where and what"},
}
