"""Body and site language: function words answer clear cases, py3langid the rest."""

from __future__ import annotations

import pytest

from palmyra_archive.core.ingest import language
from palmyra_archive.core.ingest.parse import parse_document


@pytest.mark.parametrize("text, code", [
    ("The liberation of Palmyra is a decisive turning point in the war on Syria and the army has won.", "en"),
    ("La reprise de Palmyre par l'armée syrienne a été présentée comme un tournant décisif de la guerre.", "fr"),
    ("Die Rückeroberung von Palmyra ist ein Wendepunkt und die Armee hat sich nicht zurückgezogen.", "de"),
    ("La recuperación de Palmira por el ejército sirio es un punto de inflexión en la guerra según los analistas.", "es"),
    ("Освобождение Пальмиры стало переломным моментом в войне в Сирии", "ru"),
])
def test_detect_language(text, code):
    assert language.detect_language(text) == code


def test_too_little_text_is_unknown():
    assert language.detect_language("OK 12 34") is None


def test_unclear_samples_go_to_the_statistical_model(monkeypatch):
    asked = []
    monkeypatch.setattr(language, "_classify", lambda sample: asked.append(sample) or "it")
    assert language.detect_language("Palmyra Damascus Homs Raqqa Aleppo Idlib Deir ez-Zor") == "it"
    assert asked


def test_site_language_differs_from_body_language():
    data = ("# A Title\n\nPar Jean Dupont\n\nMondialisation.ca, 3 avril 2017\n\n"
            "The army took the city back in March, and the people of the town came home to the ruins of it.\n\n"
            "La source originale de cet article est Moon of Alabama\n\n"
            "**Avis de non-responsabilité** : Les opinions exprimées dans cet article n'engagent que le ou "
            "les auteurs. Le Centre de recherche sur la mondialisation se dégage de toute responsabilité.\n")
    art = parse_document("mixed.txt", data.encode()).articles[0]
    assert (art.body_language, art.site_language) == ("en", "fr")
