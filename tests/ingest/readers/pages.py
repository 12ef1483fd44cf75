"""Realistic web pages written for these tests (no real page's text): stories in six languages,
each laid out the way a kind of site lays out its pages (news site, WordPress blog, Substack,
Medium-style, wire story, SingleFile save, a page with no article).

``PAGES`` is every (layout, story) pair; ``HELD_OUT`` is the quarter kept back while the
reader's rules were written (scored separately in test_quality).
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass


@dataclass(frozen=True)
class Story:
    key: str
    lang: str
    title: str
    author: str
    date: str            # ISO
    outlet: str
    domain: str
    slug: str
    paragraphs: tuple[str, ...]
    caption: str
    comment: str
    link_text: str
    link_url: str


STORIES = (
    Story("harbour", "en", "Harbour strike ends after nine days", "Mara Quint", "2024-03-12",
          "The Coastal Ledger", "coastal-ledger.example", "news/2024/03/harbour-strike-ends",
          ("Dock workers at the port of Elsmere voted on Tuesday to accept a revised pay offer, ending a "
           "strike that had halted container traffic for nine days and left dozens of ships waiting offshore.",
           "The union said the deal, which raises wages by six per cent over two years, was the best it could "
           "get without losing the winter season, according to a statement published on its website.",
           "Port authorities expect normal operations to resume by the weekend, although a backlog of cargo "
           "could take a fortnight to clear and several shipping lines have already diverted vessels south.",
           "Local businesses that depend on the port described the past week as the hardest since the floods "
           "of 2019, when the main quay was closed for a month and hundreds of jobs were put at risk."),
          "Cranes stand idle at Elsmere on Monday.", "About time this was settled, the whole town felt it.",
          "a statement", "https://dockers-union.example/statements/deal"),
    Story("vignes", "fr", "Les vignerons du Jura face à une troisième année de gel", "Claire Vautrin",
          "2023-04-19", "Le Courrier de l'Est", "courrier-est.example", "regions/jura-gel-vignes",
          ("Dans la nuit de lundi à mardi, le thermomètre est descendu à moins cinq degrés sur les coteaux "
           "du Jura, détruisant une partie des bourgeons à peine sortis dans les parcelles les plus basses.",
           "« Nous avons allumé les bougies dès deux heures du matin, mais cela n'a pas suffi », raconte un "
           "exploitant de Château-Chalon, qui estime avoir perdu près de la moitié de sa récolte à venir.",
           "La chambre d'agriculture demande au gouvernement de reconnaître l'état de calamité agricole, ce "
           "qui permettrait aux domaines les plus touchés de bénéficier d'indemnités avant la fin de l'été.",
           "Les viticulteurs s'interrogent désormais sur l'avenir de certains cépages tardifs, plus exposés "
           "aux gelées printanières que les variétés précoces plantées par la génération précédente."),
          "Des bougies antigel entre les rangs de vigne, mardi à l'aube.",
          "Courage aux vignerons, on pense à vous depuis Besançon.",
          "le communiqué de la chambre", "https://chambre-agri-jura.example/communique"),
    Story("bahn", "de", "Neue Bahnstrecke zwischen Kassel und Erfurt verzögert sich erneut", "Jonas Ebert",
          "2024-11-05", "Hessische Rundschau Online", "hessen-rundschau.example", "verkehr/bahnstrecke-kassel-erfurt",
          ("Die geplante Schnellfahrstrecke zwischen Kassel und Erfurt wird frühestens 2034 fertig, drei "
           "Jahre später als zuletzt angekündigt, wie ein Sprecher der Projektgesellschaft am Dienstag sagte.",
           "Als Grund nannte er langwierige Planfeststellungsverfahren in Thüringen sowie gestiegene Kosten "
           "für den Bau der beiden längsten Tunnel, die zusammen fast vierzehn Kilometer messen sollen.",
           "Pendlerverbände reagierten enttäuscht und forderten, die bestehende Strecke über Bebra bis dahin "
           "besser instand zu halten, da dort in diesem Jahr bereits mehr als hundert Züge ausgefallen seien.",
           "Das Verkehrsministerium des Landes kündigte an, die Finanzierung im kommenden Haushalt erneut "
           "zu prüfen, schloss eine Kürzung der Mittel für die Vorarbeiten jedoch ausdrücklich aus."),
          "Bauarbeiten am Tunnelportal bei Hessisch Lichtenau.",
          "Wieder eine Verspätung, das überrascht hier niemanden mehr.",
          "die Mitteilung des Ministeriums", "https://verkehr-hessen.example/mitteilung"),
    Story("sequia", "es", "La sequía obliga a limitar el riego en la cuenca del Segura", "Lucía Marín Ortega",
          "2023-08-02", "Diario del Levante", "diario-levante.example", "campo/sequia-riego-segura",
          ("La confederación hidrográfica aprobó el martes un recorte del treinta por ciento en las dotaciones "
           "de riego para lo que queda de verano, después de que los embalses bajaran del veinte por ciento.",
           "Las organizaciones agrarias calificaron la medida de inevitable, pero pidieron ayudas urgentes para "
           "los pequeños productores de cítricos, que ya perdieron buena parte de la cosecha el año pasado.",
           "Los técnicos recuerdan que la cuenca arrastra cuatro años consecutivos de lluvias por debajo de la "
           "media y que los acuíferos de la zona muestran niveles de salinidad cada vez más preocupantes.",
           "El ayuntamiento de Orihuela anunció que reducirá el riego de parques y jardines municipales y que "
           "cerrará las fuentes ornamentales hasta que la situación mejore."),
          "Un canal de riego casi vacío cerca de Orihuela.",
          "Aquí en la huerta lo estamos pasando muy mal este verano.",
          "la nota de la confederación", "https://chsegura.example/nota-prensa"),
    Story("most", "ru", "В Самаре закрыли старый мост через Волгу на ремонт", "Ирина Белова",
          "2024-06-21", "Волжские новости", "volga-news.example", "gorod/most-remont",
          ("С понедельника движение по старому мосту через Волгу будет полностью перекрыто на три месяца, "
           "сообщили в городской администрации, пообещав организовать дополнительные автобусные маршруты.",
           "По словам инженеров, опоры моста не ремонтировались более двадцати лет, а последнее обследование "
           "показало трещины в двух пролётах, что сделало работы неизбежными уже этим летом.",
           "Водителям рекомендуют пользоваться новым мостом в северной части города, однако там уже в первые "
           "дни образовались многокилометровые пробки, особенно в утренние и вечерние часы.",
           "Жители прибрежных районов жалуются, что дорога до работы теперь занимает вдвое больше времени, и "
           "просят запустить речной трамвай, который ходил здесь ещё в девяностые годы."),
          "Старый мост через Волгу в понедельник утром.",
          "Наконец-то взялись за ремонт, но пробки ужасные.",
          "заявление администрации", "https://samara-adm.example/zayavlenie"),
    Story("maktaba", "ar", "إعادة افتتاح المكتبة العامة في طرابلس بعد ترميمها", "سلمى الحداد",
          "2024-02-14", "صحيفة الشمال", "shamal-news.example", "thaqafa/maktaba-tarablus",
          ("أعيد يوم الثلاثاء افتتاح المكتبة العامة في مدينة طرابلس بعد أعمال ترميم استمرت عامين، شملت "
           "تجديد القاعات القديمة وإنقاذ آلاف المخطوطات التي تضررت بفعل الرطوبة.",
           "وقالت مديرة المكتبة إن القاعة الرئيسية باتت تتسع لمئتي قارئ، وإن قسما جديدا للأطفال سيفتح "
           "أبوابه في الشهر المقبل بعد استكمال تجهيزه بالكتب والحواسيب.",
           "وشارك في حفل الافتتاح عدد من الكتاب والباحثين الذين أكدوا أهمية المكتبة في الحياة الثقافية "
           "للمدينة، ودعوا إلى تخصيص ميزانية ثابتة لصيانتها في السنوات المقبلة.",
           "ويأمل القائمون على المشروع أن يستقطب المبنى الطلاب من مختلف أنحاء الشمال، خاصة بعد رقمنة "
           "جزء كبير من الأرشيف ووضعه في متناول الباحثين."),
          "القاعة الرئيسية للمكتبة بعد الترميم.",
          "خبر جميل، المكتبة كانت جزءا من طفولتنا.",
          "بيان البلدية", "https://tarablus-municipality.example/bayan"),
)


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def _paras(story: Story, linked: int = 1) -> str:
    out = []
    for index, para in enumerate(story.paragraphs):
        text = _e(para)
        if index == linked:
            text += f' (<a href="{story.link_url}">{_e(story.link_text)}</a>)'
        out.append(f"<p>{text}</p>")
    return "\n".join(out)


def _nav(lang: str) -> str:
    items = {"en": ("Home", "News", "Sport", "Opinion", "Weather", "Subscribe"),
             "fr": ("Accueil", "Régions", "Sports", "Opinions", "Météo", "S'abonner"),
             "de": ("Startseite", "Politik", "Sport", "Kultur", "Wetter", "Abo"),
             "es": ("Portada", "Campo", "Deportes", "Opinión", "Tiempo", "Suscríbete"),
             "ru": ("Главная", "Город", "Спорт", "Мнения", "Погода", "Подписка"),
             "ar": ("الرئيسية", "أخبار", "رياضة", "رأي", "طقس", "اشترك")}[lang]
    return "<nav><ul>" + "".join(f'<li><a href="/{i}">{_e(w)}</a></li>' for i, w in enumerate(items)) + "</ul></nav>"


def _related(lang: str) -> str:
    return ('<aside class="related"><h3>More</h3><ul>'
            '<li><a href="/a">Council approves new budget for schools</a></li>'
            '<li><a href="/b">Weekend weather: showers clearing by Sunday</a></li>'
            '<li><a href="/c">Five things to do in the city this week</a></li></ul></aside>')


def _ld(story: Story, kind: str = "NewsArticle") -> str:
    data = {"@context": "https://schema.org", "@type": kind, "headline": story.title,
            "author": [{"@type": "Person", "name": story.author}],
            "publisher": {"@type": "Organization", "name": story.outlet},
            "datePublished": story.date + "T07:30:00+01:00", "inLanguage": story.lang}
    return f'<script type="application/ld+json">{json.dumps(data, ensure_ascii=False)}</script>'


def news_site(story: Story) -> str:
    url = f"https://{story.domain}/{story.slug}"
    return f"""<!DOCTYPE html>
<html lang="{story.lang}" itemscope itemtype="https://schema.org/NewsArticle">
<head><meta charset="utf-8"><title>{_e(story.title)} | {_e(story.outlet)}</title>
<meta property="og:site_name" content="{_e(story.outlet)}">
<meta property="og:title" content="{_e(story.title)}">
<link rel="canonical" href="{url}">
{_ld(story)}
<script>window.dataLayer = window.dataLayer || []; dataLayer.push({{"page": "article"}});</script>
<style>body {{ font-family: serif }}</style>
</head><body>
<header><a class="logo" href="/">{_e(story.outlet)}</a>{_nav(story.lang)}</header>
<main><article>
<h1>{_e(story.title)}</h1>
<div class="meta"><span class="author">{_e(story.author)}</span> <time datetime="{story.date}">{story.date}</time></div>
{_paras(story)}
<figure><img src="/img/1.jpg" alt=""><figcaption>{_e(story.caption)}</figcaption></figure>
</article>
{_related(story.lang)}
<section id="comments"><h2>Comments</h2><div class="comment"><p>{_e(story.comment)}</p></div></section>
</main>
<footer><p>© 2024 {_e(story.outlet)}. All rights reserved.</p><p><a href="/privacy">Privacy</a> · <a href="/terms">Terms</a></p></footer>
</body></html>"""


def wordpress(story: Story) -> str:
    return f"""<!DOCTYPE html>
<html lang="{story.lang}-XX">
<head><meta charset="UTF-8"><meta name="generator" content="WordPress 6.4.2">
<title>{_e(story.title)} &#8211; {_e(story.outlet)}</title>
<meta property="og:type" content="article"><meta property="og:site_name" content="{_e(story.outlet)}">
<meta property="article:published_time" content="{story.date}T09:00:00+00:00">
<meta name="author" content="{_e(story.author)}">
<link rel="canonical" href="https://{story.domain}/{story.date[:4]}/{story.slug.rsplit('/', 1)[-1]}/">
<link rel='stylesheet' id='theme-css' href='https://{story.domain}/wp-content/themes/x/style.css' media='all'>
</head><body class="post-template-default single single-post">
<div id="page" class="site"><header id="masthead" class="site-header"><p class="site-title"><a href="/">{_e(story.outlet)}</a></p>
{_nav(story.lang)}</header>
<div id="content" class="site-content"><div id="primary" class="content-area"><main id="main" class="site-main">
<article id="post-1021" class="post-1021 post type-post status-publish">
<header class="entry-header"><h1 class="entry-title">{_e(story.title)}</h1>
<div class="entry-meta"><span class="posted-on">Posted on <time class="entry-date published" datetime="{story.date}T09:00:00+00:00">{story.date}</time></span>
<span class="byline"> by <span class="author vcard"><a class="url fn n" href="/author/x/">{_e(story.author)}</a></span></span></div></header>
<div class="entry-content">
{_paras(story, linked=2)}
<figure class="wp-block-image"><img src="/wp-content/uploads/p.jpg" alt=""><figcaption class="wp-element-caption">{_e(story.caption)}</figcaption></figure>
</div>
<footer class="entry-footer"><span class="cat-links">Posted in <a href="/category/news/">News</a></span></footer>
</article>
<div id="comments" class="comments-area"><h2 class="comments-title">One thought on this post</h2>
<ol class="comment-list"><li class="comment"><article class="comment-body"><footer class="comment-meta"><b class="fn">Reader</b></footer>
<div class="comment-content"><p>{_e(story.comment)}</p></div></article></li></ol></div>
</main></div>
<aside id="secondary" class="widget-area"><section class="widget"><h2 class="widget-title">Recent Posts</h2><ul><li><a href="/p1">Spring fair returns to the square</a></li><li><a href="/p2">Library opening hours extended</a></li></ul></section></aside>
</div><footer id="colophon" class="site-footer"><div class="site-info">Copyright © {story.date[:4]} {_e(story.outlet)}. Proudly powered by WordPress</div></footer></div>
</body></html>"""


def substack(story: Story) -> str:
    return f"""<!DOCTYPE html><html lang="{story.lang}"><head><meta charset="utf-8">
<title>{_e(story.title)} - by {_e(story.author)}</title>
<meta property="og:title" content="{_e(story.title)}">
<meta property="og:site_name" content="{_e(story.outlet)}">
<meta name="author" content="{_e(story.author)}">
<meta property="article:published_time" content="{story.date}T12:00:00.000Z">
{_ld(story, "NewsArticle")}
</head><body><div id="entry"><div class="main-menu"><a href="/">{_e(story.outlet)}</a> <a href="/subscribe">Subscribe</a> <a href="/signin">Sign in</a></div>
<div class="single-post-container"><article class="typography newsletter-post post">
<div class="post-header"><h1 class="post-title">{_e(story.title)}</h1>
<h3 class="subtitle">A report from the ground</h3>
<div class="post-meta"><a href="/@author">{_e(story.author)}</a> · {story.date}</div></div>
<div class="available-content"><div class="body markup" dir="auto">
{_paras(story)}
<blockquote><p>{_e(story.paragraphs[0][:90])}</p></blockquote>
</div></div>
<div class="subscription-widget"><p>Thanks for reading! Subscribe for free to receive new posts and support my work.</p>
<form><input type="email" placeholder="Type your email…"><button>Subscribe</button></form></div>
</article></div>
<div class="comments-section"><h4>Discussion about this post</h4><div class="comment"><div class="comment-body"><p>{_e(story.comment)}</p></div></div></div>
<div class="footer">© {story.date[:4]} {_e(story.author)} · Privacy · Terms · Collection notice</div></div></body></html>"""


def medium(story: Story) -> str:
    return f"""<!doctype html><html lang="{story.lang}"><head><meta charset="utf-8">
<title>{_e(story.title)} | by {_e(story.author)} | Medium</title>
<meta property="og:title" content="{_e(story.title)}"><meta property="og:site_name" content="Medium">
<meta name="author" content="{_e(story.author)}">
<meta property="article:published_time" content="{story.date}T15:20:11.204Z">
<link rel="canonical" href="https://medium.example/@writer/{story.slug.rsplit('/', 1)[-1]}-3fa9c1">
</head><body><div id="root"><div class="a b c"><div class="d e"><nav class="f"><a href="/">Medium</a><a href="/m/signin">Sign in</a><a href="/new-story">Write</a></nav></div>
<div class="g h"><article><div class="i j"><section><div class="k l"><div class="m">
<h1 id="a1b2" class="pw-post-title">{_e(story.title)}</h1>
<div class="n o"><a href="/@writer">{_e(story.author)}</a><span>·</span><span>6 min read</span><span>·</span><span>{story.date}</span></div>
{"".join(f'<p id="p{i}" class="pw-post-body-paragraph">{_e(p)}</p>' for i, p in enumerate(story.paragraphs))}
</div></div></section></div></article></div>
<div class="p q"><p>Written by {_e(story.author)}</p><p>120 Followers</p><button>Follow</button></div>
<div class="r"><h2>More from Medium</h2><div><a href="/x">Ten habits that changed my mornings</a></div><div><a href="/y">Why I stopped using my phone after 9pm</a></div></div>
<footer><a href="/help">Help</a><a href="/status">Status</a><a href="/about">About</a></footer></div></div></body></html>"""


def wire(story: Story) -> str:
    paras = list(story.paragraphs)
    paras[0] = f"{story.outlet.split()[0].upper()}, {story.date} (Newswire) - " + paras[0]
    body = "\n".join(f"<p>{_e(p)}</p>" for p in paras)
    return f"""<!DOCTYPE html><html lang="{story.lang}"><head><meta charset="utf-8">
<title>{_e(story.title)}</title>
<meta name="citation_title" content="{_e(story.title)}">
<meta name="citation_author" content="{_e(story.author)}">
<meta name="citation_publication_date" content="{story.date.replace('-', '/')}">
<meta name="citation_publisher" content="{_e(story.outlet)}">
</head><body><div class="topbar"><a href="/">Newswire</a> | <a href="/markets">Markets</a> | <a href="/world">World</a></div>
<div class="story"><h1>{_e(story.title)}</h1><p class="byline">By {_e(story.author)}</p>
{body}
<p class="credit">Reporting by {_e(story.author)}; Editing by Desk Staff</p></div>
<div class="footer">Our Standards: The Trust Principles. All quotes delayed a minimum of 15 minutes.</div>
</body></html>"""


def singlefile(story: Story) -> str:
    page = news_site(story)
    head = (f"<!--\n Page saved with SingleFile \n url: https://{story.domain}/{story.slug} \n"
            f" saved date: Tue Mar 12 2024 10:11:12 GMT+0000 (Coordinated Universal Time)\n-->")
    return page.replace("<!DOCTYPE html>", "<!DOCTYPE html> " + head, 1)


LAYOUTS = {"news": news_site, "wordpress": wordpress, "substack": substack, "medium": medium,
           "wire": wire, "singlefile": singlefile}

#: (layout, story key) -> the page's markup
PAGES = {(layout, story.key): make(story) for layout, make in LAYOUTS.items() for story in STORIES}
_ORDER = sorted(PAGES)
#: every fourth page, kept back while the reader's rules were written
HELD_OUT = frozenset(_ORDER[3::4])
STORY = {story.key: story for story in STORIES}

#: a page with site chrome and no article at all
NO_ARTICLE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Sign in | Portal</title></head>
<body><nav><a href="/">Home</a> <a href="/help">Help</a></nav><form><label>E-mail</label><input name="e">
<label>Password</label><input type="password" name="p"><button>Sign in</button></form>
<footer>© 2024 Portal Ltd.</footer></body></html>"""
