"""Pelican settings for the Gongkai portal. A county forks the repository and edits this file."""

SITENAME = "清溪县人民政府信息公开与开放数据（示例）"
SITE_SHORTNAME = "清溪县政府信息公开"
SITE_REGION = "清溪县"
# Shown on every page while the bundled fictional content is in use; set to False in a real site.
SAMPLE_DATA_NOTICE = True
SITE_CONTACT = {
    "name": "清溪县人民政府办公室（政务公开办）",
    "address": "清溪县青溪大道1号",
    "phone": "0731-55210000",
    "email": "zwgk@qingxi.gov.cn",
    "postcode": "411100",
}
SITEURL = ""
RELATIVE_URLS = True
TIMEZONE = "Asia/Shanghai"
# Pelican sets a process locale; we format every date ourselves, so any machine locale works.
LOCALE = ("C.UTF-8", "C")
DEFAULT_LANG = "zh-CN"

PATH = "content"
THEME = "theme"
PLUGIN_PATHS = ["plugins"]
PLUGINS = ["gongkai.pelican"]
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
