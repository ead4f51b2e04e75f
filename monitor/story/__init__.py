"""The NPVR story: stacking of gaps, trends (Theil-Sen), COROP peers and the forecast.

:mod:`.gather` gathers them per monitor (:func:`~monitor.story.gather.story_for`).
"""
