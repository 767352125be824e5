"""Offline language identification for the languages public portals of the region use.

A general model (py3langid) costs about 75 MB of memory for its tables, more than
the whole crawl; here the question is narrower: is this page in the language it
declares, among a handful of candidates? Function words and the letters only one
language uses answer that for texts of a paragraph or more, at no memory cost.
Languages without a profile here are never guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


@dataclass(frozen=True, slots=True)
class Profile:
    script: str  # "cyrillic" or "latin"
    words: frozenset[str]  # frequent function words
    letters: frozenset[str]  # letters that mark this language against its neighbours


def _profile(script: str, words: str, letters: str = "") -> Profile:
    return Profile(script, frozenset(words.split()), frozenset(letters))


PROFILES: dict[str, Profile] = {
    "kk": _profile(
        "cyrillic",
        "және мен бен пен үшін бойынша туралы бар жоқ бұл осы ол сол да де та те ма ме ба бе "
        "па пе қалай қандай бір екі жылы жылғы арқылы кейін дейін сияқты болып болады емес ғана тағы "
        "немесе сондай барлық біз сіз олар оның сіздің біздің қазақстан облыс облысы",
        "әғқңөұүһі",
    ),
    "ru": _profile(
        "cyrillic",
        "и в во не на что с со по для как это из от к ко за о об а но же или то его ее её "
        "они мы вы он она при также быть был была были есть уже все всё так только если чтобы года "
        "году который которые области",
        "ыэъё",
    ),
    "uk": _profile(
        "cyrillic",
        "і й та в у на з із до що як це не від для за по про але або його її вони ми ви "
        "він вона також є був була були вже всі лише якщо щоб який які області",
        "ієїґ",
    ),
    "ky": _profile(
        "cyrillic",
        "жана менен үчүн боюнча тууралуу бар жок бул ушул ал ошол да дагы же болуп "
        "болот эмес гана бир эки жылы аркылуу кийин чейин сыяктуу биз сиз алар анын кыргыз",
        "өүң",
    ),
    "uz": _profile(
        "latin",
        "va bilan uchun bo'yicha haqida bor yo'q bu shu u ham yoki bir ikki yil orqali "
        "keyin qadar kabi bo'lib bo'ladi emas faqat biz siz ular uning o'zbekiston",
        "ʻʼ",
    ),
    "en": _profile(
        "latin",
        "the and of to in a is for on that with by this be are as at or from it an was "
        "will you your we our can has have not all which their more about",
    ),
    "de": _profile(
        "latin",
        "der die das und in zu den von mit ist für auf nicht ein eine dem des sich im "
        "auch es an werden wir sie bei oder aus",
        "äöüß",
    ),
    "fr": _profile(
        "latin",
        "le la les de des et un une du en est pour que qui dans sur au aux par pas plus ce cette sont vous nous avec",
        "àâçéèêëîïôûùœ",
    ),
    "es": _profile(
        "latin",
        "el la los las de del y en un una que es por para con no se su al lo como más sus este esta son",
        "ñáéíóú¿¡",
    ),
    "et": _profile(
        "latin", "ja on ei et see ka kui oli mis või ning oma tema nad ta selle kõik veel aga mida seda nii", "õäöü"
    ),
    "lv": _profile("latin", "un ir ar par uz no kas ka arī lai vai bet tas tā šo viņš viņa mēs jūs", "āčēģīķļņšūž"),
    "lt": _profile("latin", "ir yra su apie į iš kad tai kaip bet ar jis ji mes jūs buvo bus savo", "ąčęėįšųūž"),
    "pl": _profile(
        "latin", "i w na z do że się nie to jest o od po za jak dla przez ale lub jego jej są oraz", "ąćęłńóśźż"
    ),
}

MIN_WORDS = 20


def _script(text: str) -> str | None:
    cyrillic = sum(1 for ch in text if "\u0400" <= ch <= "\u04ff")
    latin = sum(1 for ch in text if ch.isascii() and ch.isalpha())
    if not cyrillic and not latin:
        return None
    return "cyrillic" if cyrillic >= latin else "latin"


def identify(text: str, candidates: tuple[str, ...]) -> str | None:
    """The candidate language `text` is written in, or None when the text cannot tell.

    Candidates without a profile here are ignored; the text must hold at least
    `MIN_WORDS` words in one script.
    """
    folded = text.casefold()
    words = _WORD.findall(folded)
    script = _script(folded)
    if len(words) < MIN_WORDS or script is None:
        return None
    letters = [ch for ch in folded if ch.isalpha()]
    scores: dict[str, float] = {}
    for language in candidates:
        profile = PROFILES.get(language)
        if profile is None or profile.script != script:
            continue
        word_share = sum(1 for w in words if w in profile.words) / len(words)
        letter_share = sum(1 for ch in letters if ch in profile.letters) / len(letters)
        scores[language] = word_share + 4 * letter_share
    if not scores:
        return None
    best = max(scores, key=lambda language: scores[language])
    return best if scores[best] > 0 else None
