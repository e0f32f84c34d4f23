"""Pelican settings for the Gongkai portal. A county forks the repository and edits this file."""

SITENAME = "清溪县人民政府信息公开与开放数据（示例）"
SITE_SHORTNAME = "清溪县政府信息公开"
SITE_REGION = "清溪县"
# Shown on every page while the bundled fictional content is in use; set to False in a real site.
SAMPLE_DATA_NOTICE = True
# The contact data on every page (footer, 政府信息公开指南, 依申请公开) is the agency marked
# `site_contact: true` in content/agencies.yaml: one source, so the pages cannot disagree.
# The self-check page /audit/ (国办秘函〔2019〕19号 signals): "public" (linked from the 信息公开
# columns and in the sitemap), "unlisted" (built but not linked, noindex) or "off" (not built).
GONGKAI_AUDIT_PAGE = "public"
SITEURL = ""
RELATIVE_URLS = True
# Machine files (sitemap, feeds, DCAT-AP, data.json) need absolute URLs: a build without a public
# SITEURL writes them under the address `make serve` previews at.
GONGKAI_PREVIEW_URL = "http://127.0.0.1:8000"
# The licence of the catalogues themselves (信息公开目录数据包, DCAT-AP and data.json).
GONGKAI_CATALOGUE_LICENSE = {"name": "CC-BY-4.0", "title": "知识共享署名 4.0 国际许可协议",
                             "path": "https://creativecommons.org/licenses/by/4.0/"}
# EU data themes (DCAT-AP dcat:theme) of the 主题分类 this site adds in schemas/vocabularies.yaml;
# the national list is mapped already.
GONGKAI_EU_THEMES = {"社会保障": ["SOCI"]}
TIMEZONE = "Asia/Shanghai"
# Pelican sets a process locale; we format every date ourselves, so any machine locale works.
LOCALE = ("C.UTF-8", "C")
DEFAULT_LANG = "zh-CN"

PATH = "content"
THEME = "theme"
PLUGIN_PATHS = ["plugins"]
PLUGINS = ["gongkai.adapters.pelican"]
GONGKAI_ROOT = "."
# The web editor at /admin/ for a remote git host (see the README, 网页编辑器). Unset: no /admin/.
# GONGKAI_EDITOR = {"backend": {"name": "gitlab", "repo": "qingxi-gov/gongkai", "branch": "main"}}

# Gongkai's own generator reads and writes everything; Pelican's article/page machinery idles.
ARTICLE_PATHS = []
PAGE_PATHS = []
STATIC_PATHS = []
DIRECT_TEMPLATES = []
PAGINATED_TEMPLATES = {}
ARCHIVES_SAVE_AS = AUTHORS_SAVE_AS = CATEGORIES_SAVE_AS = TAGS_SAVE_AS = ""
AUTHOR_SAVE_AS = CATEGORY_SAVE_AS = TAG_SAVE_AS = ""
FEED_ALL_ATOM = FEED_ALL_RSS = CATEGORY_FEED_ATOM = AUTHOR_FEED_ATOM = AUTHOR_FEED_RSS = None
TRANSLATION_FEED_ATOM = None
DELETE_OUTPUT_DIRECTORY = False
OUTPUT_SOURCES = False
CACHE_CONTENT = False
LOAD_CONTENT_CACHE = False
THEME_STATIC_DIR = "theme"
JINJA_ENVIRONMENT = {"trim_blocks": True, "lstrip_blocks": True, "autoescape": True}
