// The page's shell: who is signed in (header), the sign-in form, and the hash router that
// hands #/… routes to their views. Every view is `render(main, params, me)`, returning an
// optional clean-up function called when the route changes.

import { api, get, h, ApiError } from './api.js';
import { ROLES, label } from './labels.js';
import * as upload from './upload.js';
import * as list from './list.js';
import * as dossier from './dossier.js';
import * as compare from './compare.js';
import * as stats from './stats.js';
import * as digests from './digests.js';

const main = document.getElementById('app');
let me = null;
let cleanup = null;

const ROUTES = [
  [/^#\/upload$/, upload.render],
  [/^#\/dossiers$/, list.render],
  [/^#\/dossiers\/(\d+)$/, dossier.render],
  [/^#\/dossiers\/(\d+)\/compare$/, compare.render],
  [/^#\/stats$/, stats.render],
  [/^#\/digests$/, digests.render],
];

async function whoami() {
  try {
    me = await get('/api/me');
  } catch (e) {
    if (!(e instanceof ApiError) || e.status !== 401) throw e;
    me = null;
  }
  showHeader();
  return me;
}

function showHeader() {
  const who = document.getElementById('who');
  const nav = document.getElementById('nav');
  const logout = document.getElementById('logout');
  who.replaceChildren();
  nav.hidden = !me;
  logout.hidden = !me;
  if (!me) return;
  who.append(
    h('span', { class: 'user', id: 'who-user' }, me.username),
    h('span', { class: 'unit', id: 'who-unit' }, me.unit ? '单位：' + me.unit : '全部单位'),
    h('span', { class: 'role', id: 'who-role' }, label(ROLES, me.role)),
  );
  nav.querySelector('[data-nav=upload]').hidden = !['officer', 'unit_legal'].includes(me.role);
  // Officers do not receive the digest and the API will not show them the archive.
  nav.querySelector('[data-nav=digests]').hidden = me.role === 'officer';
}

function loginView() {
  const err = h('p', { class: 'error', id: 'login-error', role: 'alert' });
  const form = h('form', { class: 'login', id: 'login-form' },
    h('h1', {}, '登录'),
    h('label', {}, '用户名', h('input', { name: 'username', id: 'username', autocomplete: 'username', required: true, autofocus: true })),
    h('label', {}, '密码', h('input', { name: 'password', id: 'password', type: 'password', autocomplete: 'current-password', required: true })),
    h('button', { type: 'submit', id: 'login-submit' }, '登录'),
    err,
  );
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    err.textContent = '';
    try {
      await api('POST', '/api/session', { username: form.username.value.trim(), password: form.password.value });
      await whoami();
      location.hash = me && ['officer', 'unit_legal'].includes(me.role) ? '#/upload' : '#/dossiers';
    } catch (e) {
      err.textContent = e.code === 'bad_credentials' ? '用户名或密码错误' : '登录失败：' + e.message;
    }
  });
  main.replaceChildren(form);
}

async function route() {
  if (cleanup) { try { cleanup(); } catch (_) { /* a view's clean-up must not block the next */ } }
  cleanup = null;
  const hash = location.hash || '#/dossiers';
  if (hash === '#/login') { loginView(); return; }
  if (!me && !(await whoami())) { location.hash = '#/login'; return; }
  for (const a of document.querySelectorAll('#nav a')) {
    a.classList.toggle('active', hash.startsWith(a.getAttribute('href')));
  }
  const path = hash.split('?')[0];
  for (const [re, view] of ROUTES) {
    const m = path.match(re);
    if (m) {
      const params = Object.fromEntries(new URLSearchParams(hash.split('?')[1] || ''));
      main.replaceChildren(h('p', { class: 'muted' }, '加载中…'));
      cleanup = (await view(main, m.slice(1), me, params)) || null;
      return;
    }
  }
  main.replaceChildren(h('p', { class: 'error' }, '没有这个页面。'));
}

document.getElementById('logout').addEventListener('click', async () => {
  try { await api('DELETE', '/api/session'); } catch (_) { /* signed out either way */ }
  me = null;
  showHeader();
  location.hash = '#/login';
});

window.addEventListener('hashchange', route);
route();
