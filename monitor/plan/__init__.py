"""Het plan voor de regio: the editable *uitgangssituatie* per region and the frozen *nulmeting*.

- :mod:`monitor.plan.document` — a neutral document model (headings, paragraphs, tables, figures)
  that one builder fills and two writers render: Word (:mod:`monitor.plan.docx_writer`, python-docx)
  and PDF (:mod:`monitor.plan.pdf_writer`, reportlab);
- :mod:`monitor.plan.uitgangssituatie` — the builder: "Uitgangssituatie <regio>" (chapter 2 of a
  plan voor de regio) and the national overview for the yearly progress letter, every figure from
  the region's :class:`monitor.profile.RegionProfile`, the NPVR story (:mod:`monitor.story`) and
  :mod:`monitor.wording`;
- :mod:`monitor.plan.nulmeting` — the baseline per region and kernset indicator (frozen in
  ``data/nulmeting/``) and the progress since it;
- :mod:`monitor.plan.command` — the ``plan`` and ``nulmeting`` subcommands.

Nothing here imports Streamlit; the submodules import matplotlib, reportlab and python-docx only
when used.
"""
