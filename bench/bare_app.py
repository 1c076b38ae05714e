"""The yardstick: a bare Flask + Jinja page of a given size, with nothing else going on."""

import os

from flask import Flask, render_template_string

app = Flask(__name__)
SIZE = int(os.environ.get("BENCH_PAGE_BYTES", "3500"))
TEMPLATE = """<!doctype html><html lang="nb"><head><meta charset="utf-8"><title>{{ title }}</title>
</head><body><main><h1>{{ title }}</h1>{% for p in paragraphs %}<p>{{ p }}</p>{% endfor %}</main></body></html>"""
PARAGRAPHS = ["Her er en setning som fyller siden opp til samme storrelse. " * 2] * (SIZE // 130)


@app.get("/")
def page():
    return render_template_string(TEMPLATE, title="Bare side", paragraphs=PARAGRAPHS)


@app.get("/<int:size>")
def page_of_size(size: int):
    """The same page, about `size` bytes long (bench/report.py matches each portal page)."""
    paragraphs = PARAGRAPHS[:1] * max(1, size // 130)
    return render_template_string(TEMPLATE, title="Bare side", paragraphs=paragraphs)
