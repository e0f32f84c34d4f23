/* Gongkai's additions to the Decap editor, loaded before decap-cms.js:
 * - show the answer of our check to a save (every problem with its field, in Chinese) until the
 *   clerk closes it, since Decap's own notice disappears after a few seconds;
 * - ask for the clerk's name and e-mail when git does not know an author, and send them along;
 * - say whether the live preview is up to date.
 * Only the local editor (`gongkai edit`) answers /api/gongkai/status; on a remote host this file
 * only starts Decap.
 */
(function () {
  'use strict';
  var API = '/api/v1';
  var STATUS = '/api/gongkai/status';
  var WRITES = { persistEntry: 1, persistMedia: 1, deleteFile: 1, deleteFiles: 1 };
  var AUTHOR_KEY = 'gongkai-author';
  var realFetch = window.fetch.bind(window);
  var sections = {};
  var panel = null;

  window.CMS_MANUAL_INIT = true;

  function storedAuthor() {
    try {
      var value = JSON.parse(window.localStorage.getItem(AUTHOR_KEY) || 'null');
      return value && value.name && value.email ? value : null;
    } catch (e) {
      return null;
    }
  }

  function element(tag, attributes, text) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (name) { node.setAttribute(name, attributes[name]); });
    if (text) { node.textContent = text; }
    return node;
  }

  function section(name, role) {
    if (!panel) {
      panel = element('aside', { id: 'gongkai-panel', 'aria-label': '保存检查与网页预览' });
      document.body.appendChild(panel);
    }
    if (!sections[name]) {
      sections[name] = element('section', { 'data-gongkai': name });
      panel.appendChild(sections[name]);
    }
    var node = sections[name];
    node.textContent = '';
    node.hidden = false;
    if (role) { node.setAttribute('role', role); } else { node.removeAttribute('role'); }
    return node;
  }

  function hide(name) {
    if (sections[name]) { sections[name].hidden = true; }
  }

  function problemList(problems) {
    var list = element('ul');
    problems.forEach(function (problem) {
      var item = element('li');
      if (problem.other_file) {
        item.appendChild(element('span', { 'class': 'gk-file' }, '另一文件 ' + problem.path + ' 中，'));
      }
      if (problem.label) {
        item.appendChild(element('span', { 'class': 'gk-field' }, problem.label + '：'));
      }
      item.appendChild(document.createTextNode(problem.message));
      list.appendChild(item);
    });
    return list;
  }

  function closeButton(name) {
    var button = element('button', { type: 'button' }, '知道了');
    button.addEventListener('click', function () { hide(name); });
    return button;
  }

  function showAnswer(response, payload) {
    if (!payload || typeof payload !== 'object') { return; }
    if (!response.ok) {
      var node = section('answer', 'alert');
      node.className = 'gk-error';
      node.appendChild(element('h2', {}, '没有保存：请按下面的提示修改'));
      if (payload.problems && payload.problems.length) {
        node.appendChild(problemList(payload.problems));
      } else if (payload.error) {
        node.appendChild(element('p', {}, payload.error));
      }
      node.appendChild(element('p', {}, '文件和修改记录都没有改动。'));
      node.appendChild(closeButton('answer'));
    } else if (payload.commit || payload.message) {
      var ok = section('answer', 'status');
      ok.className = 'gk-ok';
      ok.appendChild(element('h2', {}, payload.message || '已保存'));
      if (payload.warnings && payload.warnings.length) {
        ok.appendChild(element('p', {}, '以下提醒不影响发布，但建议修改：'));
        ok.appendChild(problemList(payload.warnings));
      }
      ok.appendChild(closeButton('answer'));
    }
  }

  function authorHeaders(init) {
    var author = storedAuthor();
    if (!author) { return init; }
    var headers = new Headers((init && init.headers) || {});
    headers.set('X-Gongkai-Author-Name', encodeURIComponent(author.name));
    headers.set('X-Gongkai-Author-Email', encodeURIComponent(author.email));
    return Object.assign({}, init || {}, { headers: headers });
  }

  window.fetch = function (input, init) {
    var url = new URL(typeof input === 'string' ? input : input.url, window.location.href);
    if (url.origin !== window.location.origin || url.pathname !== API) {
      return realFetch(input, init);
    }
    var action = '';
    try { action = JSON.parse(init && init.body).action; } catch (e) { action = ''; }
    return realFetch(input, authorHeaders(init)).then(function (response) {
      if (WRITES[action]) {
        response.clone().json().then(function (payload) { showAnswer(response, payload); }, function () {});
      }
      return response;
    });
  };

  function authorForm() {
    if (storedAuthor()) { return; }
    var node = section('author', 'region');
    node.appendChild(element('h2', {}, '请填写经办人'));
    node.appendChild(element('p', {}, '每次保存都会记入修改记录（git），需要写明经办人。只保存在本机浏览器中。'));
    var form = element('form');
    var name = element('input', { name: 'name', autocomplete: 'name', required: 'required' });
    var email = element('input', { name: 'email', type: 'email', autocomplete: 'email', required: 'required' });
    var nameLabel = element('label', {}, '姓名');
    nameLabel.appendChild(name);
    var emailLabel = element('label', {}, '电子邮箱');
    emailLabel.appendChild(email);
    form.appendChild(nameLabel);
    form.appendChild(emailLabel);
    form.appendChild(element('button', { type: 'submit' }, '确定'));
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      window.localStorage.setItem(AUTHOR_KEY, JSON.stringify({ name: name.value.trim(), email: email.value.trim() }));
      hide('author');
      poll();
    });
    node.appendChild(form);
  }

  function showPreview(preview) {
    var node = section('preview');
    var words = { building: '正在按最新内容重新生成……', ready: '已是最新内容', failed: '生成失败', idle: '尚未生成' };
    var line = element('p', {}, '网页预览：' + (words[preview.state] || preview.state));
    if (preview.state === 'ready') {
      line.appendChild(document.createTextNode('（用时 ' + preview.seconds + ' 秒） '));
      line.appendChild(element('a', { href: '/preview/', target: '_blank', rel: 'noopener' }, '打开网页预览'));
    }
    node.appendChild(line);
    if (preview.state === 'failed' && preview.message) {
      node.appendChild(element('p', {}, preview.message));
    }
  }

  function poll() {
    realFetch(STATUS, authorHeaders({ credentials: 'same-origin' })).then(function (response) {
      if (!response.ok) { return null; }
      return response.json();
    }).then(function (status) {
      if (!status) { return; }
      if (status.author_needed) { authorForm(); } else { hide('author'); }
      if (status.preview) { showPreview(status.preview); } else { hide('preview'); }
      window.setTimeout(poll, status.preview && status.preview.state === 'building' ? 1500 : 5000);
    }, function () {});
  }

  document.addEventListener('DOMContentLoaded', function () {
    window.CMS.init();
    poll();
  });
})();
