"""The assessment report: placement, explanation, gaps and plan as one self-contained HTML file or as Markdown.

:mod:`mlladder.report.charts` draws the charts as inline SVG (no scripts, nothing fetched), and
:mod:`mlladder.report.render` fills the Jinja2 templates in ``templates/``.
"""
