"""Readers for BLS's downloadable data files: the OEWS estimate zips and the Employment Projections workbook.

BLS publishes every figure of its occupation pages also as spreadsheets, which change less than its HTML
and cover every occupation, area and industry. Each module here turns one kind of file (bytes in, no
network) into the tidy fact frame the warehouse loads; fetching and scheduling belong to the sources that
wrap them. `oews_tables_page` finds the current zips on the OEWS "Tables" page.
"""
