#!/usr/bin/env bash
# The Debian packages `make test` needs besides Python: Chromium (the browser tests), a Java runtime
# (the Nu Html Checker), Node.js and npm (the pinned axe-core and vnu-jar; Pagefind's search run in
# Node) and CJK fonts (pages are measured and photographed with real Chinese glyphs).
# Run as root (as CI is), it installs the missing ones; otherwise it prints the one command to run
# and fails, so make stops before any test starts. Silent when nothing is missing.
set -euo pipefail

missing=()
why=()
need() {  # need PACKAGE... REASON: the packages, all missing together, and what they are for
  local reason="${*: -1}"
  missing+=("${@:1:$#-1}")
  why+=("${1}（${reason}）")
}

has_cjk_font() {  # grep reads to the end (no -q): an early exit would fail the pipe under pipefail
  if command -v fc-list >/dev/null 2>&1; then
    fc-list : family 2>/dev/null | grep -i "Noto Sans CJK" >/dev/null
  else
    dpkg-query -W -f='${Status}' fonts-noto-cjk 2>/dev/null | grep "ok installed" >/dev/null
  fi
}

command -v chromium >/dev/null 2>&1 || need chromium "浏览器测试"
command -v java >/dev/null 2>&1 || need default-jre-headless "HTML 检查用的 Java"
{ command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1; } || need nodejs npm "Node.js 和 npm"
has_cjk_font || need fonts-noto-cjk "中文字体"

[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -eq 0 ]; then
  echo "正在安装测试需要的系统软件包：${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  exit 0
fi

{
  joined=$(printf '%s、' "${why[@]}")
  echo "make test 还需要这台电脑上没有的系统软件包：${joined%、}。"
  echo "请用管理员权限运行下面这条命令安装，然后再运行 make test："
  echo "  sudo apt-get install -y --no-install-recommends ${missing[*]}"
} >&2
exit 1
