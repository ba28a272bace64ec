"""The exchanges-per-year-by-issue chart on /issues/, laid out in Python and drawn as SVG by the template.

A heat map: one row per issue, one column per year, each cell darker the more exchanges touched
that issue that year, so a reader sees at a glance when Taiwan or Korea dominated.
"""
LABEL_WIDTH = 190
CELL_WIDTH = 40
CELL_HEIGHT = 28
GAP = 3
HEADER = 26


def issue_year_heatmap(rows, counts):
    """rows: [(label, url, slug)] per issue, top to bottom; counts: {(row index, year): exchanges}.

    Returns None when there is nothing to draw, else the SVG's width, height, year columns and rows of
    cells (x, y, count, opacity). Years run without gaps from the first to the last year with data.
    """
    years = sorted({year for (_, year), n in counts.items() if year and n})
    if not years:
        return None
    years = list(range(years[0], years[-1] + 1))
    peak = max(counts.values())
    step = CELL_WIDTH + GAP
    drawn = []
    for index, (label, url, slug) in enumerate(rows):
        y = HEADER + index * (CELL_HEIGHT + GAP)
        cells = []
        for column, year in enumerate(years):
            n = counts.get((index, year), 0)
            cells.append({
                "year": year,
                "count": n,
                "x": LABEL_WIDTH + column * step,
                "text_x": LABEL_WIDTH + column * step + CELL_WIDTH // 2,
                # Empty cells stay visible as a light grid; the lightest filled cell is still clearly filled.
                "opacity": round(0.2 + 0.8 * n / peak, 3) if n else 0,
            })
        drawn.append({"label": label, "url": url, "slug": slug, "y": y, "text_y": y + CELL_HEIGHT // 2, "cells": cells})
    return {
        "width": LABEL_WIDTH + len(years) * step,
        "height": HEADER + len(rows) * (CELL_HEIGHT + GAP),
        "cell_width": CELL_WIDTH,
        "cell_height": CELL_HEIGHT,
        "label_x": LABEL_WIDTH - 8,
        "years": [{"year": year, "x": LABEL_WIDTH + i * step + CELL_WIDTH // 2} for i, year in enumerate(years)],
        "rows": drawn,
    }
