"""Writing files safely: atomic writes and folder swaps (:mod:`.atomic`), the ``--out`` rule
(:mod:`.outfolder`) and the forked writer of the workbook (:mod:`.background`).
"""
