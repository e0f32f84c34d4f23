"""The catalogue of problem codes: every code a check reports, once, with its Chinese and English texts.

A code is the stable name of one kind of problem (`yaml-tab`, `csv-formula-prefix`); it is what
CI annotations, GitLab reports and the editor show in brackets, so it never changes once released.
Each entry holds the default severity and the two templates; a template names what it quotes in
`{placeholders}` (str.format syntax, so `{size:,}` works and a literal brace is written `{{`).

Where one code covers situations that need different wording (a YAML file of the wrong shape: the
top level, one entry, one key …), the entry holds named variants and a check asks for one as
`"code/variant"`; the problem's code is still the part before the slash.

To add a check: add its code here (kept in alphabetical order), with the Chinese first and
written for a clerk (what is wrong, then what to do), then report it with
`problem(rel, line, column, "my-new-code", name=value, ...)`. tests/test_problem_codes.py fails
when a code is used that is not here, when a code here is no longer used, and when a template
names a placeholder its callers do not pass.

This module imports nothing: every other module of the package may use it.
"""

from __future__ import annotations

import string
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Code:
    """One code: its default severity ("error" or "warning") and its texts, by variant ("" when one)."""

    severity: str
    texts: dict = field(default_factory=dict)  # variant -> (zh template, en template)

    def placeholders(self, variant: str = "") -> set[str]:
        """The names the variant's two templates quote; a caller passes exactly these."""
        return {name for template in self.texts[variant] for name in template_names(template)}


def template_names(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name is not None}


def error(zh: str = "", en: str = "", *, variants: dict | None = None) -> Code:
    return Code("error", variants if variants is not None else {"": (zh, en)})


def warning(zh: str = "", en: str = "", *, variants: dict | None = None) -> Code:
    return Code("warning", variants if variants is not None else {"": (zh, en)})


def lookup(key: str) -> tuple[str, str, Code]:
    """("code", "variant", entry) of a key written `code` or `code/variant`; KeyError when unknown."""
    code, _, variant = key.partition("/")
    entry = CODES[code]
    if variant not in entry.texts:
        raise KeyError(f"{key}: {code} has the variants {sorted(entry.texts)}")
    return code, variant, entry


def texts(key: str, /, **params) -> tuple[str, str, str]:
    """(code, Chinese text, English text) of a catalogue key, its templates filled with `params`.

    The parameters must be exactly the placeholders the templates name: a missing one or one the
    templates do not use is a programming error, raised at once rather than shown to a clerk."""
    code, variant, entry = lookup(key)
    wanted = entry.placeholders(variant)
    if set(params) != wanted:
        raise TypeError(f"{key}: templates take {sorted(wanted)}, given {sorted(params)}")
    zh, en = entry.texts[variant]
    return code, zh.format(**params), en.format(**params)


def severity_of(key: str) -> str:
    return lookup(key)[2].severity


# Texts shared by several codes: the same refusal reported under each caller's own code.
NAME_INVALID = error(
    "{kind_label}“{shown}”不合规：{rule}（它会成为网址和文件名）。例如 hotline-2024。",
    "The {kind} name '{shown}' is not allowed: use {rule_en} characters (it becomes a URL and a file name).")
NAME_RESERVED = error(
    "{kind_label}“{name}”是网站自己使用的保留名称，会与网站生成的文件或网址冲突。请换一个名称。",
    "The {kind} name '{name}' is reserved by the portal (it would collide with its own files); choose another.")
# Personal data the privacy scanner found (one code per kind: pii-mobile, pii-resident-id ...).
PERSONAL_DATA = error(variants={
    "found": (
        "{where}疑似未去标识化的{kind_label}“{masked}”。公开前必须去标识化，例如写成“{masked}”的形式，或删除；若确属依法应公开的信息，请与保密审查人员确认后改写。{hint}",
        "Possible unmasked {kind_label_en} '{masked}': mask or remove it before publishing."),
    "path": (
        "文件名或文件夹名中有疑似未去标识化的{kind_label}“{masked}”。文件名会出现在仓库、检查报告和网址中，请给文件改名（例如用拼音、日期和序号），不要把个人信息写进文件名。",
        "The file or folder name holds a possible {kind_label_en} '{masked}'; rename the file."),
    "pdf-page": (
        "PDF 附件第 {page} 页的文字中有疑似未去标识化的{kind_label}“{masked}”。公开前必须去标识化，例如写成“{masked}”的形式，或删除；若确属依法应公开的信息，请与保密审查人员确认后改写。（文字是从 PDF 中提取的，可能有误，请打开文件核对。）",
        "Page {page}: Possible unmasked {kind_label_en} '{masked}': mask or remove it before publishing."),
    "published": (
        "{where}{kind_label}“{masked}”按“pii_reason: {reason}”公开。请确认这确是单位公开的联系方式，而不是个人的。",
        "{kind_label_en} '{masked}' is published on purpose (pii_reason: {reason}); make sure it is an office's."),
})
VOCABULARY_UNKNOWN = error(
    "“{value}”不是有效的{key_label}：必须是{what}。{hint}可选：{choices}。",
    "'{value}' is not an allowed {key}.{hint_en} Allowed: {allowed}.")


CODES: dict[str, Code] = {
    "address-invalid": error(variants={
        "backslash": (
            "网址“{shown}”中有反斜杠“\\”，浏览器会把它当成“/”，可能指向别的网站。请改用正斜杠。",
            "The address '{shown}' contains a backslash, which browsers read as '/'."),
        "empty": (
            "网址不能为空。",
            "The address is empty."),
        "hidden-characters": (
            "网址“{shown}”中有字符实体、空白或不可见字符，浏览器读到的是“{read}”。请直接写出完整、干净的网址。",
            "The address '{shown}' contains entities, whitespace or invisible characters (a browser reads '{read}')."),
        "no-host": (
            "网址“{shown}”缺少网站域名，请写成 https://域名/… 的形式。",
            "The address '{shown}' has no host; write https://host/…."),
        "not-full": (
            "“{shown}”不是完整的网址，请写成 https://… 的形式。",
            "'{shown}' is not a full https:// address."),
        "not-full-or-site": (
            "“{shown}”不是完整的网址。站外网址请写 https://…，本站的页面或文件请以“/”开头。",
            "'{shown}' is not a full address: write https://… or a site path starting with '/'."),
        "protocol-relative": (
            "网址“{shown}”省略了协议（以“//”开头）。站外网址请写完整的 https://…。",
            "The address '{shown}' is protocol-relative; write https://… in full."),
        "scheme": (
            "网址“{shown}”使用了不允许的协议“{scheme}:”。只允许 {allowed} 开头的地址{or_site}。",
            "The address '{shown}' uses the scheme '{scheme}:'; only {allowed_en} are allowed."),
    }),
    "agencies-not-checked": warning(
        "这个文件有错误（见同一文件的其他提示），所以这次没有核对各条信息的发布机构和各数据集的提供单位。改正这个文件后再检查一次即可。",
        "content/agencies.yaml has errors, so the agencies of items and datasets were not checked this time."),
    "agencies-shape": error(variants={
        "entry": (
            "每个机构应当是“键: 值”的映射（id、name 等）。",
            "Each agency must be a mapping (id, name, ...)."),
        "list": (
            "发布机构清单应当是一个列表，每个机构以“- id: …”开头。",
            "The agencies file must be a list of agencies, each starting with '- id: ...'."),
    }),
    "agency-name-invalid": NAME_INVALID,
    "agency-name-reserved": NAME_RESERVED,
    "attachment-file-name-invalid": error(
        "附件路径“{file}”：{reason}",
        "{reason_en}"),
    "attachment-file-name-unicode": error(
        "附件路径“{file}”：{reason}",
        "{reason_en}"),
    "attachment-missing": error(
        "找不到附件文件 content/attachments/{file}。请检查文件名（包括大小写和扩展名）是否与实际文件一致，或先把文件放进去。{near_miss}",
        "Attachment file content/attachments/{file} does not exist."),
    "attachment-not-file": error(
        "附件 content/attachments/{file}：{reason}",
        "Attachment {file}: {reason_en}"),
    "attachment-outside": error(variants={
        "drive": (
            "附件路径“{file}”是电脑上的绝对路径（盘符）。请把文件放进 content/attachments/，再写相对于它的路径，例如 2024/文件名.pdf。",
            "Attachment path '{file}' is an absolute Windows path; put the file under content/attachments/."),
        "relative": (
            "附件路径“{file}”不合规：只能写相对于 content/attachments/ 的路径，不能以“/”开头，也不能包含“..”或反斜杠。",
            "Attachment path '{file}' must be relative to content/attachments/ without '..' or a leading '/'."),
    }),
    "attachment-path-form": error(variants={
        "folder": (
            "附件路径“{file}”以“/”结尾，指的是文件夹而不是文件。请写出文件夹中的文件，例如 {plain}/文件名.pdf。",
            "Attachment path '{file}' ends with '/': it names a folder; name the file in it."),
        "plain": (
            "附件路径“{file}”的写法不规范（末尾的“/”、“./”或连续的“//”）。请写成“{plain}”这样，末尾是文件名。",
            "Attachment path '{file}' is not in plain form; write '{plain}'."),
    }),
    "attachment-remote": error(
        "附件“{file}”是网址。附件必须是放在 content/attachments/ 下的文件，请把文件下载后放进去，再写它的相对路径。",
        "Attachment '{file}' is a URL; put the file under content/attachments/ and give its relative path."),
    "attachment-scan-partial": warning(variants={
        "bytes": (
            "附件太大，只检查了前 {limit_mb} MB 中的个人信息。请自行核对其余部分，或把文件拆小。",
            "Only the first {limit_mb} MB were checked for personal data."),
        "pages": (
            "PDF 有 {count} 页，只检查了前 {n_pages} 页中的个人信息。请自行核对其余各页。",
            "Only the first {n_pages} of {count} pages were checked for personal data."),
    }),
    "attachment-shape": error(variants={
        "entry": (
            "每个附件应当写成“- file: 路径”和“title: 标题”两行。",
            "Each attachment needs 'file' (and 'title')."),
        "title": (
            "附件的 title（标题）应当是一段文字。",
            "An attachment's title must be text."),
    }),
    "attachment-symlink": error(
        "附件“{file}”或它所在的文件夹是符号链接（快捷方式）：{reason}",
        "Attachment '{file}': {reason_en}"),
    "attachment-too-large": error(
        "附件“{file}”有 {size:,.1f} MB，超过网站单个文件 {limit_mb} MB 的上限，无法发布。请压缩（如 PDF 降低图片分辨率）或拆成几个附件。",
        "Attachment '{file}' is {size:.1f} MB, over the {limit_mb} MB limit for a published file."),
    "attachment-type": error(
        "附件“{file}”的类型“.{ext}”不允许发布。允许的类型：{allowed}。网页、脚本和可执行文件一律不能作为附件；请转换为 PDF 等格式。",
        "Attachment type '.{ext}' is not allowed."),
    "attachment-unreadable": warning(variants={
        "encoding": (
            "附件无法按文本（UTF-8 或 GB18030）读取，没有检查其中的个人信息。请确认文件没有损坏，并另存为 UTF-8 后重新提交。",
            "The attachment cannot be read as UTF-8 or GB18030 text; it was not checked for personal data."),
        "failed": (
            "附件没有能检查其中的个人信息（{why}）。请打开文件自行核对，确认其中没有未去标识化的身份证号、手机号等。",
            "The attachment could not be checked for personal data ({why_en}); check it by hand."),
    }),
    "blank-row": error(variants={
        "empty": (
            "这是一个空行（所有格子都是空的）。请删除这一行。",
            "Blank row; delete it."),
        "missing-values": (
            "这一行没有数据：各列{marks}{beyond}，与空行相同。请删除这一行，或填上数据。",
            "This row holds no data: every column is empty or a missing-value token; delete it or fill it in."),
    }),
    "body-html-too-deep": error(
        "{what}中的 HTML 标签嵌套超过 {MAX_NESTING} 层（这里是 <{name}>）。请检查是否有没有关闭的标签，或改用 Markdown 写法。",
        "HTML elements nest more than {MAX_NESTING} levels deep here (<{name}>); check for unclosed tags."),
    "body-nesting-too-deep": error(variants={
        "line": (
            "{what}这一行嵌套太深（约 {depth} 层列表、引用或缩进），上限是 {MAX_NESTING} 层。请减少列表的层级或行首的缩进和“>”。",
            "This line nests about {depth} levels of lists, quotes or indentation; the limit is {MAX_NESTING}."),
        "renderer": (
            "{what}的结构嵌套太深（例如连续很多行的定义列表“: ……”或层层嵌套的列表、引用），无法生成网页。请减少嵌套，或在各项之间空一行。",
            "The body nests too deeply to be rendered (e.g. chained definition lists or nested lists)."),
    }),
    "body-too-long": error(
        "{what}太长（{n_lines:,} 行，{size_kb:,.0f} KB），上限是 {MAX_BODY_LINES:,} 行、{limit_kb:,} KB：这样长的网页在手机上也无法阅读。请把大表格作为数据集或 Excel 附件发布，或把内容分成几条。",
        "The body is too long ({n_lines} lines, {size} bytes; the limits are {MAX_BODY_LINES} lines and {MAX_TEXT_FILE_BYTES} bytes). Publish large tables as a dataset or attachment."),
    "body-too-many-abbreviations": error(
        "{what}中有 {count} 条缩写定义（以“*[”开头的行），上限是 {MAX_ABBREVIATIONS} 条：每条定义都会拖慢整页的生成。请删掉不需要的缩写定义。",
        "The body defines {count} abbreviations ('*[' lines); the limit is {MAX_ABBREVIATIONS}."),
    "body-too-slow": error(
        "{what}在 {MARKDOWN_SECONDS} 秒内没能生成网页，已停止。常见原因是大量没有配对的半角符号（[、<、`、*、_）或成千上万个标题、分隔线。请把长段落分成几段，中文标点用全角（如【】、《》），或删除多余的符号。",
        "The body could not be rendered within {MARKDOWN_SECONDS} s (usually thousands of unpaired [ < ` * _ or of headings); split it or use full-width punctuation."),
    "broken-link": error(
        "链接“{url}”指向的页面或文件在本站不存在。请核对网址（信息页面是 /disclosures/<索引号>/），或删除这个链接。",
        "Link '{url}' points at nothing this site publishes."),
    "byte-count": error(
        "声明的文件大小（bytes: {declared_bytes}）与数据文件实际的 {source_bytes} 字节不符：数据文件改过了吗？数据使用者会用它核对下载的文件。请改成 {source_bytes}，或删除这一行（网站发布时会写上正确的值）。",
        "The declared bytes ({declared_bytes}) differ from the file's {source_bytes} bytes; correct it or remove it."),
    "catalogue-too-large": error(
        "全部 {n_items:,} 条公开信息的目录（api/disclosures.json）约 {size_mb:,.0f} MB，超过网站单个文件 {limit_mb} MB 的上限。请精简各条信息的主题词、附件标题等项目（这一条的最长）。",
        "The catalogue of all {n_items} items (api/disclosures.json) would be about {size} bytes, over the {MAX_PUBLISHED_FILE_BYTES}-byte limit; shorten keywords and attachment titles (this item's are longest)."),
    "changed-after-published": error(
        "变更日期 {changed} 晚于发布日期 {published}。变更后的信息要重新发布：请把发布日期改为重新发布的日期。",
        "changed ({changed}) is after published ({published})."),
    "changed-before-written": error(
        "变更日期 {changed} 早于成文日期 {written}。请核对两个日期。",
        "changed ({changed}) is before written ({written})."),
    "constraint-error": error(variants={
        "enum": (
            "“{shown}”不在允许的取值中，只能是：{allowed}。",
            "'{shown}' is not one of the allowed values."),
        "exclusiveMaximum": (
            "“{shown}”必须小于 {limit}。",
            "'{shown}' must be less than {limit}."),
        "exclusiveMinimum": (
            "“{shown}”必须大于 {limit}。",
            "'{shown}' must be greater than {limit}."),
        "maxLength": (
            "“{shown}”太长，最多 {limit} 个字符。",
            "'{shown}' is longer than {limit}."),
        "maximum": (
            "“{shown}”大于允许的最大值 {limit}。",
            "'{shown}' is above the maximum {limit}."),
        "minLength": (
            "“{shown}”太短，至少要 {limit} 个字符。",
            "'{shown}' is shorter than {limit}."),
        "minimum": (
            "“{shown}”小于允许的最小值 {limit}。",
            "'{shown}' is below the minimum {limit}."),
        "other": (
            "“{shown}”不满足约束 {constraint}。",
            "'{shown}' fails {constraint}."),
        "pattern": (
            "“{shown}”不符合规定的格式（正则表达式 {limit}）。",
            "'{shown}' does not match {limit}."),
        "required": (
            "这一格必须填写，不能为空。",
            "This cell is required."),
    }),
    "contact-email-invalid": error(variants={
        "agency": (
            "“{email}”不是有效的电子邮箱地址，例如 zwgk@example.gov.cn。",
            "'{email}' is not a valid email address."),
        "dataset": (
            "“{email}”不是有效的电子邮箱地址。",
            "'{email}' is not a valid email address."),
    }),
    "csv-cell-too-large": error(
        "这一行有一个格子超过 {MAX_CELL_CHARS:,} 个字符。这样长的内容不是表格数据（也可能是某个引号没有配对，后面的内容都被当成了一个格子）。请检查引号，长文请作为附件发布。",
        "A cell on this line is longer than {MAX_CELL_CHARS} characters (or a quote is unbalanced)."),
    "csv-check-failed": error(
        "检查到这一行时程序出错（{error}），这一行之后的数据没有检查。这是 Gongkai 的缺陷，不是您的错：请把这个文件的字段定义（schema）和这一行报告给网站维护人员。修复之前这个数据集不能发布。",
        "The check failed on this line ({error}); the rest of the file was not checked. This is a bug in Gongkai: please report the schema and this line."),
    "csv-empty": error(
        "文件是空的，连表头都没有。第一行应当是表头：{name}。",
        "The file is empty; the first line must be the header."),
    "csv-encoding": error(variants={
        "looks-like": (
            "文件不是 {declared} 编码，看起来是 {name}：按它读，这一行是“{example}”。如果这是正确的文字，请{action}。也可以用 Excel/WPS 打开后“另存为”→“CSV UTF-8（逗号分隔）”重新保存。",
            "The file is not {declared}; it looks like {name_en}, which reads this line as '{example}'. If that is right, {action_en}, or re-save the file as CSV UTF-8."),
        "unclear": (
            "文件不是 {declared} 编码，但无法确定是哪一种：{options}。请看哪一种文字正确，在 datapackage.yaml 这个资源下写上对应的 encoding。也可以用 Excel/WPS 打开后“另存为”→“CSV UTF-8（逗号分隔）”重新保存。",
            "The file is not {declared} and its encoding is unclear: {options_en}. Declare the one that reads right, or re-save the file as CSV UTF-8."),
        "undecodable": (
            "这一行有不能按 {declared} 解码的字节，按 UTF-8、GB18030、Windows-1252 读也都不像正常的文字：文件可能已损坏或是别的编码。请用编辑器确认编码后“另存为 UTF-8”，或在 datapackage.yaml 中写明正确的 encoding。",
            "This line cannot be decoded as {declared}, and it does not read as UTF-8, GB18030 or Windows-1252 text either; re-save the file as UTF-8 or declare the right encoding."),
    }),
    "csv-encoding-utf16": error(
        "文件是 {wide} 编码（Excel 的“Unicode 文本”就是这种格式），不是 UTF-8。请在 Excel/WPS 中打开后“另存为”→“CSV UTF-8（逗号分隔）”，或在 datapackage.yaml 这个资源下写 encoding: {codec}。",
        "The file is {wide}, not UTF-8. Save it as 'CSV UTF-8' or declare `encoding: {codec}`."),
    "csv-formula-prefix": warning(
        "“{shown}”以 {raw} 开头，用 Excel/WPS 直接打开 CSV 时可能被当成公式执行。网站提供的 XLSX 已按文字保存；如果这个符号不是必需的，建议去掉。",
        "'{shown}' starts with {raw} and may run as a formula in Excel."),
    "csv-header-blank": error(
        "表头第 {number} 列是空的。每一列都要有列名，应与 schema 中的字段名一致。",
        "Header column {number} is blank; every column needs the field name from the schema."),
    "csv-header-duplicate": error(
        "表头第 {number} 列“{shown}”与第 {seen} 列重名。请给每列不同的列名。",
        "Header column {number} '{shown}' repeats column {seen}."),
    "csv-header-mismatch": error(variants={
        "different": (
            "表头第 {number} 列是“{shown}”，schema 要求是“{wanted}”（{title}）。表头必须与 schema.fields 的名称和顺序完全一致。{hint}",
            "Header column {number} is '{found}' but the schema expects '{wanted}' (same names, same order).{hint_en}"),
        "missing": (
            "表头缺少第 {number} 列“{wanted}”（{title}）。请补上这一列，或从 schema 中删除这个字段。{hint}",
            "Header column {number} '{wanted}' is missing.{hint_en}"),
        "unknown": (
            "表头第 {number} 列“{shown}”在 schema 中没有定义。请在 schema.fields 中加上它，或删除这一列。{hint}",
            "Header column {number} '{found}' is not in the schema.{hint_en}"),
    }),
    "csv-lfs-pointer": error(
        "这是 Git LFS 的指针文件，不是真正的数据：数据文件没有下载下来。请运行 git lfs pull（或在 CI 中开启 LFS）后再构建。",
        "This is a Git LFS pointer, not the data: the real file was not checked out. Run `git lfs pull`."),
    "csv-nul-byte": error(
        "文件中有空字符（NUL），可能不是文本 CSV（例如把 .xlsx 改了扩展名）或文件已损坏。请用 Excel/WPS“另存为 CSV UTF-8”后重新提交。",
        "The file contains a NUL byte: it is not a text CSV or it is damaged. Save it again as CSV UTF-8."),
    "csv-syntax": error(
        "CSV 格式错误（{exc}）。常见原因是引号没有成对或一个格子太长。请用 Excel/WPS 打开检查后重新保存。",
        "CSV syntax error ({exc}); check quotes and very long cells."),
    "csv-too-large": error(
        "{what}，超过了上限 {limit_mb:.0f} MB（网站发布的每个文件都不能超过 {published_limit_mb} MB，数据包 zip 要装下全部文件）。请把数据按年份等拆成几个数据集。",
        "The file is over the limit of {max_bytes} bytes (no published file may exceed {MAX_PUBLISHED_FILE_BYTES} bytes); split the data into several datasets."),
    "csv-too-many-keyed-rows": error(
        "这个文件超过 {MAX_KEYED_ROWS:,} 行，又有主键或唯一约束（unique）：核对重复值需要记住每一行，内存不够。请把数据拆成几个资源，或去掉这个约束。",
        "Over {MAX_KEYED_ROWS} rows with a primary key or unique constraint: too many values to remember; split the data or drop the constraint."),
    "data-errors-truncated": error(variants={
        "foreign-keys": (
            "……另有 {more} 处外键值在被引用的表中找不到，未逐一列出（共 {total} 处）。通常是同一种原因，例如被引用的表缺少几行，或两边写法不同。",
            "…and {more} more foreign-key values not found ({total} in all)."),
        "rows": (
            "……另有 {more} 个同类问题未列出（这个文件共有 {total} 个数据错误）。请先改正上面列出的问题，通常是同一种原因。",
            "…and {more} more (this file has {total} data errors in all)."),
    }),
    "data-warnings-truncated": warning(
        "……另有 {more} 个同类问题未列出（这个文件共有 {total} 个数据警告）。请先改正上面列出的问题，通常是同一种原因。",
        "…and {more} more (this file has {total} data warnings in all)."),
    "datapackage-invalid": error(variants={
        "known": (
            "不符合数据包（Data Package）规范：{what}（{note}）",
            "Not a valid Data Package: {what_en} ({note})."),
        "other": (
            "不符合数据包（Data Package）规范：{note}。请对照 Frictionless Data Package 规范修改。",
            "Not a valid Data Package: {note}."),
    }),
    "dataset-folder-symlink": error(
        "数据集文件夹是一个符号链接，出于安全原因不允许。请把真实的文件夹放在 datasets/ 下。",
        "The dataset folder is a symbolic link; put the real folder under datasets/."),
    "dataset-name-invalid": NAME_INVALID,
    "dataset-name-mismatch": error(
        "标识“{name}”必须与文件夹名“{folder}”相同。请改其中之一，使两者一致。",
        "The name '{name}' must equal the folder name '{folder}'."),
    "dataset-name-reserved": NAME_RESERVED,
    "dataset-too-large": error(
        "这个数据集的文件合计约 {size_mb:,.0f} MB，完整数据包（zip）会超过网站单个文件 {limit_mb} MB 的上限，无法发布。请把数据拆成几个数据集（例如按年份）。",
        "The package zip could reach {bound} bytes, over the {MAX_PUBLISHED_FILE_BYTES}-byte limit; split the data into several datasets."),
    "date-datetime": error(variants={
        "time": (
            "“{raw}”带有时刻。日期字段只写日期，请改为 {date}。",
            "'{raw}' has a time of day; write the date only: {date}."),
        "zone": (
            "“{raw}”带有时刻和时区，对应北京时间 {date}。日期字段只写日期，请改为 {date}。",
            "'{raw}' has a time and zone; in China that is {date}. Write the date only: {date}."),
    }),
    "date-format": error(variants={
        "loose": (
            "日期“{raw}”的写法不对，应写成 {date}（年-月-日，月和日各两位）。",
            "Date '{raw}' is not in the expected form; write {date} (YYYY-MM-DD)."),
        "not-a-date": (
            "“{raw}”不是日期。请按 2024-01-08 的格式（年-月-日）填写。",
            "'{raw}' is not a date; write it as YYYY-MM-DD, e.g. 2024-01-08."),
        "workdays": (
            "“{raw}”不是日期，请按 {year}-10-01 的格式填写。",
            "'{raw}' is not a YYYY-MM-DD date."),
    }),
    "date-invalid": error(variants={
        "calendar": (
            "“{raw}”不是真实存在的日期（{year}年{month}月没有{day}日）。请核对后按 2024-01-08 的格式填写。",
            "'{raw}' is not a real calendar date; check it and write it like 2024-01-08."),
        "descriptor": (
            "“{raw}”不是有效日期。请写成 {example} 这样的格式（年-月-日，补零）。",
            "'{raw}' is not a valid ISO date such as 2024-01-08."),
    }),
    "date-utc-datetime": error(
        "“{raw}”是 UTC（世界协调时）时间，对应北京时间 {beijing_time}，即 {date}。日期字段只写日期，请改为 {date}。",
        "'{raw}' is a UTC time; in China (UTC+8) that is {date}. Write the date only: {date}."),
    "descriptor-missing": error(
        "数据集文件夹中没有可用的 datapackage.yaml{hint}。每个数据集都要有这个描述文件：{reason}",
        "The dataset folder has no usable datapackage.yaml: {reason_en}"),
    "descriptor-not-mapping": error(
        "datapackage.yaml 的最外层必须是“键: 值”的映射（name: …、title: … 等）。",
        "The top level of datapackage.yaml must be a mapping of keys."),
    "descriptor-profile": error(variants={
        "package": (
            "不支持自定义的 {key}（{raw}）：构建时不会下载外部规范。请删除这一行，或写 data-package / tabular-data-package。",
            "Custom {key} is not supported (no remote profiles are fetched); remove it."),
        "resource": (
            "不支持自定义的 {key}（{profile}）。请删除这一行。",
            "Custom {key} is not supported; remove it."),
    }),
    "descriptor-required": error(
        "缺少必填项“{key}”（{key_label}）。请在 datapackage.yaml 中填写。{listed}",
        "Required key '{key}' is missing or empty.{listed_en}"),
    "descriptor-type": error(variants={
        "bytes": (
            "bytes（文件大小）应当是字节数，例如 1234，现在是“{value}”。也可以删除这一行：网站发布时会写上正确的值。",
            "'bytes' must be a number of bytes, not '{value}'."),
        "contact": (
            "联系方式（contact）应写成 name、phone、email 几项文字。",
            "'contact' must be a mapping with name, phone, email."),
        "hash": (
            "hash（文件的哈希值）应写成“sha256:十六进制数字”（也可以是 md5、sha1、sha512），现在是“{value}”。也可以删除这一行：网站发布时会写上正确的 sha256 值。",
            "'hash' must be 'sha256:<hex digits>' (or md5, sha1, sha512), not '{value}'."),
        "hash-length": (
            "{algorithm} 哈希值应有 {digits} 位十六进制数字，这里有 {n_group} 位。请从计算结果完整复制，或删除这一行。",
            "An {algorithm} hash has {digits} hex digits, not {n_group}."),
        "licenses": (
            "许可协议（licenses）应当是列表，例如：\n- name: CC-BY-4.0\n  title: 知识共享署名 4.0",
            "'licenses' must be a list of {{name|path, title}}."),
        "resource": (
            "每个数据资源都应是映射（name、path、schema……）。",
            "Each resource must be a mapping."),
        "resources": (
            "数据资源（resources）应当是列表，每项写 name、path、schema。",
            "'resources' must be a list."),
        "temporal": (
            "时间范围（temporal）应写成 start: 2024-01 和 end: 2024-12 两项。",
            "'temporal' must be a mapping with start and end."),
        "text": (
            "“{key}”（{key_label}）应当是一段文字，不能是列表或映射。",
            "'{key}' must be text, not a list or mapping."),
        "text-list": (
            "“{key}”（{key_label}）应当是文字列表，例如 [医保, 缴费]。",
            "'{key}' must be a list of strings, e.g. [a, b]."),
        "view": (
            "每个图表都应是映射（name、title、description、spec……）。",
            "Each view must be a mapping."),
        "views": (
            "图表（views）应当是列表。",
            "'views' must be a list."),
    }),
    "descriptor-unknown-key": error(
        "{where}中没有“{key}”这个键。{hint}可用的键：{known}。",
        "Unknown key '{key}' in {where_en}.{hint_en} Known keys: {known}."),
    "disclosure-late": warning(
        "这条信息{start_label} {start}，发布日期 {published}，相隔 {workdays} 个工作日，超过《条例》第二十六条规定的 20 个工作日 {late_by} 个工作日。它会列在“公开时效”页面上；请核对两个日期，今后在{start_label}后 20 个工作日内发布。",
        "Published {workdays} working days after its {start_label_en} date {start}: {late_by} working day(s) over the 20 of art. 26."),
    "doc-no-brackets": warning(
        "文号“{doc_no}”中的年份应当用六角括号〔〕，建议写成“{fixed}”（见 GB/T 9704）。",
        "The year in doc_no should be in 〔〕: '{fixed}'."),
    "duplicate-agency-id": error(
        "机构标识“{id}”重复（第一次在第 {seen} 行）。每个机构的 id 必须唯一。",
        "Agency id '{id}' is used twice (first on line {seen})."),
    "duplicate-index-no": error(
        "索引号“{index_no}”重复：{others} 也使用了它。索引号必须全站唯一，请给其中一个重新编号。",
        "index_no '{index_no}' is also used by {others}; it must be unique."),
    "duplicate-slug": error(
        "索引号“{index_no}”与“{others}”生成的网址相同（/disclosures/{slug}/）。请调整其中一个索引号。",
        "index_no '{index_no}' gives the same URL as '{others}'."),
    "encoding-not-utf8": error(
        "文件不是 UTF-8 编码（可能是 GBK/GB18030）。请在编辑器中选择“另存为 UTF-8”后再提交。",
        "The file is not valid UTF-8 (perhaps GBK/GB18030). Save it as UTF-8."),
    "encoding-utf16": error(
        "文件是 {wide} 编码，不是 UTF-8。请在编辑器中选择“另存为”→ 编码“UTF-8”后再提交。",
        "The file is {wide}, not UTF-8; save it as UTF-8."),
    "expires-before-effective": error(
        "失效/废止日期 {expires} 早于实施日期 {effective}。请核对两个日期。",
        "expires ({expires}) is before effective ({effective})."),
    "expires-passed": warning(
        "失效/废止日期 {expires} 已到（自这一天起文件不再有效），有效性却还是“{validity}”。请把 validity 改为“失效”或“废止”；文件仍然有效的，请更正或删掉这个日期。",
        "expires ({expires}) has passed but validity is still '{validity}'; set it to 失效 or 废止."),
    "external-embed": error(
        "这里嵌入了来自其他网站（或 data:、javascript: 等地址）的图片、媒体或样式（{shown}）：每次有人打开页面都会向外发出请求，可能泄露访问者信息，也违反本站“不加载外部资源”的承诺。请把图片下载后作为附件放进 content/attachments/，用 /attachments/… 引用；或改成普通链接 [说明](https://…)。",
        "An image, media or style from another host or a data:/javascript: address is embedded ({shown}); Put the file under content/attachments/ and link it with /attachments/…, or make it a plain link."),
    "extra-cell": error(
        "这一行有 {n_cells} 列，比表头多；第 {number} 列“{shown}”多余。常见原因是数值里有没加引号的逗号（如 1,234）。请删除多余的格子或给含逗号的值加引号。",
        "The row has {n_cells} cells, more than the header; cell {number} is extra."),
    "field-constraint-invalid": error(variants={
        "delimiter": (
            "列表字段（type: list）的 delimiter 不能是空的。请写一个分隔符，例如 \",\"。",
            "A list field's delimiter must not be empty."),
        "pattern": (
            "约束 pattern 不是有效的正则表达式（{exc}）。请检查括号、方括号是否成对。",
            "The pattern is not a valid regular expression ({exc})."),
        "value": (
            "约束 {keypath} 的值“{value}”不是有效的{zh_kind}（字段类型是 {kind}）：{hint}。约束的值要和这一列的数据写法相同。{as_json}",
            "The {keypath} value '{value}' is not {hint_en} (the field's type is {kind})."),
    }),
    "field-name-duplicate": error(
        "字段名“{name}”与第 {first} 个字段重复。",
        "Field name '{name}' is repeated."),
    "field-name-missing": error(
        "每个字段都要有 name（与 CSV 表头中的列名相同）。",
        "Each field needs a name."),
    "field-pii-allowed": warning(
        "此列不做个人信息检查（pii: allowed），理由：{pii_reason}。请确认理由仍然成立。",
        "Personal-information check skipped for this column (pii: allowed): {pii_reason}"),
    "field-pii-reason-missing": error(
        "字段标了 pii: allowed（允许公开个人信息），就必须在 pii_reason 中写明依据。",
        "pii: allowed needs a pii_reason."),
    "field-pii-value": error(
        "pii 只能写 allowed（并在 pii_reason 中写明理由），或者不写。",
        "pii may only be 'allowed'."),
    "file-missing": error(variants={
        "agencies": (
            "缺少发布机构清单 content/agencies.yaml。请先建立这个文件。",
            "content/agencies.yaml is missing."),
        "report-schema": (
            "缺少年度报告表结构文件 {rel}。请从模板仓库复制一份。",
            "The annual report schema {rel} is missing; copy it from the template repository."),
        "schema": (
            "缺少表结构文件 {rel}。请从模板仓库复制一份。",
            "Schema file {rel} is missing; copy it from the template repository."),
        "statutory": (
            "缺少法定主动公开内容的分类文件 {rel}。请从模板仓库复制一份。",
            "{rel} is missing; copy it from the template repository."),
        "vocabularies": (
            "缺少词表文件 schemas/vocabularies.yaml。请从模板仓库复制一份。",
            "schemas/vocabularies.yaml is missing; copy it from the template repository."),
    }),
    "file-name-invalid": error(variants={
        "character": (
            "文件名“{visible}”中有不允许的字符 {what}。文件名只用文字、字母、数字、“-”、“_”、“.”和空格，不能有 / \\ : * ? \" < > | # % 和不可见的控制字符、文字方向控制符。请给文件改名。",
            "The file name '{visible}' contains a forbidden character (U+{ord:04X}); rename the file."),
        "device": (
            "“{shown}”是 Windows 的设备保留名，在 Windows 上无法建立这个文件。请改名。",
            "'{shown}' is a reserved device name on Windows; rename the file."),
        "empty-part": (
            "路径中有空的部分或“{segment}”。请写出真实的文件夹和文件名。",
            "The path has an empty, '.' or '..' part ('{segment}')."),
        "hidden": (
            "文件名“{shown}”以“.”开头（隐藏文件），不能发布。请改名。",
            "The file name '{shown}' starts with a dot (a hidden file)."),
        "too-long": (
            "文件名“{shown}”太长（超过 {FILE_NAME_MAX_BYTES} 字节）。请缩短。",
            "The file name '{shown}' is longer than {FILE_NAME_MAX_BYTES} bytes."),
        "trailing": (
            "文件名“{shown}”以空格或“.”结尾，在部分系统上无法使用。请改名。",
            "The file name '{shown}' ends with a space or a dot."),
    }),
    "file-name-unicode": error(
        "文件名“{shown}”使用了分解形式的 Unicode 字符（NFD，常见于 macOS 复制的文件名），网址会与显示的不一致。请重新输入文件名后保存。",
        "The file name '{shown}' is not in Unicode NFC form (decomposed characters); retype the name."),
    "file-too-large": error(
        "文件有 {size_mb:,.1f} MB，超过了文字文件的上限 {limit_kb:,} KB。这样大的文件多半是数据或误放的文件：大表格请作为数据集或附件发布，长文请分成几条。",
        "The file is {size} bytes, over the {MAX_TEXT_FILE_BYTES}-byte limit for text files."),
    "forbidden-key": error(
        "“{key}”会改变网页的生成方式或位置，条目中不允许使用。网址由索引号自动生成，请删除这一行。",
        "'{key}' controls Pelican's output and is not allowed in an item; the URL comes from index_no."),
    "foreign-key": error(variants={
        "one": (
            "“{value}”在{where}的“{target_column}”列中找不到。这一列是外键：每个值都必须是{where}中已有的值。请改正取值，或先在{where}中补上这一行。",
            "'{value}' is not found in column '{target_column}' of {where_en} (a foreign key)."),
        "several": (
            "（{titles}）的取值（{values}）在{where}的（{target_columns}）中找不到。这几列合起来是外键：每组值都必须是{where}中已有的一行。请改正取值，或先在{where}中补上这一行。",
            "The values ({values_en}) are not found in ({target_columns_en}) of {where_en} (a foreign key)."),
    }),
    "foreign-key-field-unknown": error(
        "外键引用的字段“{unknown_fields}”不在资源“{resource}”中。可用的字段：{known_fields}。",
        "The foreign key references fields {unknown} that the resource does not have."),
    "foreign-key-resource-unknown": error(
        "外键引用的资源“{target_name}”不在这个数据集中。请写本数据集 resources 中某个资源的 name，引用本表自己时写空字符串 \"\"。可用的资源：{names}。",
        "The foreign key references resource '{target_name}', which this package does not have."),
    "foreign-key-too-many": error(
        "外键引用的资源（{exc}）合计有超过 {MAX_KEYED_ROWS:,} 个不同的取值：核对外键要记住全部取值，内存不够。请把数据拆成几个数据集，或去掉外键。",
        "The referenced resources hold over {MAX_KEYED_ROWS} distinct keys in all; too many to remember for the foreign-key check."),
    "frontmatter-fullwidth": error(variants={
        "closing": (
            "第 {line_number} 行“{line_text}”像是信息区的结束线，但不是三个半角减号。请改为英文输入法下的“---”。",
            "This line looks like the closing fence but is not three ASCII hyphens '---'."),
        "opening": (
            "第一行“{line_text}”不是三个半角减号。信息区必须以英文输入法下的“---”开头和结尾（不能用全角“－－－”或破折号）。",
            "The first line must be three ASCII hyphens '---' (not full-width dashes)."),
    }),
    "frontmatter-missing": error(
        "文件开头缺少信息区。第一行必须是“---”，接着写标题、索引号等项目，再用一行“---”结束，然后才是正文。",
        "The file must start with YAML front matter between two '---' lines."),
    "frontmatter-shape": error(
        "信息区应当是一行一个“项目: 值”，例如“title: 关于……的通知”。",
        "The front matter must be a mapping of keys to values."),
    "frontmatter-unclosed": error(
        "信息区没有结束：第一行的“---”之后找不到结束用的“---”行。请在最后一个项目之后、正文之前加一行“---”。",
        "The front matter is not closed: add a '---' line after the last key, before the body."),
    "git-conflict-marker": error(variants={
        "csv": (
            "这里有 Git 合并冲突标记（<<<<<<< / ======= / >>>>>>>）。请决定保留哪一版数据，删除冲突标记后再提交。",
            "Git conflict marker found; resolve the conflict and remove the markers."),
        "text": (
            "这里有 Git 合并冲突标记（<<<<<<< / ======= / >>>>>>>）。请决定保留哪一版内容，删除冲突标记后再提交。",
            "Git conflict marker found; resolve the conflict and remove the markers."),
    }),
    "hash-count": error(
        "声明的哈希值与数据文件不符：数据文件改过了吗？数据使用者会用它核对下载的文件是否完整。请改成 {written}，或删除这一行（网站发布时会写上正确的 sha256 值）。",
        "The declared hash does not match the file; it is {written}. Correct it or remove it."),
    "json-not-offered": warning(
        "这个资源不提供 JSON 下载：{why}如需提供，请把数据拆成几个较小的资源。",
        "No JSON download for this resource: it could exceed the limits (estimated up to {bound} bytes, or too many rows for Excel)."),
    "json-number-invalid": error(
        "这一格的 JSON 中有 NaN、Infinity 或超出范围的数字（如 1e400），JSON 下载不能表示它们。请改成普通数字或 null。",
        "The cell's JSON holds NaN, Infinity or an out-of-range number; use a plain number or null."),
    "license-invalid": error(
        "每个许可协议都要写 name（如 CC-BY-4.0）或 path（协议网址），可以加 title。",
        "Each license needs a name or a path (and may have a title)."),
    "markup-in-text": error(variants={
        "field": (
            "“{title}”是纯文字，不能包含 HTML 标签或注释（如“{markup}…”）。请删除标签，只保留文字。",
            "'{name}' is plain text and may not contain HTML markup."),
        "text": (
            "“{name}”是纯文字，不能包含 HTML 标签或注释（如“{markup}…”）。请删除标签，只保留文字；需要排版的长说明请写在 README.md 或正文中。",
            "'{field_text}' is plain text and may not contain HTML markup."),
    }),
    "missing-cell": error(
        "这一行只有 {n_cells} 列，缺少第 {number} 列“{titles}”。请补上缺少的格子（空值也要留逗号）。",
        "The row has {n_cells} cells; column {number} '{names}' is missing."),
    "modified-in-future": error(
        "数据更新日期 {modified} 晚于今天（{today}）。请填写数据实际更新的日期，不能预填未来日期。",
        "'modified' {modified} is after today ({today})."),
    "name-invalid": NAME_INVALID,
    "name-reserved": NAME_RESERVED,
    "not-in-vocabulary": error(
        "“{value}”不在“{title}”的可选值中。{hint}可选值：{enum}。如需新增，请在 schemas/vocabularies.yaml 中扩充。",
        "'{value}' is not an allowed value of '{name}'.{hint_en}"),
    "nul-byte": error(
        "文件中有空字符（NUL），可能是二进制文件或文件已损坏。请用文本编辑器重新保存。",
        "The file contains a NUL byte: it is binary or damaged. Re-save it as text."),
    "open-type-unknown": VOCABULARY_UNKNOWN,
    "page-file-name": error(
        "页面文件名“{name}”不能用作网址：{message}",
        "The page file name '{name}' cannot be a URL: {message_en}"),
    "page-required-missing": error(
        "缺少必需的页面“{title}”。请建立 {PAGES_DIR}/{slug}.md（可从模板仓库复制后修改）。",
        "The required page '{slug}' ({title}) is missing."),
    "path-absolute": error(
        "不能使用绝对路径（{path_text}）。请写相对于数据集文件夹的路径，例如 data/表名.csv。",
        "Absolute paths are not allowed ({path_text}); write a path relative to the dataset folder."),
    "path-backslash": error(
        "路径中不能用反斜杠“\\”（{path_text}）。请改用正斜杠“/”，例如 data/表名.csv。",
        "Backslashes are not allowed in paths ({path_text}); use forward slashes."),
    "path-invalid": error(
        "{what}路径必须是一个非空的文字，例如 data/表名.csv。",
        "The path must be a non-empty string such as data/table.csv."),
    "path-missing": error(
        "找不到{what}“{path_text}”。请检查文件名（区分大小写）和所在目录，或把文件放到这个位置。{near_miss}",
        "File not found: {path_text}; check the name (case-sensitive) and folder."),
    "path-not-file": error(
        "“{path_text}”：{message}",
        "{path_text}: {message_en}"),
    "path-remote": error(
        "不能引用网络地址或其他协议（{path_text}）。请把{what}下载后放进本数据集文件夹的 data/ 目录，并写相对路径。",
        "Remote URLs and other schemes are not allowed ({path_text}); put the file in the dataset folder."),
    "path-symlink": error(
        "路径经过符号链接（{path_text}），出于安全原因不允许。请把真实的{what}放在数据集文件夹内。",
        "The path goes through a symbolic link ({path_text}); put the real file in the folder."),
    "path-traversal": error(
        "路径不能用“..”跳出数据集文件夹（{path_text}）。请把{what}复制到本数据集文件夹内。",
        "'..' may not leave the dataset folder ({path_text}); copy the file into the folder."),
    "pattern": error(
        "“{title}”的格式不对：“{value}”。{description}",
        "'{name}' does not match the required pattern {pattern}."),
    "pii-bank-card": PERSONAL_DATA,
    "pii-email": PERSONAL_DATA,
    "pii-mobile": PERSONAL_DATA,
    "pii-more": error(
        "这个文件中另有 {more} 处疑似个人信息未列出。请对整个文件去标识化后重新检查。",
        "{more} more possible items of personal data in this file are not listed."),
    "pii-resident-id": PERSONAL_DATA,
    "primary-key": error(variants={
        "duplicate": (
            "主键（{columns}）与第 {first} 行重复。每一行的主键必须不同，请删除重复行或改正取值。",
            "The primary key duplicates line {first}."),
        "empty": (
            "主键（{columns}）都是空的。请填写。",
            "The primary key cells are all empty."),
    }),
    "privacy-removed-invalid": error(
        "privacy_removed 应当是 git 提交编号的列表（每项至少 7 位小写十六进制，如 [3f2a9c1]），列出因隐私原因删除或修改数据的提交；更新记录不会显示这些提交删除或修改的行。",
        "privacy_removed must be a list of git commit ids (at least 7 lowercase hex digits)."),
    "published-in-future": error(
        "发布日期 {published} 晚于构建日期 {today}。不能把发布日期写成将来；如果要定时发布，请加一行“embargo: true”。",
        "published ({published}) is in the future; add 'embargo: true' to schedule it."),
    "publisher-unknown": VOCABULARY_UNKNOWN,
    "register-applicant-type": error(
        "申请人类型“{applicant_type}”不是年度报告表三的分类。可选：{applicant_types}。",
        "Unknown applicant type '{applicant_type}'."),
    "register-date-order": error(variants={
        "before-received": (
            "{dates} 早于收到申请（或补正）的日期 {after}。请核对日期。",
            "{dates} is before the application was received ({after})."),
        "extension": (
            "延期告知日期 {extended} 晚于答复日期 {replied}。请核对。",
            "The extension is after the reply."),
    }),
    "register-duplicate-number": error(
        "登记编号“{number}”重复（第一次在第 {seen} 行）。每件申请一个编号。",
        "Number '{number}' is used twice (first on line {seen})."),
    "register-late-extension": warning(
        "延期告知日期 {extended} 已经超过 20 个工作日的答复期限（{first}），延期不能成立，仍按 20 个工作日计算（《条例》第三十三条）。",
        "The extension ({extended}) came after the 20-working-day deadline ({first})."),
    "register-outcome": error(
        "办理结果“{outcome}”不是年度报告表三的分类。可选：{outcomes}。",
        "Unknown outcome '{outcome}'."),
    "register-outcome-missing": error(
        "已经答复的申请要填写办理结果（表三的分类）。",
        "A replied application needs an outcome."),
    "register-reply-missing": error(
        "填了办理结果，却没有答复日期。请补上答复日期，或者清空办理结果。",
        "An outcome without a reply date."),
    "register-schema": error(
        "依申请公开登记表应当只有一个数据资源，列正好是 {REGISTER_SCHEMA} 中的 {wanted}。{detail}",
        "The register must have one resource with exactly the columns of {REGISTER_SCHEMA}."),
    "relative-link": error(
        "链接“{url}”是相对地址，在不同页面会指向不同位置。站内链接请以“/”开头（如 /disclosures/…/），站外链接请写完整网址（https://…）。",
        "Link '{url}' is relative; start site links with '/' or give a full https:// address."),
    "report-agency": error(variants={
        "missing": (
            "汇总报告要写明发布机关：请加一行“agency: 人民政府的机构标识”（content/agencies.yaml 中的 id）。",
            "The consolidated report needs 'agency': the government's agency id."),
        "not-file-name": (
            "报告文件 {file_name} 属于机构“{stem}”，这里却写了“{agency}”。机构报告的发布机关就是文件名，请删掉这一行或把文件改名。",
            "This file belongs to '{stem}' but names '{agency}'."),
    }),
    "report-balance": error(
        "{table_label}“{column_title}”列对不上：{left_text}，共 {left}；{right_text}，共 {right}。国家格式要求两者相等（{note}）。请核对这一列。",
        "Table {table}, column '{column}': rows {left_rows} = {left} but {right_rows} = {right}."),
    "report-cell-missing": error(
        "{table_label}缺少“{row_label}”行的{what}国家格式的每一行每一列都要填写，没有发生的填 0。可以用 gongkai report draft 生成完整的草稿。",
        "Table {table}: row '{row}' lacks {columns}; write 0 where nothing happened."),
    "report-contradicts-catalogue": error(
        "{table_label}“{row_label}”行“{column_title}”列填的是 {written}，但按{where_from}计算应为 {computed}{listing}。请改正这个数，或者删掉它由网站自动填写。",
        "Table {table}, row '{row}', column '{column}': {written} written, {computed} computed from the {table} source."),
    "report-contradicts-register": error(
        "{table_label}“{row_label}”行“{column_title}”列填的是 {written}，但按{where_from}计算应为 {computed}{listing}。请改正这个数，或者删掉它由网站自动填写。",
        "Table {table}, row '{row}', column '{column}': {written} written, {computed} computed from the {table} source."),
    "report-contradicts-reports": error(
        "{table_label}“{row_label}”行“{column_title}”列填的是 {written}，但按{where_from}计算应为 {computed}{listing}。请改正这个数，或者删掉它由网站自动填写。",
        "Table {table}, row '{row}', column '{column}': {written} written, {computed} computed from the agency reports."),
    "report-late": warning(
        "年度报告应在 {due} 前发布（《条例》第四十九条、第五十条），发布日期 {published} 晚了 {days_late} 天。",
        "The report was due by {due}; published {days_late} day(s) late."),
    "report-name-invalid": NAME_INVALID,
    "report-name-reserved": NAME_RESERVED,
    "report-nothing-to-consolidate": error(
        "{year} 年还没有任何机构的年度报告，汇总报告无从汇总。请先放入各机构的报告（{REPORTS_DIR}/{year}/<机构标识>.yaml）。",
        "No agency report of {year} to consolidate."),
    "report-path": error(
        "年度报告应当放在 {REPORTS_DIR}/<四位年度>/<机构标识>.yaml（全县汇总报告为 index.yaml），例如 {REPORTS_DIR}/2025/qx-finance.yaml。请移动或改名这个文件。",
        "Annual reports go in {REPORTS_DIR}/<year>/<agency id>.yaml (index.yaml: consolidated)."),
    "report-published-early": error(
        "发布日期 {published} 还在 {year} 年度之内。年度报告在年度结束后（{next_year} 年）发布，请核对。",
        "published ({published}) is within the reported year {year}."),
    "report-published-in-future": error(
        "发布日期 {published} 晚于构建日期 {today}。年度报告请在真正发布的当天写入发布日期。",
        "published ({published}) is after the build date ({today})."),
    "report-repeal-date-missing": warning(
        "这份{computed}已{validity}，但没有写{validity}日期（expires），年度报告无法判断它在哪一年{validity}，暂按现已{validity}统计。请补上“expires: 日期”。",
        "This {computed} is {validity} without an 'expires' date; the annual report cannot tell the year."),
    "report-schema-invalid": error(variants={
        "other": (
            "年度报告表结构有误：{reason}",
            "The annual report schema is invalid: {reason}"),
        "tables": (
            "年度报告表结构应当依次定义 proactive（表二）、applications（表三）和 appeals（表四）三张表。",
            "The report schema must define the tables proactive, applications and appeals."),
    }),
    "report-shape": error(
        "年度报告文件应当是“项目: 值”的映射（published、overview 等）。",
        "An annual report must be a mapping of keys (published, overview, ...)."),
    "report-table-shape": error(variants={
        "row": (
            "{label_text}“{row_label}”这一行应当写成 {{列名: 数字, …}}，例如 {{{example}}}。",
            "Row '{row_name}' of table '{name}' must be a mapping of columns to numbers."),
        "table": (
            "{label_text}应当按行书写，每行一个“行名: {{列名: 数字, …}}”。可以用 gongkai report draft 生成格式正确的草稿。",
            "Table '{name}' must map row names to {{column: number}}."),
    }),
    "report-total": error(
        "{table_label}“{row_label}”行“{column_title}”列填的是 {written}，{how}应为 {total}。请核对这一行（列）的各个数，或改正合计（合计也可以不填，由网站计算）。",
        "Table {table}, row '{row}', column '{column}': {written} written, the sum is {total}."),
    "report-unknown-agency": error(
        "文件名“{stem}”不是 content/agencies.yaml 中的机构标识。{hint}年度报告的文件名就是报告机关的标识，例如 qx-finance.yaml；全县汇总报告为 index.yaml。",
        "'{stem}' is not an agency id in content/agencies.yaml.{hint_en}"),
    "report-unknown-column": error(
        "{label_text}“{row_label}”这一行没有“{key}”这一列。可用的列：{names}。",
        "Row '{row_name}' of table '{name}' has no column '{key}'."),
    "report-unknown-row": error(
        "{label_text}没有“{row_name}”这一行。可用的行：{names}。",
        "Table '{name}' has no row '{row_name}'."),
    "report-year-not-over": error(
        "{year} 年度还没有结束（构建日期 {today}），不能发布这一年的年度报告。请核对文件夹的年份。",
        "The year {year} is not over yet ({today})."),
    "required": error(variants={
        "column": (
            "缺少标题。请加一行“title: 标题”。",
            "The title is missing."),
        "field": (
            "缺少必填项“{title}”（{name}）。请在文件开头的信息区加上一行“{name}: …”。",
            "Required field '{name}' is missing."),
        "page": (
            "页面缺少标题。请加一行“title: 页面标题”。",
            "The page needs a title."),
   
        "report-text": (
            "年度报告的“{part}”还没有填写。请在“{name}: |”下面写上这一部分的内容（Markdown，每行缩进两个空格）。",
            "Required field '{name}' is missing."),
        "report-value": (
            "年度报告的“{part}”还没有填写。请写上“{name}: …”。",
            "Required field '{name}' is missing."),
    }),
    "resource-dialect-unsupported": error(variants={
        "boolean": (
            "dialect 的 {key} 只能是 true 或 false{ending}",
            "{key} must be true or false (and files must have a header)."),
        "character": (
            "dialect 的 {key} 必须是一个字符，例如 \",\" 或 \";\"。",
            "{key} must be one character."),
        "key": (
            "不支持 dialect 中的“{key}”。只支持 delimiter、quoteChar、doubleQuote、skipInitialSpace。",
            "Dialect key '{key}' is not supported."),
        "reference": (
            "dialect 只能直接写在这里（如 delimiter: \";\"），不能引用文件。",
            "'dialect' must be an inline mapping."),
    }),
    "resource-encoding-unknown": error(
        "不认识的编码“{encoding}”。常用的是 utf-8（默认）和 gb18030。",
        "Unknown encoding '{encoding}'; use utf-8 or gb18030."),
    "resource-filename-duplicate": error(
        "文件名“{filename}”与资源“{files}”的文件同名；下载时会互相覆盖。请改用不同的文件名。",
        "File name '{filename}' is used by two resources."),
    "resource-filename-reserved": error(
        "数据文件不能叫“{name}”：网站在数据集页面旁边发布同名的文件。请给文件改名。",
        "The data file may not be called '{name}': the portal publishes a file of that name."),
    "resource-inline-data": error(
        "不支持把数据直接写在描述文件中（data）。请把数据存成 CSV 文件放在 data/ 下，用 path 引用。",
        "Inline 'data' is not supported; put the data in a CSV file."),
    "resource-name-duplicate": error(
        "资源名“{name}”与第 {first} 个资源重复。每个资源的 name 必须不同。",
        "Resource name '{name}' is used twice."),
    "resource-name-invalid": NAME_INVALID,
    "resource-name-missing": error(
        "数据资源缺少 name（资源名，小写字母、数字、-、_）。",
        "The resource has no name."),
    "resource-name-reserved": NAME_RESERVED,
    "resource-not-csv": error(
        "数据资源必须是 CSV 文件（.csv），现在是“{path_text}”。请用 Excel/WPS“另存为 CSV UTF-8”。",
        "Resources must be CSV files."),
    "resource-path-missing": error(
        "数据资源缺少 path（CSV 文件路径，如 data/表名.csv）。",
        "The resource has no path."),
    "resource-path-multipart": error(
        "path 只能是一个文件，不支持多个文件拼接。请合并成一个 CSV，或拆成多个资源。",
        "Multipart paths are not supported."),
    "resource-schema-invalid": error(
        "schema 必须是映射，并包含非空的 fields 列表（每项写 name、type、title）。",
        "The schema must be a mapping with a non-empty 'fields' list."),
    "resource-schema-missing": error(
        "数据资源缺少 schema（字段定义）。请写出每一列的 name、type 和中文 title。",
        "The resource has no schema."),
    "schema-invalid": error(
        "表结构不符合 Frictionless Table Schema 规范：{error}",
        "Not a valid Frictionless Table Schema: {error}"),
    "self-reference": error(
        "条目不能引用自己（{value}）。",
        "An item cannot refer to itself ({value})."),
    "site-contact-twice": error(
        "只能有一个机构写 site_contact: true，“{id}”已经写了。请删掉其中一处。",
        "Only one agency may be the site contact; '{id}' already is."),
    "source-missing": error(variants={
        "file": (
            "找不到“{shown}”。",
            "{shown} does not exist."),
        "folder": (
            "找不到文件夹“{shown}”。",
            "The folder {shown} does not exist."),
        "not-folder": (
            "“{shown}”不是文件夹。",
            "{shown} is not a folder."),
    }),
    "source-not-file": error(variants={
        "folder": (
            "“{shown}”是一个文件夹，不是文件。请写到具体的文件名。",
            "{shown} is a folder, not a file."),
        "opened": (
            "“{name}”不是普通文件。",
            "{name} is not a regular file."),
        "special": (
            "“{shown}”不是普通文件（可能是管道、设备或套接字），不能读取。",
            "{shown} is not a regular file (a FIFO, device or socket)."),
    }),
    "source-not-folder": error(
        "“{shown}”应当是文件夹。",
        "{shown} should be a folder."),
    "source-outside": error(variants={
        "outside": (
            "“{path_text}”不在站点仓库之内，不能读取。",
            "{path_text} is outside the site repository."),
        "relative": (
            "“{path_text}”不是完整的路径，不能读取。",
            "{path_text} is not an absolute path."),
    }),
    "source-symlink": error(
        "“{shown}”是符号链接（指向 {target}）。出于安全原因，网站不读取也不发布符号链接：请删除这个链接，把真实的文件或文件夹放在这里。",
        "{shown} is a symbolic link (to {target}); links are never read or published. Put the real file here."),
    "source-unreadable": error(
        "无法读取“{shown}”（{strerror}）。",
        "{shown} cannot be read ({strerror})."),
    "statutory-invalid": error(variants={
        "article": (
            "每一条都要写 article（条号，数字）、title 和 items。",
            "Each article needs article, title and items."),
        "item": (
            "每一项都要写 item（项号，数字）和 title。",
            "Each item needs item (a number) and title."),
        "item-repeated": (
            "同一条中的项号重复。",
            "Item numbers repeat within the article."),
        "list": (
            "“{key}”应当是列表。",
            "'{key}' must be a list."),
        "not-in-vocabulary": (
            "“{name}”不是本站的{label_text}。请核对，或先在 schemas/vocabularies.yaml 中扩充。",
            "'{name}' is not a {kind} of this site."),
        "top": (
            "文件应当以“articles:”开头，下面列出条款和各项。",
            "The file must start with 'articles:'."),
        "unknown-key": (
            "不认识的项目“{key}”。",
            "Unknown key '{key}'."),
    }),
    "temporal-order": error(
        "时间范围的结束（{end}）早于开始（{start}）。请检查这两个日期。",
        "temporal end is before start."),
    "theme-unknown": VOCABULARY_UNKNOWN,
    "too-large": error(variants={
        "digits": (
            "“{title}”的数字“{value}…”太长了，请核对。",
            "'{name}' is too long a number."),
        "maximum": (
            "“{title}”不能大于 {high}，现在是 {number}。",
            "'{name}' is above {high}."),
    }),
    "too-long": error(
        "“{title}”有 {length} 个字，超过了 {maxLength} 字的上限。请精简。",
        "'{name}' has {length} characters; the limit is {maxLength}."),
    "too-short": error(
        "“{title}”太短，至少要 {minLength} 个字。",
        "'{name}' is shorter than {minLength} characters."),
    "too-small": error(
        "“{title}”不能小于 {low}，现在是 {number}。",
        "'{name}' is below {low}."),
    "type-array": error(variants={
        "documents": (
            "“制度文件”应当是索引号列表，例如 [11431234MB1520002E/2025-00003]。",
            "'documents' must be a list of index numbers."),
        "field": (
            "“{title}”应当是列表，例如 [{value}]（方括号，逗号分隔），或每项一行“- ”开头。",
            "'{name}' must be a list, e.g. [{value}]."),
    }),
    "type-array-item": error(
        "“{label_text}”的每一项都应当是一段文字。",
        "Each item of '{key}' must be text."),
    "type-boolean": error(
        "“{title}”只能写 true（是）或 false（否），不能写“{value}”。",
        "'{name}' must be true or false, not '{value}'."),
    "type-error": error(
        "“{shown}”不是有效的{zh_kind}：{hint}。",
        "'{shown}' is not {hint_en}."),
    "type-integer": error(
        "“{title}”应当是整数，不能写“{value}”。",
        "'{name}' must be an integer."),
    "type-number": error(
        "“{title}”应当是数字（可以有小数，如 12.5），不能写“{value}”。",
        "'{name}' must be a number."),
    "type-scalar": error(variants={
        "column": (
            "“{keys}”应当是一段文字。",
            "'{key}' must be text."),
        "field": (
            "“{title}”应当是单个值，不能是列表或映射。",
            "'{name}' must be a single value."),
        "page": (
            "“{label_text}”应当是一段文字。",
            "'{key}' must be text."),
        "pii-reason": (
            "pii_reason 应当是一段文字（公开手机号或其他域名邮箱的理由）。",
            "pii_reason must be text."),
    }),
    "unique-error": error(
        "“{shown}”与第 {first} 行重复；这一列的值不能重复。请删除重复的行或改正取值。",
        "'{shown}' duplicates line {first}; values in this column must be unique."),
    "unknown-agency": error(variants={
        "item": (
            "发布机构“{value}”不在 content/agencies.yaml 中。{hint}请填写已有机构的 id，或先在该文件中添加这个机构。",
            "Agency '{value}' is not in content/agencies.yaml.{hint_en}"),
        "register": (
            "受理机关“{value}”不在 content/agencies.yaml 中。{hint}",
            "Agency '{value}' is not in content/agencies.yaml.{hint_en}"),
    }),
    "unknown-index-no": error(variants={
        "catalogue": (
            "找不到索引号为“{value}”的条目。请核对索引号（包括斜杠和年份），被引用的文件也必须在本站发布。",
            "No item has index_no '{value}'."),
        "column": (
            "找不到索引号为“{index_no}”的已发布条目。请核对索引号，被列出的文件必须在本站发布。",
            "No published item has index_no '{index_no}'."),
    }),
    "unknown-key": error(variants={
        "attachment": (
            "附件中不认识的项目“{unknown}”。附件只能写 file 和 title。",
            "Unknown attachment key '{unknown}'."),
        "column": (
            "不认识的项目“{key}”。这个文件只能写 {keys}。",
            "Unknown key '{key}'; this file takes {keys_en}."),
        "page": (
            "页面中不认识的项目“{key}”。页面只能写 title 和 summary。",
            "Unknown page key '{key}'; pages take only title and summary."),
        "schema": (
            "不认识的项目“{key}”。{hint}可用的项目：{names}。",
            "Unknown key '{key}'.{hint_en}"),
        "workdays": (
            "不认识的项目“{unknown}”。每一年只能写 source（通知文号）、holidays（放假日期）和 workdays（调休上班日期）。",
            "Unknown key '{unknown}'; a year takes source, holidays and workdays."),
    }),
    "unknown-parent-agency": error(
        "上级机构“{parent_id}”不在本清单中。请填写清单里已有机构的 id。",
        "Parent agency '{parent_id}' is not in this list."),
    "unsafe-character": error(variants={
        "text": (
            "内容中有不可见的控制字符或文字方向控制符（{codepoint}），可能来自复制粘贴。请删除后重新输入这段文字。",
            "The value contains an invisible control or bidi character ({codepoint}); remove it."),
        "yaml": (
            "这里有不可见的控制字符（{codepoint}），可能来自复制粘贴。请删除后重新输入这段文字。",
            "Invisible control character {codepoint}; delete it and retype the text."),
    }),
    "update-frequency-unknown": VOCABULARY_UNKNOWN,
    "utf8-bom": warning(
        "文件开头有 BOM 标记，已忽略。建议保存为“UTF-8 无 BOM”。",
        "The file starts with a byte-order mark, which was ignored; save as UTF-8 without BOM."),
    "view-data-inline": error(variants={
        "datasets": (
            "图表只能使用本数据集资源中的数据，spec 中不能写 datasets。请删除这一项。",
            "A chart draws only its resource's data; remove 'datasets'."),
        "generator": (
            "图表只能使用本数据集资源中的数据，spec 中不能再写 {key}（包括 sequence、graticule、sphere、values 和 url）。请删除这一项；需要的数据请放进资源的 CSV 文件。",
            "A chart draws only its resource's data; remove '{key}' (generators, values, urls)."),
    }),
    "view-data-too-large": error(
        "图表要用的数据超过 {value} MB（资源中有很长的文字格子）。图表会拿到资源的每一列：请为图表另建一个只含所需列的汇总资源。",
        "The chart's data is over {MAX_CHART_DATA_BYTES} bytes; chart a smaller summary resource."),
    "view-description-missing": error(
        "图表缺少 description（文字说明）。看不到图的读者（读屏软件用户）只能读到这段话：请用一两句话写出图表要说明的结论和关键数字。",
        "The view needs a description: the text alternative for screen-reader users."),
    "view-expression-unsafe": error(
        "图表表达式中不能使用 {function}() 函数：它可以生成任意长的数组或文字，使图表无法绘制。请改用数据中的值。",
        "The expression function {function}() is not allowed in charts."),
    "view-field-unknown": error(
        "图表用到的字段“{used}”不在资源“{name}”中。可用字段：{known}。",
        "The view uses field '{used}', which the resource does not have."),
    "view-font-missing": error(
        "图表“{name}”无法绘制：{detail}。",
        "The chart '{name}' cannot be drawn: its font, Noto Sans CJK SC (Regular and Bold), is not installed; install fonts-noto-cjk or name the font's folder in GONGKAI_CHART_FONT_DIRS."),
    "view-format-too-wide": error(
        "数字格式“{format}”要求把每个标签补齐到 {width} 个字符。请删除格式中的宽度数字。",
        "The format '{format}' pads every label to {width} characters."),
    "view-name-invalid": error(variants={
        "": NAME_INVALID.texts[""],
        "missing": (
            "图表要有 name，用于区分同一页面上的多个图表：{reason}",
            "{reason_en}"),
    }),
    "view-name-reserved": NAME_RESERVED,
    "view-number-invalid": error(
        "“{key}”的数值太大，不是有限的数。",
        "'{key}' is not a finite number."),
    "view-render-cancelled": error(
        "图表“{name}”的绘制被中止。",
        "Drawing the chart '{name}' was cancelled."),
    "view-render-crashed": error(
        "绘制图表“{name}”时用尽了内存上限（{memory_mb} MB）或绘图程序出错，已停止。请减少数据、变换生成的行数或图表尺寸。",
        "Drawing the chart '{name}' ran out of its {memory_mb} MB memory or the chart engine failed."),
    "view-render-failed": error(
        "图表“{name}”无法绘制（{detail}）。请简化图表。",
        "The chart '{name}' could not be drawn ({detail})."),
    "view-render-timeout": error(
        "图表“{name}”在 {seconds} 秒内没有画完，已停止。请减少数据行数、分组、刻度或图表尺寸，或先汇总数据。",
        "The chart '{name}' was not drawn within {seconds} s; reduce its data, groups, ticks or size."),
    "view-resource-unknown": error(
        "图表引用的数据资源“{resource_name}”不存在。请写 resources: [资源名]，资源名见上面的 resources。",
        "The view's resource '{resource_name}' does not exist."),
    "view-rows-generated": error(variants={
        "impute": (
            "这里的 impute 会补出约 {made:,} 行数据，上限是 {MAX_CHART_GENERATED_ROWS:,} 行。请缩小 keyvals 的范围。",
            "This impute makes about {made} rows; the limit is {MAX_CHART_GENERATED_ROWS}."),
        "transform": (
            "这一步变换（{step}）会生成约 {count:,} 行数据，上限是 {MAX_CHART_GENERATED_ROWS:,} 行：图表会耗尽内存。请减少 steps/分组，或先汇总数据。",
            "This transform makes about {count} rows; the limit is {MAX_CHART_GENERATED_ROWS}."),
    }),
    "view-rows-truncated": warning(
        "图表只使用了前 {MAX_CHART_ROWS} 行数据。静态图表适合小数据；请先汇总数据再作图。",
        "The chart uses only the first {MAX_CHART_ROWS} rows."),
    "view-spec-invalid": error(variants={
        "missing": (
            "图表缺少 spec（Vega-Lite 图表定义），或 spec 不是映射。",
            "The view needs a Vega-Lite spec mapping."),
        "render": (
            "图表无法生成：{detail}。请对照 Vega-Lite 文档检查 spec。",
            "The chart could not be rendered: {detail}."),
    }),
    "view-spec-type": error(
        "图表的 specType 必须是 vega-lite。",
        "specType must be vega-lite."),
    "view-svg-too-large": error(
        "图表“{name}”画出来有 {size_mb} MB，超过上限 {limit_mb} MB（图表直接嵌在网页里）。请减少数据点或先汇总数据。",
        "The chart '{name}' is {size_mb} MB; the limit is {limit_mb} MB."),
    "view-too-large": error(
        "图表尺寸“{size}”超过 {MAX_CHART_PX} 像素。网页上的图表通常宽 640 像素左右；请改小这个数值。",
        "'{size}' is over {MAX_CHART_PX} pixels; make the chart smaller."),
    "view-too-many-marks": error(
        "“{key}”是 {value:g}，上限是 {most}。太多的分组或刻度会让图表无法绘制，也无法阅读。",
        "'{key}' is {value:g}; the limit is {most}."),
    "view-too-many-parts": error(
        "这个图表由约 {views} 个子图组成（layer、concat、repeat、facet），上限是 {MAX_CHART_VIEWS} 个。请拆成几个图表，或减少分面的类别。",
        "The chart has about {views} sub-views; the limit is {MAX_CHART_VIEWS}."),
    "view-too-wide": error(
        "图表“{name}”画出来是 {size_px} 像素，超过上限 {limit_px} 像素。请减小 width/height/step，或减少类别。",
        "The chart '{name}' is {size_px} px; the limit is {limit_px} px."),
    "views-too-many": error(
        "这个数据集有 {n_items} 个图表，上限是 {MAX_VIEWS_PER_DATASET} 个（它们都在同一个网页上）。请只保留最重要的几个。",
        "The dataset has {n_items} views; the limit is {MAX_VIEWS_PER_DATASET}."),
    "vocabularies-shape": error(variants={
        "frequency": (
            "更新频率的每一项都要有 value 和 title，days/months 为整数。",
            "Each update frequency needs value and title; days/months are integers."),
        "list": (
            "“{key}”应当是一个文字列表，如 [甲, 乙]。",
            "'{key}' must be a list of strings."),
        "search": (
            "“search”下只能有 synonyms（同义词组）、question_words（提问用词）和 action_words（办事用词）三项，每项是一个列表。",
            "'search' holds only 'synonyms', 'question_words' and 'action_words', each a list."),
        "search-word": (
            "搜索用词应当是 1 至 {SEARCH_WORD_LIMIT} 个字的文字。",
            "A search word must be text of 1 to {SEARCH_WORD_LIMIT} characters."),
        "synonym-repeated": (
            "同一组同义词中有重复的词，请删去重复的。",
            "A synonym group repeats a word."),
        "synonyms": (
            "每组同义词应当是至少两个词的列表，如 [低保, 最低生活保障]。",
            "Each synonym group must be a list of at least two words."),
        "top": (
            "词表文件的最外层应当是“名称: 列表”的映射。",
            "The vocabularies file must be a mapping of names to lists."),
    }),
    "workdays-both": error(
        "{day} 同时写在放假日期和调休上班日期中，请删掉其中一处。",
        "{day} is listed both as a holiday and as a working day."),
    "workdays-not-weekend": error(
        "{day} 是星期{weekday}，本来就是工作日；workdays 只写调休上班的周六、周日。",
        "{day} is a weekday; 'workdays' lists only weekend days worked."),
    "workdays-shape": error(variants={
        "dates": (
            "“{name}”应当是日期列表，例如 [{year}-10-01, {year}-10-02]。",
            "'{name}' must be a list of dates."),
        "top": (
            "工作日历文件应当只有一项“years:”，下面按年份写放假和调休安排（见文件开头的说明）。",
            "The file must hold one key, 'years:', with one entry per year."),
        "year": (
            "{year} 年应当写 source、holidays 和 workdays 三项。",
            "{year} needs source, holidays and workdays."),
        "years": (
            "“years”下面应当按年份写，例如“2027:”。",
            "'years' must map years to arrangements."),
    }),
    "workdays-source": error(
        "{year} 年缺少 source：请写明放假安排通知的文号，例如“国办发明电〔2024〕12号”。",
        "{year} needs 'source': the notice the arrangement comes from."),
    "workdays-unknown-year": error(
        "计算{what}需要 {year} 年的工作日，但不知道 {year} 年的法定节假日和调休安排。请按国务院办公厅发布的{year}年部分节假日安排通知，在 {OVERRIDES_FILE} 中补充这一年（写法见文件开头的说明），或者升级 chinese-calendar。",
        "Working days of {year} are needed ({what}) but its holiday arrangement is unknown; add it to {OVERRIDES_FILE} or upgrade chinese-calendar."),
    "workdays-wrong-year": error(
        "{day} 不在 {year} 年，请写到对应的年份下。",
        "{day} is not in {year}."),
    "workdays-year": error(
        "“{key}”不是四位数的年份。",
        "'{key}' is not a four-digit year."),
    "written-after-published": error(
        "成文日期 {written} 晚于发布日期 {published}。文件要先成文才能发布，请核对两个日期。",
        "written ({written}) is after published ({published})."),
    "xlsx-cell-too-long": warning(
        "这一格超过 Excel 单元格的上限 {EXCEL_MAX_CELL_CHARS:,} 个字符：网站提供的 XLSX 中只保留前面的部分，并注明“内容过长已截断，完整内容见 CSV”；CSV 和 JSON 中是完整内容，网页上也会说明。（本文件共 {long_cells:,} 个这样的格子。）",
        "This cell is longer than Excel's {EXCEL_MAX_CELL_CHARS} characters: the XLSX download cuts it, with a note; CSV and JSON keep it whole ({long_cells} such cells in this file)."),
    "xlsx-not-offered": warning(
        "这个资源不提供 XLSX 下载：{why}如需提供，请把数据拆成几个较小的资源。",
        "No XLSX download for this resource: it could exceed the limits (estimated up to {bound} bytes, or too many rows for Excel)."),
    "yaml-alias": error(
        "不允许使用 YAML 别名（*名称）。请把要重复的内容直接写出来。",
        "YAML aliases (*name) are not allowed; write the value out in full."),
    "yaml-anchor": error(
        "不允许使用 YAML 锚点（&{anchor}）。请删除“&{anchor}”，把内容直接写出来。",
        "YAML anchors (&{anchor}) are not allowed; write the value out in full."),
    "yaml-complex-key": error(
        "键必须是简单的文字，不能是列表或映射。请检查这一行的写法。",
        "A key must be plain text, not a list or mapping."),
    "yaml-duplicate-key": error(
        "键“{key}”重复出现（第一次在第 {first_line} 行）。同一个键只能写一次，请删掉或合并其中一处。",
        "Key '{key}' appears twice (first on line {first_line}); keep only one."),
    "yaml-fullwidth-colon": error(
        "“{key}”后面的冒号是全角的“：”。项目名和值之间要用英文输入法下的半角冒号“:”再加一个空格，请改成“{fix}”。",
        "Full-width colon '：' after the key '{key}'; write an ASCII colon and a space: '{key}: value'."),
    "yaml-multiple-documents": error(
        "这里只能有一个 YAML 文档，却出现了第二个（多余的“---”）。请删除多余的分隔线。",
        "Only one YAML document is allowed here; remove the extra '---'."),
    "yaml-syntax": error(variants={
        "character": (
            "YAML 中有不允许的字符（控制字符等）。请删除这些不可见字符后重新保存。",
            "The YAML contains a forbidden (control) character; remove it."),
        "syntax": (
            "YAML 格式错误（{detail}）。请检查这一行及上一行的冒号、引号、缩进和列表符号“- ”。",
            "YAML syntax error ({detail}); check colons, quotes, indentation and '- ' list marks."),
    }),
    "yaml-tab": error(
        "这一行用了 Tab 键缩进或对齐；YAML 只能用空格。请把 Tab 换成空格。",
        "This line uses a tab; YAML allows only spaces for indentation."),
    "yaml-tag": error(
        "不允许使用 YAML 标签（{tag}）。请删除标签，直接写值。",
        "YAML tags ({tag}) are not allowed; remove the tag and write the plain value."),
    "yaml-too-deep": error(
        "嵌套层次太深（超过 {MAX_DEPTH} 层）。请简化这段内容的结构。",
        "Nesting deeper than {MAX_DEPTH} levels; simplify the structure."),
}

