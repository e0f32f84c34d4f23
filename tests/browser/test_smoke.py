"""The browser harness itself: Chromium opens the sample home page from the local server."""

import pytest

pytestmark = pytest.mark.browser


def test_home_page_renders_in_chromium(open_page):
    recorder = open_page()
    response = recorder.goto("/")
    assert response.status == 200
    assert recorder.page.locator("html").get_attribute("lang") == "zh-CN"
    assert recorder.page.title().startswith("首页")


def test_unknown_url_gets_the_chinese_404(open_page):
    recorder = open_page()
    response = recorder.goto("/no/such/page/")
    assert response.status == 404
    assert "没有找到这个页面" in recorder.page.content()
