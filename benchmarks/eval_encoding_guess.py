"""How the importer's encoding guess does on texts it was not tuned on (#21).

Two sets, written for this script only (none of them is in the tests the rules were written
against): legacy-encoded article paragraphs in nine languages, each decoded and compared with
the original text; and bytes that are not text (random bytes, damaged UTF-8, compressed data),
each of which should be refused. Run: .venv/bin/python benchmarks/eval_encoding_guess.py
"""

from __future__ import annotations

import os
import random
import zlib

from palmyra_archive.core.ingest.reading import decode_source
from palmyra_archive.core.store.errors import PalmyraError

TEXTS = {
    ("fr", "cp1252"): "Le conseil municipal a voté mardi soir le budget de l'année prochaine ; "
                      "l'opposition dénonce une hausse des impôts locaux et réclame un débat public.",
    ("de", "cp1252"): "Die Stadtverwaltung hat am Dienstag über die Brücke entschieden. Anwohner "
                      "kritisieren die Kosten und fordern eine öffentliche Anhörung im März.",
    ("es", "latin-1"): "El ministerio anunció el miércoles una investigación sobre el incendio; "
                       "los vecinos piden explicaciones y una reunión con el alcalde.",
    ("pt", "cp1252"): "O governo informou que a ponte será reaberta em junho, após a inspeção "
                      "técnica; os comerciantes da região pedem compensação pelas perdas.",
    ("it", "latin-1"): "Il sindaco ha dichiarato che la città è pronta; più di cento volontari "
                       "hanno lavorato perché la festa si svolgesse senza problemi.",
    ("ru", "cp1251"): "Городской совет во вторник утвердил бюджет на следующий год; оппозиция "
                      "требует публичного обсуждения и критикует рост местных налогов.",
    ("ru", "koi8-r"): "Министерство сообщило, что мост будет открыт в июне после технической "
                      "проверки; местные жители просят компенсации за потери.",
    ("el", "cp1253"): "Το δημοτικό συμβούλιο ενέκρινε την Τρίτη τον προϋπολογισμό της επόμενης "
                      "χρονιάς· η αντιπολίτευση ζητά δημόσια συζήτηση.",
    ("pl", "cp1250"): "Rada miasta przyjęła we wtorek budżet na przyszły rok; opozycja krytykuje "
                      "wzrost podatków i żąda publicznej debaty o wydatkach.",
}


def _text_cases():
    for (lang, codec), text in TEXTS.items():
        body = f"# {text.split(';')[0][:60]}\n\n{text}\n\n{text}\n"
        yield f"{lang}/{codec}", body, body.encode(codec)


def _junk_cases(rng: random.Random):
    for i in range(40):
        yield f"random-{i}", bytes(rng.randrange(128, 256) for _ in range(rng.randrange(200, 2000)))
    for i in range(20):
        good = ("Le conseil a voté le budget. " * 20).encode("utf-8")
        bad = bytearray(good)
        for _ in range(len(bad) // 3):
            bad[rng.randrange(len(bad))] = rng.randrange(128, 256)
        yield f"damaged-utf8-{i}", bytes(bad)
    for i in range(20):
        yield f"zlib-{i}", zlib.compress(os.urandom(64) + b"text " * rng.randrange(50, 500))


def main() -> None:
    right = wrong = refused = 0
    for name, body, data in _text_cases():
        try:
            decoded = decode_source(f"{name.replace('/', '_')}.txt", data)
        except PalmyraError as exc:
            refused += 1
            print(f"text {name}: REFUSED ({exc.message[:70]})")
            continue
        ok = decoded.text == body
        right += ok
        wrong += not ok
        print(f"text {name}: {'right' if ok else 'WRONG'} as {decoded.encoding}")
    rng = random.Random(21)
    junk_refused = junk_total = 0
    for name, data in _junk_cases(rng):
        junk_total += 1
        try:
            decode_source(f"{name}.txt", data)
        except PalmyraError:
            junk_refused += 1
        else:
            print(f"junk {name}: accepted")
    total = right + wrong + refused
    print(f"\nlegacy-encoded texts: {right}/{total} decoded right, {wrong} wrong, {refused} refused")
    print(f"non-text bytes: {junk_refused}/{junk_total} refused")


if __name__ == "__main__":
    main()
