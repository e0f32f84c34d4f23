"""The 政府信息公开 structure of the site: working-day deadlines, timeliness, annual reports,
the application register, the statutory tree, the disclosure columns and the self-check.

Pure: it reads its sources through the package's readers and returns values and problems; the
Pelican adapter renders it. `loader.load_transparency(root, site)` is the one entry point.
This file imports nothing, so the command line can set up its parsers without loading the package.
"""
