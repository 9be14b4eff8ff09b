"""A readable Swedish HTML page for one entity (text/html on /entities/{id}).

Jinja2 with autoescaping on: every value from the graph is escaped, including the verbatim source
text, which still holds the PDF extraction's stray <p> and <i> tags.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import groupby

from jinja2 import Environment

from search_api.entities.model import Entity, Link

# Links already shown in the page's own fields; the "Kopplingar" list shows the rest.
_SHOWN = {
    ("out", r)
    for r in (
        "malomrade",
        "ansvarig",
        "samverkanspart",
        "ledsAv",
        "utforare",
        "ursprung",
        "tillhorMal",
        "avser",
        "dokument",
        "indikator",
    )
}
_SHOWN |= {("in", "avser"), ("in", "tillhorMal"), ("out", "harFokusomrade")}
_SHOWN |= {("in", r) for r in ("avserIndikator", "bedomer", "delmalAv", "delAv")}

_TEMPLATE = """<!DOCTYPE html>
<html lang="sv">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ e.label }} – {{ e.type_label }} – styrgraf</title>
<style>
body { font-family: system-ui, sans-serif; max-width: 50rem; margin: 2rem auto; padding: 0 1rem;
       line-height: 1.5; color: #1a1a1a; }
.typ { color: #555; margin-bottom: 0; } dt { font-weight: 600; margin-top: .5rem; }
.fritext { white-space: pre-line; }
blockquote { white-space: pre-wrap; background: #f4f4f4; padding: .75rem; margin: 0;
             font-size: .9rem; }
</style>
</head>
<body>
<main>
<p class="typ">{{ e.type_label }}{% if e.section %} · avsnitt {{ e.section }}{% endif %}</p>
<h1>{{ e.label }}</h1>
{% if e.text and e.text != e.label %}<p class="fritext">{{ e.text }}</p>{% endif %}
<dl>
{% macro refs_list(title, items) %}{% if items %}<h2>{{ title }}</h2>
<ul>{% for r in items %}<li><a href="{{ href(r.id) }}">{{ r.label }}</a></li>{% endfor %}</ul>
{% endif %}{% endmacro %}
{% macro doc(d) %}{% if d %}<a href="{{ href(d.id) }}">{{ d.label }}</a>{% endif %}{% endmacro %}
{% macro refs(title, items) %}{% if items %}<dt>{{ title }}</dt>
{% for r in items %}<dd><a href="{{ href(r.id) }}">{{ r.label }}</a></dd>
{% endfor %}{% endif %}{% endmacro %}
{{ refs("Målområde", e.goal_areas) }}{{ refs("Ansvarig", e.responsible) }}
{{ refs("Samverkanspart", e.partners) }}{{ refs("Leds av", e.led_by) }}
{{ refs("Utförare", e.performed_by) }}
{% if e.origin %}<dt>Ursprung</dt><dd><a href="{{ href(e.origin.id) }}">{{ e.origin.text }}</a>
{%- if e.carried_over %} (överfört från tidigare år){% endif %}</dd>{% endif %}
{% if e.goal %}{{ refs("Tillhör mål", [e.goal]) }}{% endif %}
{% if e.target %}<dt>Målvärde</dt><dd>{{ e.target }}</dd>{% endif %}
{% if e.reference_value %}<dt>Referensvärde</dt><dd>{{ e.reference_value }}</dd>{% endif %}
{% if e.data_source %}<dt>Datakälla</dt><dd>{{ e.data_source }}</dd>{% endif %}
{% if e.refers_to %}{{ refs("Avser", [e.refers_to]) }}{% endif %}
{% if e.area %}<dt>Område</dt><dd>{{ e.area }}</dd>{% endif %}
{% if e.engagement %}<dt>Engagemang</dt><dd>{{ e.engagement.label }}</dd>{% endif %}
</dl>
{% if e.care %}<h2>Nämndens omhändertagande</h2>
<p class="fritext">{{ e.care }}</p>{% endif %}
{% if e.development_areas %}<h2>Utvecklingsområden</h2>
<ul>{% for u in e.development_areas %}<li>{{ u }}</li>{% endfor %}</ul>{% endif %}
{% if e.indicators %}<h2>Indikatorer</h2>
<ul>{% for i in e.indicators %}<li><a href="{{ href(i.id) }}">{{ i.label }}</a>
{%- if i.target %} – målvärde: {{ i.target }}{% endif %}</li>{% endfor %}</ul>
{% elif e.type == "mal" %}<h2>Indikatorer</h2><p>Målet saknar indikatorer.</p>{% endif %}
{% if e.follow_up %}<h2>Uppföljning</h2><p class="fritext">{{ e.follow_up }}</p>{% endif %}
{{ refs_list("Fokusområden", e.focus_areas) }}
{{ refs_list("Nämndmål under målet", e.sub_goals) }}
{{ refs_list("Direktivets punkter", e.points) }}
{% if e.outcomes %}<h2>Utfall</h2>
<table><caption>Utfall per år</caption>
<tr><th scope="col">År</th><th scope="col">Värde</th><th scope="col">Enhet</th>
<th scope="col">Källa</th><th scope="col">Dokument</th></tr>
{% for u in e.outcomes %}<tr><td>{{ u.year }}</td>
<td>{{ "%g"|format(u.value) if u.value is not none else "" }}</td>
<td>{{ u.unit or "" }}</td><td>{{ u.data_source or "" }}</td>
<td>{{ doc(u.document) }}{% if u.page %}, sida {{ u.page }}{% endif %}</td></tr>
{% endfor %}</table>{% endif %}
{% if e.targets %}<h2>Målvärden</h2>
<ul>{% for t in e.targets %}<li>{{ t.year }}: {{ t.target }} {{ doc(t.document) }}</li>
{% endfor %}</ul>{% endif %}
{% if e.assessments %}<h2>Bedömningar</h2>
<ul>{% for b in e.assessments %}
<li>{{ b.year }}{% if b.level %} – {{ b.level }}{% endif %}: {{ b.text }} {{ doc(b.document) }}</li>
{% endfor %}</ul>{% endif %}
{% if e.mentions %}<h2>Dokument som tar upp det</h2>
<ol>{% for m in e.mentions %}<li>{{ doc(m.document) }}
{%- if m.section %}, avsnitt {{ m.section }}{% endif %}{% if m.page %}, sida {{ m.page }}{% endif %}
{%- if m.wording %}: »{{ m.wording }}«{% endif %}</li>{% endfor %}</ol>{% endif %}
{% if e.contributions %}<h2>Rader i Program och planer</h2>
<ul>{% for b in e.contributions %}<li><a href="{{ href(b.id) }}">{{ b.label }}</a></li>
{% endfor %}</ul>
{% endif %}
{% if e.initiatives %}<h2>Initiativ</h2>
<ul>{% for i in e.initiatives %}<li>{{ i.label }}</li>{% endfor %}</ul>{% endif %}
{% for title, links in groups %}<h2>{{ title }}</h2>
<ul>{% for l in links %}<li><a href="{{ href(l.id) }}">{{ l.label }}</a></li>{% endfor %}</ul>
{% endfor %}
{% if e.source %}<h2>Källa</h2>
<p><a href="{{ href(e.source.document.id) }}">{{ e.source.document.label }}</a>
{%- if e.source.section %}, avsnitt {{ e.source.section }}{% endif %}
{%- if e.source.page %}, sida {{ e.source.page }}{% endif %}
{%- if e.source.line %}, rad {{ e.source.line }}{% endif %}</p>
{% if e.source.source_text %}<blockquote>{{ e.source.source_text }}</blockquote>{% endif %}
{% endif %}
<p>Andra format: <a href="{{ self_href }}?format=json">JSON</a> ·
<a href="{{ self_href }}?format=jsonld">JSON-LD</a> ·
<a href="{{ self_href }}?format=turtle">Turtle</a></p>
<p><small>Id: {{ e.id }} · IRI: {{ e.iri }}</small></p>
</main>
</body>
</html>
"""

_ENV = Environment(autoescape=True, trim_blocks=True, lstrip_blocks=True)
_PAGE = _ENV.from_string(_TEMPLATE)


def _groups(links: list[Link]) -> list[tuple[str, list[Link]]]:
    rest = [link for link in links if (link.direction, link.relation) not in _SHOWN]
    rest.sort(key=lambda link: (link.direction != "out", link.relation_label))
    return [
        (title, list(items)) for title, items in groupby(rest, key=lambda link: link.relation_label)
    ]


def render_entity(entity: Entity, href: Callable[[str], str]) -> str:
    """The page for `entity`; `href(id)` gives the link to another entity's page."""
    return _PAGE.render(
        e=entity, href=href, self_href=href(entity.id), groups=_groups(entity.links)
    )
