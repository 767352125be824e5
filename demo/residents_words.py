"""The residents' page of the demo portal in Kazakh, Russian and English: a part per topic (health,
education, transport ...), each at /{lang}/residents/#topic, which the home page links to.

Data only: demo/municipal.py lays these out, by the versions demo/catalogue.yaml gives.
"""

from __future__ import annotations

# Topic (catalogue id) -> its part of the residents' page (/{lang}/residents/#id): heading and text.
TOPICS: dict[str, dict[str, tuple[str, str]]] = {
    "city": {
        "kk": (
            "Қала туралы",
            "Облыс орталығының негізі 1868 жылы қаланған. Мұнда 412 мың адам тұрады. "
            "Қаланың елтаңбасы мен туы 1998 жылы бекітілген.",
        ),
        "ru": (
            "О городе",
            "Областной центр основан в 1868 году. В нём живут 412 тысяч человек. "
            "Герб и флаг города приняты в 1998 году.",
        ),
        "en": (
            "About the city",
            "The regional centre was founded in 1868. It is home to 412,000 people. "
            "Its coat of arms and flag date from 1998.",
        ),
    },
    "health": {
        "kk": (
            "Денсаулық сақтау",
            "Облыста 24 емхана мен 11 аурухана бар. Дәрігерге өз емханаңыз арқылы жазылыңыз. "
            "Екпелер мен скрининг тегін.",
        ),
        "ru": (
            "Здравоохранение",
            "В области 24 поликлиники и 11 больниц. К врачу можно записаться в своей поликлинике. "
            "Прививки и скрининг бесплатны.",
        ),
        "en": (
            "Health",
            "The region has 24 clinics and 11 hospitals. Book a doctor through your clinic. "
            "Vaccines and screening are free.",
        ),
    },
    "education": {
        "kk": (
            "Білім беру",
            "Облыста 300-ден астам мектеп пен балабақша бар. Бірінші сыныпқа қабылдау көктемде басталады. "
            "Балабақшаға кезек онлайн жүргізіледі.",
        ),
        "ru": (
            "Образование",
            "В области более 300 школ и детских садов. Приём в первый класс идёт весной. "
            "Очередь в детский сад ведётся онлайн.",
        ),
        "en": (
            "Education",
            "The region has more than 300 schools and kindergartens. Enrolment in the first grade opens in spring. "
            "The kindergarten queue is online.",
        ),
    },
    "social-support": {
        "kk": (
            "Әлеуметтік қолдау",
            "Көпбалалы отбасыларға, мүгедектігі бар адамдарға және зейнеткерлерге жәрдемақы мен атаулы көмек.",
        ),
        "ru": (
            "Социальная поддержка",
            "Пособия и адресная помощь для многодетных семей, людей с инвалидностью и пенсионеров.",
        ),
        "en": (
            "Social support",
            "Benefits and targeted help for large families, people with disabilities and pensioners.",
        ),
    },
    "transport": {
        "kk": (
            "Көлік",
            "Қалада 46 автобус бағыты бар. Автобустың қайда жүргенін онлайн картадан көруге болады. "
            "Ақылы тұрақтар орталықта.",
        ),
        "ru": (
            "Транспорт",
            "В городе 46 автобусных маршрутов. Где едет автобус, видно на онлайн-карте. "
            "Платные парковки есть в центре.",
        ),
        "en": (
            "Transport",
            "The city has 46 bus routes. You can follow the buses on an online map. Paid parking is in the centre.",
        ),
    },
    "emergency": {
        "kk": (
            "Төтенше жағдайлар",
            "Құтқару қызметі — 112, өрт сөндірушілер — 101, полиция — 102, жедел жәрдем — 103. "
            "Су тасқыны мен боран кезінде не істеу керек.",
        ),
        "ru": (
            "Чрезвычайные ситуации",
            "Служба спасения — 112, пожарные — 101, полиция — 102, скорая помощь — 103. "
            "Что делать при паводке и буране.",
        ),
        "en": (
            "Emergencies",
            "Emergency number 112, fire service 101, police 102, ambulance 103. What to do in a flood or a snowstorm.",
        ),
    },
    "environment": {
        "kk": (
            "Экология және қоршаған орта",
            "Ауа сапасы туралы деректер күн сайын шығады. "
            "Мұнда қалдық жинау пункттері мен көгалдандыру жоспары да бар.",
        ),
        "ru": (
            "Экология",
            "Данные о качестве воздуха выходят каждый день. Здесь же пункты сбора отходов и план озеленения.",
        ),
        "en": (
            "Environment",
            "Air quality readings come out every day. Here too: where to take waste, and the plan for green areas.",
        ),
    },
    "culture-sport": {
        "kk": (
            "Мәдениет және спорт",
            "Драма театры, өлкетану музейі, 18 спорт кешені мен 3 стадион. Мерекелер афишасы.",
        ),
        "ru": (
            "Культура и спорт",
            "Драмтеатр, краеведческий музей, 18 спортивных комплексов и 3 стадиона. Афиша праздников.",
        ),
        "en": (
            "Culture and sport",
            "The drama theatre, the local museum, 18 sports centres and 3 stadiums. What is on for the holidays.",
        ),
    },
    "housing": {
        "kk": ("Тұрғын үй", "Тұрғын үй кезегі, жалдамалы тұрғын үй және коммуналдық қызметтердің тарифтері."),
        "ru": ("Жильё", "Очередь на жильё, арендное жильё и тарифы на коммунальные услуги."),
        "en": ("Housing", "The housing queue, rental homes and the rates for utilities."),
    },
    "business": {
        "kk": ("Кәсіпкерлік", "Кәсіпкерлерге мемлекеттік қолдау мен гранттар, инвесторларға жер учаскелері."),
        "ru": ("Бизнес", "Господдержка и гранты для предпринимателей, земля для инвесторов."),
        "en": ("Business", "Support and grants for entrepreneurs, and land for investors."),
    },
    "tourism": {
        "kk": ("Туризм", "Қонақтарға: көрікті жерлер, қонақ үйлер, туристік бағыттар және ақпарат орталығы."),
        "ru": ("Туризм", "Гостям области: достопримечательности, гостиницы, маршруты и туристский центр."),
        "en": ("Tourism", "For visitors: sights, hotels, routes and the tourist information centre."),
    },
    "statistics": {
        "kk": (
            "Статистика",
            "Облыстың басты сандары: халық саны, жұмыссыздық және орташа жалақы. Деректер тоқсан сайын жаңарады.",
        ),
        "ru": (
            "Статистика",
            "Главные цифры области: население, безработица и средняя зарплата. Данные обновляются раз в квартал.",
        ),
        "en": (
            "Statistics",
            "The region's key figures: population, unemployment and the average wage. They are updated every quarter.",
        ),
    },
    "urban-planning": {
        "kk": ("Қала құрылысы", "Қаланың бас жоспары, құрылыс сызбасы және сәулетшілерге арналған тапсырмалар."),
        "ru": ("Градостроительство", "Генеральный план города, схема застройки и задания для архитекторов."),
        "en": ("Urban planning", "The city's master plan, the building scheme and the briefs for architects."),
    },
}
