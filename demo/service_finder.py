"""The demo portal's service finder: a section only a browser can walk.

Its pages are one empty shell per language (/kk/finder/ and the others) that a script fills from a
JSON file: life situations as client-side routes (href="#/situations/family"), each listing the
services it takes, and a help page that a menu button without an address reaches by `pushState`
(/kk/finder/help/, which the server answers with the same shell, as single-page applications do).
Over plain HTTP the section is one page with no content and no way on; in a browser it is seven
pages a language. The script writes text with textContent only: the data is ours, but the demo
shows how a portal's script should treat it.
"""

from __future__ import annotations

import json

from egov_audit.demo.content import LANGS, SERVICES

SECTION = "finder"
SCRIPT_PATH = "/static/finder.js"
HELP = "help/"

TITLE = {"kk": "Қызметті табу", "ru": "Поиск услуги", "en": "Service finder"}

SITUATIONS: dict[str, dict[str, object]] = {
    "family": {
        "name": {"kk": "Отбасы және балалар", "ru": "Семья и дети", "en": "Family and children"},
        "about": {
            "kk": "Бала туғанда, неке қиғанда және балабақша мен мектепке орын алғанда қажет қызметтер.",
            "ru": "Услуги при рождении ребёнка, вступлении в брак и устройстве в детский сад и школу.",
            "en": "Services for the birth of a child, a marriage, and a place at a kindergarten or school.",
        },
        "services": ["birth-registration", "marriage-registration", "kindergarten-queue", "school-enrolment"],
    },
    "documents": {
        "name": {"kk": "Құжаттар", "ru": "Документы", "en": "Documents"},
        "about": {
            "kk": "Жеке басты куәландыратын құжаттар, жүргізуші куәлігі және мекенжай анықтамасы.",
            "ru": "Документы, удостоверяющие личность, водительское удостоверение и адресная справка.",
            "en": "Identity documents, a driving licence and a certificate of address.",
        },
        "services": ["passport", "id-card", "driving-licence", "address-certificate"],
    },
    "home": {
        "name": {"kk": "Тұрғын үй және жер", "ru": "Жильё и земля", "en": "Home and land"},
        "about": {
            "kk": "Тұрғылықты жері бойынша тіркеу, тұрғын үй кезегі, жер учаскесі және құрылысқа рұқсат.",
            "ru": "Регистрация по месту жительства, очередь на жильё, земельный участок и разрешение на строительство.",
            "en": "Residence registration, the housing queue, a land plot and a building permit.",
        },
        "services": ["residence-registration", "housing-queue", "land-plot", "building-permit"],
    },
    "business": {
        "name": {"kk": "Кәсіпкерлік және салық", "ru": "Бизнес и налоги", "en": "Business and taxes"},
        "about": {
            "kk": "Жеке кәсіпкерді тіркеу және салық берешегінің жоқтығы туралы анықтама алу.",
            "ru": "Регистрация индивидуального предпринимателя и справка об отсутствии налоговой задолженности.",
            "en": "Registering as a sole trader and a certificate that no taxes are owed.",
        },
        "services": ["business-registration", "tax-certificate"],
    },
    "support": {
        "name": {"kk": "Әлеуметтік қолдау", "ru": "Социальная поддержка", "en": "Social support"},
        "about": {
            "kk": "Әлеуметтік жәрдемақы, зейнетақы тағайындау және мүгедектікті белгілеу.",
            "ru": "Социальное пособие, назначение пенсии и установление инвалидности.",
            "en": "Social benefits, a pension award and the assessment of a disability.",
        },
        "services": ["social-benefit", "pension", "disability-status"],
    },
}

UI = {
    "situations": {"kk": "Өмірлік жағдайлар", "ru": "Жизненные ситуации", "en": "Life situations"},
    "help": {"kk": "Көмек", "ru": "Помощь", "en": "Help"},
    "all": {"kk": "Барлық жағдайлар", "ru": "Все ситуации", "en": "All situations"},
    "intro": {
        "kk": "Өміріңіздегі жағдайды таңдаңыз: біз оған қажет мемлекеттік қызметтерді көрсетеміз.",
        "ru": "Выберите жизненную ситуацию: мы покажем государственные услуги, которые для неё нужны.",
        "en": "Choose a situation in your life: we show the public services it takes.",
    },
    "help_text": {
        "kk": (
            "Қызметті табу бөлімі өмірлік жағдай бойынша мемлекеттік қызметтерді іздеуге көмектеседі. Жағдайды "
            "таңдап, қызметтің бетіне өтіңіз: онда өтінім беру нысаны мен қажетті құжаттар тізімі бар. Өтінімді "
            "электрондық цифрлық қолтаңбамен немесе бір реттік құпия сөзбен растауға болады. Өтінімнің күйін "
            "жеке кабинеттен бақылай аласыз, ал нәтиже дайын болғанда сізге хабарлама келеді. Қызметті таба "
            "алмасаңыз, 1414 байланыс орталығына қоңырау шалыңыз: операторлар қазақ және орыс тілдерінде жауап береді."
        ),
        "ru": (
            "Раздел «Поиск услуги» помогает найти государственные услуги по жизненной ситуации. Выберите ситуацию "
            "и перейдите на страницу услуги: там есть форма заявки и список нужных документов. Заявку можно "
            "подписать электронной цифровой подписью или подтвердить одноразовым паролем. Статус заявки виден в "
            "личном кабинете, а когда результат будет готов, вам придёт уведомление. Если вы не нашли нужную "
            "услугу, позвоните в контакт-центр 1414: операторы отвечают на казахском и русском языках."
        ),
        "en": (
            "The service finder helps you find public services by the situation in your life. Choose a situation "
            "and go on to the service's page: it has the application form and the list of documents you need. "
            "You can sign an application with your digital signature or confirm it with a one-time password. "
            "Your personal account shows where the application stands, and you are notified when the result is "
            "ready. If you cannot find the service you need, call the 1414 contact centre: its operators answer "
            "in Kazakh and Russian."
        ),
    },
    "noscript": {
        "kk": "Қызметті табу үшін браузеріңізде JavaScript қосыңыз.",
        "ru": "Чтобы найти услугу, включите JavaScript в браузере.",
        "en": "Turn on JavaScript in your browser to use the service finder.",
    },
    "picture": {"kk": "Жағдайдың суреті", "ru": "Иллюстрация ситуации", "en": "Picture of the situation"},
}


def data_path(lang: str) -> str:
    return f"/static/finder-{lang}.json"


def finder_data(lang: str, missing_alt: set[str], help_in: str) -> bytes:
    """What the script shows in `lang`: situations whose key is in `missing_alt` show their picture
    without a text alternative; the help page is written in `help_in` (a planted defect when it is
    not `lang`)."""
    situations = [
        {
            "key": key,
            "name": entry["name"][lang],  # type: ignore[index]
            "about": entry["about"][lang],  # type: ignore[index]
            "picture": f"/static/situation-{key}.svg",
            "alt": None if key in missing_alt else f"{UI['picture'][lang]}: {entry['name'][lang]}",  # type: ignore[index]
            "services": [
                {"href": f"/{lang}/services/{slug}/", "name": SERVICES[slug][lang]}
                for slug in entry["services"]  # type: ignore[attr-defined]
            ],
        }
        for key, entry in SITUATIONS.items()
    ]
    document = {
        "base": f"/{lang}/{SECTION}/",
        "title": TITLE[lang],
        "situations_label": UI["situations"][lang],
        "help_label": UI["help"][lang],
        "all_label": UI["all"][lang],
        "intro": UI["intro"][lang],
        "help_title": UI["help"][help_in],
        "help_text": UI["help_text"][help_in],
        "situations": situations,
    }
    return json.dumps(document, ensure_ascii=False).encode("utf-8")


PICTURE = (
    b'<svg xmlns="http://www.w3.org/2000/svg" width="120" height="80" viewBox="0 0 120 80">'
    b'<rect width="120" height="80" fill="#dfe9f3"/><circle cx="60" cy="40" r="24" fill="#1d5a8c"/></svg>'
)

# The router: the situations list at the section's address, a situation at #/situations/<key>, the
# help page at <base>help/ (reached by pushState from a button that has no address).
SCRIPT = """
(function () {
  "use strict";
  var app = document.getElementById("app");
  var lang = document.documentElement.lang;
  function element(tag, text, attributes) {
    var node = document.createElement(tag);
    if (text) { node.textContent = text; }
    Object.keys(attributes || {}).forEach(function (name) { node.setAttribute(name, attributes[name]); });
    return node;
  }
  fetch("/static/finder-" + lang + ".json").then(function (answer) { return answer.json(); }).then(function (data) {
    function menu() {
      var nav = element("nav", "", {"aria-label": data.situations_label});
      var list = element("ul");
      var all = element("li");
      all.appendChild(element("a", data.all_label, {href: data.base}));
      list.appendChild(all);
      data.situations.forEach(function (situation) {
        var item = element("li");
        item.appendChild(element("a", situation.name, {href: data.base + "#/situations/" + situation.key}));
        list.appendChild(item);
      });
      var help = element("li");
      help.appendChild(element("button", data.help_label, {type: "button", "data-path": "help/"}));
      list.appendChild(help);
      nav.appendChild(list);
      return nav;
    }
    function situationView(situation) {
      var view = element("section");
      view.appendChild(element("h2", situation.name));
      var picture = element("img", "", {src: situation.picture, width: "120", height: "80"});
      if (situation.alt !== null) { picture.setAttribute("alt", situation.alt); }
      view.appendChild(picture);
      view.appendChild(element("p", situation.about));
      var list = element("ul");
      situation.services.forEach(function (service) {
        var item = element("li");
        item.appendChild(element("a", service.name, {href: service.href}));
        list.appendChild(item);
      });
      view.appendChild(list);
      return view;
    }
    function listView() {
      var view = element("section");
      view.appendChild(element("p", data.intro));
      var list = element("ul");
      data.situations.forEach(function (situation) {
        var item = element("li");
        item.appendChild(element("a", situation.name, {href: data.base + "#/situations/" + situation.key}));
        item.appendChild(document.createTextNode(" — " + situation.about));
        list.appendChild(item);
      });
      view.appendChild(list);
      return view;
    }
    function helpView() {
      var view = element("section");
      view.appendChild(element("h2", data.help_title));
      view.appendChild(element("p", data.help_text));
      return view;
    }
    function render() {
      var route = location.hash.replace(/^#/, "");
      var view;
      if (location.pathname === data.base + "help/") {
        view = helpView();
      } else if (route.indexOf("/situations/") === 0) {
        var key = route.slice("/situations/".length);
        var found = data.situations.filter(function (situation) { return situation.key === key; })[0];
        view = found ? situationView(found) : listView();
      } else {
        view = listView();
      }
      app.replaceChildren(menu(), view);
    }
    document.addEventListener("click", function (event) {
      var button = event.target.closest("button[data-path]");
      if (!button) { return; }
      history.pushState({}, "", data.base + button.getAttribute("data-path"));
      render();
    });
    window.addEventListener("hashchange", render);
    window.addEventListener("popstate", render);
    render();
  });
})();
"""


def shell_paths(lang: str) -> tuple[str, str]:
    """The section's two server addresses in `lang`: its start and its help page (the same shell)."""
    return f"/{lang}/{SECTION}/", f"/{lang}/{SECTION}/{HELP}"


def languages() -> tuple[str, ...]:
    return LANGS
