"""`gongkai edit`: the editor at /admin/, Decap's proxy API at /api/v1 and the live preview at
/preview/, on 127.0.0.1 and one port, for a clerk's own computer.

Only requests addressed to this server by its own name get in: the Host header must be
127.0.0.1:<port> or localhost:<port> (DNS rebinding), and a request that carries an Origin, which
every write from a browser does, must come from the same origin (other web pages posting to it).
"""

from __future__ import annotations

import json
import mimetypes
import sys
import time
import traceback
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

from . import bundle, gitrepo, paths
from . import config as editor_config
from .preview import Preview
from .proxy import MAX_UPLOAD_BYTES, Proxy, Refused, check_epoch
from .reuse import Reuse
from .validate import Checker

API = "/api/v1"
STATUS = "/api/gongkai/status"
PREVIEW = "/preview/"
ADMIN = "/admin/"
SECURITY_HEADERS = {"X-Content-Type-Options": "nosniff", "Referrer-Policy": "same-origin",
                    "X-Frame-Options": "SAMEORIGIN", "Cross-Origin-Resource-Policy": "same-origin"}


class EditorServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, root: Path, port: int = 8080, *, max_upload: int = MAX_UPLOAD_BYTES, full_check: bool = False,
                 live_preview: bool = True):
        self.root = root.resolve()
        work = self.root / ".cache" / "gongkai-editor"
        work.mkdir(parents=True, exist_ok=True)
        self.assets = {asset.name: asset for asset in bundle.admin_assets()}  # verified once, here
        self.preview = Preview(self.root, work / "preview")
        self.checker = Checker(self.root, work, reuse=None if full_check else Reuse())
        self.live_preview = live_preview
        self.proxy = Proxy(self.root, self.checker, self.preview if live_preview else None, max_upload=max_upload)
        self.max_request = max_upload * 4 // 3 + 1024 * 1024
        super().__init__(("127.0.0.1", port), Handler)
        self.port = self.server_address[1]
        self.origins = {f"http://127.0.0.1:{self.port}", f"http://localhost:{self.port}"}
        self.hosts = {f"127.0.0.1:{self.port}", f"localhost:{self.port}"}

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}{ADMIN}"

    def config_text(self) -> bytes:
        inputs, problems = editor_config.load_inputs(self.root)
        if inputs is None:
            raise Refused(500, "站点的表结构有错误，无法生成编辑器：" + "；".join(p.message for p in problems if p.is_error)[:500])
        backend = {"name": "proxy", "proxy_url": API, "branch": gitrepo.branch(self.root)}
        config = editor_config.decap_config(inputs, backend, site_url=PREVIEW, local=True)
        return editor_config.render(config).encode("utf-8")

    def status(self, author) -> dict:
        return {"preview": self.preview.status() if self.live_preview else None, "decap": bundle.version(),
                "author": {"name": author.name, "email": author.email, "source": author.source} if author else None,
                "author_needed": author is None}


class Handler(BaseHTTPRequestHandler):
    server: EditorServer
    server_version = "gongkai-edit"
    sys_version = ""
    protocol_version = "HTTP/1.1"

    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass

    # -- who may ask --

    def _refuse_foreign(self) -> bool:
        host = (self.headers.get("Host") or "").lower()
        origin = self.headers.get("Origin")
        if host not in self.server.hosts:
            self._send_json(403, {"error": "拒绝访问：请求的主机名不是本编辑器（只接受 127.0.0.1 或 localhost）。"})
            return True
        if origin is not None and origin.lower() not in self.server.origins:
            self._send_json(403, {"error": "拒绝访问：请求来自其他网页。"})
            return True
        if self.headers.get("Sec-Fetch-Site") == "cross-site" and self.command != "GET":
            self._send_json(403, {"error": "拒绝访问：请求来自其他网站。"})
            return True
        return False

    def _author(self):
        author = gitrepo.configured_author(self.server.root)
        if author is None:
            author = gitrepo.form_author(unquote(self.headers.get("X-Gongkai-Author-Name", "")),
                                         unquote(self.headers.get("X-Gongkai-Author-Email", "")))
        return author

    # -- methods --

    def do_GET(self):
        self._get(head=False)

    def do_HEAD(self):
        self._get(head=True)

    def do_POST(self):
        if self._refuse_foreign():
            return
        path = urlsplit(self.path).path
        if path != API:
            return self._send_json(404, {"error": "没有这个接口。"})
        if self.headers.get("Origin") is None:
            return self._send_json(403, {"error": "拒绝访问：写入请求必须来自编辑器页面。"})
        if (self.headers.get("Content-Type") or "").split(";")[0].strip().lower() != "application/json":
            return self._send_json(415, {"error": "请求必须是 JSON。"})
        try:
            length = int(self.headers.get("Content-Length") or "-1")
        except ValueError:
            length = -1
        if length < 0:
            return self._send_json(411, {"error": "请求缺少长度。"})
        if length > self.server.max_request:
            self.close_connection = True
            return self._send_json(413, {"error": f"上传的内容太大（上限 {self.server.proxy.max_upload / 1048576:g} MB）。"})
        body = self.rfile.read(length)
        try:
            payload = json.loads(body.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError):
            return self._send_json(400, {"error": "请求不是有效的 JSON。"})
        try:
            result = self.server.proxy.handle(payload, self._author())
        except Refused as exc:
            return self._send_json(exc.status, {"error": exc.message, "problems": exc.problems_json()})
        except Exception:  # a bug: say so in Chinese, details only on the clerk's own console
            traceback.print_exc(file=sys.stderr)
            return self._send_json(500, {"error": "编辑器服务出错，没有保存任何内容。请把命令行窗口中的错误信息发给技术人员。"})
        if isinstance(result, dict) and result.get("commit"):
            sys.stderr.write(f"{result['message']}（检查用时 {result.get('check_seconds')} 秒）\n")
        self._send_json(200, result)

    def do_PUT(self):
        self._send_json(405, {"error": "不支持的请求方法。"})

    do_DELETE = do_PATCH = do_OPTIONS = do_PUT

    def _get(self, head: bool):
        if self._refuse_foreign():
            return
        path = urlsplit(self.path).path
        if path in ("/", "/admin"):
            return self._redirect(ADMIN)
        if path == "/favicon.ico":
            return self._send(204, b"", "image/x-icon", head=True)
        if path == STATUS:
            return self._send_json(200, self.server.status(self._author()), head=head)
        if path.startswith(ADMIN):
            return self._admin(path[len(ADMIN):], head)
        if path == "/preview":
            return self._redirect(PREVIEW)
        if path.startswith(PREVIEW):
            return self._preview(unquote(path[len(PREVIEW):]), head)
        self._send_json(404, {"error": "没有这个页面。编辑器在 /admin/。"}, head=head)

    def _admin(self, name: str, head: bool):
        if name == "":
            name = "index.html"
        if name == "config.yml":
            try:
                data = self.server.config_text()
            except Refused as exc:
                return self._send_json(exc.status, {"error": exc.message}, head=head)
            return self._send(200, data, "text/yaml; charset=utf-8", head=head, cache=False)
        asset = self.server.assets.get(name)
        if asset is None:
            return self._send_json(404, {"error": "没有这个文件。"}, head=head)
        self._send(200, asset.path.read_bytes(), asset.content_type, head=head, cache=False)

    def _preview(self, rel: str, head: bool):
        output = self.server.preview.output
        if not output.is_dir():
            return self._send(503, "网页预览正在生成，请稍候刷新。".encode(), "text/plain; charset=utf-8", head=head)
        try:
            if rel:
                rel = rel.rstrip("/") if rel.endswith("/") else rel
                paths.checked(rel, tops=(rel.split("/")[0],))
            target = paths.no_links(output, rel) if rel else output
        except paths.PathRefused:
            return self._send(404, b"", "text/plain; charset=utf-8", head=head)
        if target.is_dir():
            if not self.path.split("?")[0].endswith("/"):
                return self._redirect(quote(PREVIEW + rel + "/"))
            target = target / "index.html"
        if not target.is_file() or target.is_symlink():
            page = output / "404.html"
            data = page.read_bytes() if page.is_file() else b""
            return self._send(404, data, "text/html; charset=utf-8", head=head)
        kind = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        if kind.startswith("text/") or kind in ("application/javascript", "application/json", "image/svg+xml"):
            kind += "; charset=utf-8"
        self._send(200, target.read_bytes(), kind, head=head, cache=False)

    # -- answers --

    def _redirect(self, location: str):
        self.send_response(302)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _send_json(self, status: int, payload, head: bool = False):
        data = json.dumps(payload, ensure_ascii=False).encode("utf-8")
        self._send(status, data, "application/json; charset=utf-8", head=head, cache=False)

    def _send(self, status: int, data: bytes, content_type: str, *, head: bool = False, cache: bool = True):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        for name, value in SECURITY_HEADERS.items():
            self.send_header(name, value)
        if not cache:
            self.send_header("Cache-Control", "no-store")
        self.end_headers()
        if not head:
            self.wfile.write(data)


def serve(root: Path, port: int = 8080, *, open_browser: bool = True, full_check: bool = False, stream=None) -> int:
    """Run the editor until Ctrl+C. Returns the exit code."""
    stream = stream or sys.stderr
    root = root.resolve()
    if not gitrepo.is_repository(root):
        stream.write(f"{root} 不是 git 仓库的根目录。编辑器把每次保存记入 git，请在站点仓库的根目录运行。\n")
        return 2
    try:
        server = EditorServer(root, port, full_check=full_check)
    except bundle.BundleError as exc:
        stream.write(f"{exc}\n")
        return 1
    except OSError as exc:
        stream.write(f"无法在 127.0.0.1:{port} 启动编辑器（{exc.strerror}）。端口可能被占用，请用 --port 换一个。\n")
        return 1
    stream.write("正在检查全部内容……\n")
    stream.flush()
    # Before any other thread exists: a big catalogue is read on every core (forked processes).
    started = time.perf_counter()
    server.checker.baseline(check_epoch(root, int(time.time())))
    stream.write(f"检查完成（{time.perf_counter() - started:.1f} 秒）。\n")
    server.preview.request()
    stream.write(f"编辑器已启动：{server.url}\n网页预览：http://127.0.0.1:{server.port}{PREVIEW}（每次保存后自动重新生成）\n"
                 "只有本机可以访问。按 Ctrl+C 停止。\n")
    stream.flush()
    if open_browser:
        import webbrowser

        webbrowser.open(server.url)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        stream.write("编辑器已停止。\n")
    finally:
        server.server_close()
    return 0
