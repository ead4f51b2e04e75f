"""Computation: observations to one long table of values (see ARCHITECTURE.md, step 3).

:mod:`.pipeline` runs the steps on dense arrays (:mod:`.source_grid`, :mod:`.components`,
:mod:`.harmonise`, :mod:`.gemeente_grid`, :mod:`.aggregate`, :mod:`.change`, :mod:`.compare`,
:mod:`.value_rules`, :mod:`.texts`, :mod:`.value_table`, :mod:`.uncertainty` the 95 % intervals,
:mod:`.corop_accounts` the COROP-only regional accounts);
:mod:`.build` writes ``build/``.
"""
