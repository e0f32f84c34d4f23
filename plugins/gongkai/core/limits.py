"""The limits that `gongkai check` enforces so that the build and `make deploy` can rely on them.

Each value says why it was chosen; the numbers were measured on the 2-core development machine
(see README, 安全和可靠性). A limit is checked once, in the core, with a message that tells the
clerk what to do; the build and the deploy then never meet an input beyond it.
"""

from __future__ import annotations

MB = 1024 * 1024

# --- published files ---------------------------------------------------------------------------

# GitHub (and so `make deploy`) refuses any file over 100 MiB. Every file the build publishes is
# either copied (attachments, CSV) or derived (JSON, XLSX, zip): the check predicts an upper
# bound of each and keeps it at or under this.
MAX_PUBLISHED_FILE_BYTES = 100 * MB
# The sum of a dataset's published CSV files: the package zip holds all of them plus the
# descriptor and README (each at most MAX_TEXT_FILE_BYTES), and deflate can grow incompressible
# data by a few bytes per 16 KiB, so 4 MiB are kept for those.
MAX_DATASET_CSV_BYTES = MAX_PUBLISHED_FILE_BYTES - 4 * MB

# --- text files clerks write (Markdown items and pages, README.md, YAML) -------------------------

# Read whole into memory and parsed: 1 MiB is some 300,000 Chinese characters, ten times the
# longest 政府工作报告; anything larger is a data file or an accident.
MAX_TEXT_FILE_BYTES = 1 * MB

# --- Markdown bodies (Python-Markdown, then nh3) ------------------------------------------------

# Python-Markdown is linear on prose (0.4 s per MiB) but not on everything else, so a body
# has four limits besides the file size. A body of 10,000 lines renders in under 2 s even when
# every line is a table row with a link (measured: 160 µs a row); a longer table belongs in a
# dataset or an Excel attachment.
MAX_BODY_LINES = 10_000
# Lists and blockquotes recurse in Python-Markdown (about three stack frames a level, so 300
# levels end in RecursionError), and nh3's HTML parser is quadratic in the depth of nested
# elements (100,000 nested <div> take 34 s). 16 levels is four times the deepest outline a
# government document uses (一、（一）1.（1）).
MAX_NESTING = 16
# Nobody can list every input on which Python-Markdown (and the stdlib HTML parser under it)
# is slow or recurses: 30,000 `[` in a 30 KB body took 137 s, 8,000 unclosed `<a ` 12 s, 5,000
# setext headings 20 s, 10,000 unindented definition-list lines end in RecursionError. So the
# check renders every body it has not rendered before (the build then reuses that HTML), stops
# it after this many seconds and reports a RecursionError as too deep. The largest body the
# limits above allow (10,000 table rows with a link each) renders in 1.6 s.
MARKDOWN_SECONDS = 5
# Every abbreviation definition (`*[HTML]: ...`) adds a pattern that is tried on every paragraph:
# 3,000 of them took 6 s on a short body. 50 covers any glossary.
MAX_ABBREVIATIONS = 50

# --- CSV cells -----------------------------------------------------------------------------------

# Python's csv module refuses longer fields only above a process-wide limit that Frictionless
# raises to 2 GiB when it is imported; we set our own, the same in every process: a cell of
# 1 MiB is already a document, not a table value.
MAX_CELL_CHARS = 1 * MB
# Excel holds at most 32,767 characters in a cell (Excel specifications and limits). A longer
# cell is cut in the XLSX download, visibly, and the check and the dataset page say so.
EXCEL_MAX_CELL_CHARS = 32_767
# The dataset page previews the first rows: each cell is shown up to this many characters, so a
# page of 50 rows stays small whatever the cells hold (1 MiB cells made a page of gigabytes).
PREVIEW_CELL_CHARS = 200
# A primary key or `unique` column makes the check remember every value (about 100 bytes each):
# beyond this many rows the memory would outgrow the machine (2 million: about 200-400 MB).
MAX_KEYED_ROWS = 2_000_000
EXCEL_MAX_ROWS = 1_048_576

# --- charts (Vega-Lite, drawn by vl-convert's V8) ------------------------------------------------

# Rows of a resource handed to a chart. A 5,000-row bar chart draws in 2.7 s and 180 MB.
MAX_CHART_ROWS = 5000
# The JSON of those rows: every column goes into the spec, so a resource with long text cells
# would otherwise hand V8 gigabytes.
MAX_CHART_DATA_BYTES = 4 * MB
# Rows a chart may make from its data with transforms (fold, flatten, density, quantile, impute,
# bins ...), estimated before drawing. V8 dies (SIGTRAP, about 1.6 GB) near a million points;
# 20,000 is four times the largest chart the data limit allows.
MAX_CHART_GENERATED_ROWS = 20_000
# Width, height, step and padding in pixels. A 10,000,000 px wide chart took 224 s and 1.8 GB;
# a page column is 640-1,200 px wide and a printed A3 page 4,960 px at 300 dpi.
MAX_CHART_PX = 5000
# The drawn SVG: its width and height (steps times categories can exceed the numbers written)
# and its size (it is inlined in the dataset page; the largest sample chart is 33 KB, a
# 5,000-bar chart 2 MB).
MAX_SVG_PX = 10_000
MAX_SVG_BYTES = 5 * MB
# Sub-views of one chart (layer, concat, repeat, facet cells): each has its own axes and scales.
MAX_CHART_VIEWS = 24
# Charts per dataset: their SVGs share one page.
MAX_VIEWS_PER_DATASET = 12
# Bins, ticks and density steps a chart may ask for.
MAX_CHART_BINS = 1000
MAX_CHART_TICKS = 200
MAX_CHART_STEPS = 1000
# One chart is drawn in a separate process with this wall-clock budget and memory ceiling. The
# sample site's charts draw in 0.03-0.32 s each, the largest allowed data in 2.7 s; 20 s leaves
# room for a machine busy with a whole build. V8 needs about 700 MB of address space (RLIMIT_DATA)
# to start and draw a 5,000-row chart.
CHART_SECONDS = 20
CHART_MEMORY_BYTES = 1536 * MB
