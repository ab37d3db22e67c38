// Lists: an officer's own dossiers (or his unit's), a unit's review queue, all units' for the
// bureau.
// Filters and sort live in the hash (#/dossiers?status=done&sort=deduction_desc&page=2), so a
// list can be bookmarked and the back button works; the server filters, sorts and pages
// (50 a page), so 10,000 dossiers cost what 50 do.

import { get, h, query, fmtTime, fmtPoints } from './api.js';
import { CATEGORIES, DOSSIER_STATUS, label } from './labels.js';

const PER_PAGE = 50;

const COLUMNS = [
  ['case_number', '案件编号', 'case_number'],
  ['case_name', '案件名称', null],
  ['unit', '单位', null],
  ['officer', '主办民警', null],
  ['version', '版本', null],
  ['status', '状态', null],
  ['defects', '问题', 'defects_desc'],
  ['deduction', '扣分', 'deduction_desc'],
  ['created_at', '上传时间', 'created_desc'],
];

export async function render(main, _m, me, params) {
  const p = { page: '1', sort: 'created_desc', ...params };
  // An officer starts on the dossiers he uploaded (the officer field defaults to the
  // uploader); `all=1` shows his whole unit's, which the server would let him read anyway.
  const officerView = me.role === 'officer';
  if (officerView && p.all !== '1' && !p.officer) p.officer = me.username;
  const go = (changes) => {
    const next = { ...p, ...changes };
    location.hash = '#/dossiers' + query(next);
  };
  const mine = officerView && p.officer === me.username;
  const title = officerView ? (mine ? '我的卷宗' : '本单位卷宗') : me.unit ? '本单位审核队列' : '全部单位审核队列';

  const select = (name, options, all) => h('select', { name, id: 'f-' + name },
    h('option', { value: '' }, all),
    Object.entries(options).map(([v, t]) => h('option', { value: v, selected: p[name] === v }, t)));
  const input = (name, attrs) => h('input', { name, id: 'f-' + name, value: p[name] || '', ...attrs });
  const filters = h('form', { class: 'filters', id: 'filters' },
    me.unit ? null : h('label', {}, '单位', input('unit', { size: 8 })),
    h('label', {}, '状态', select('status', DOSSIER_STATUS, '全部')),
    h('label', {}, '问题类别', select('category', CATEGORIES, '全部')),
    h('label', {}, '主办民警', input('officer', { size: 8 })),
    h('label', {}, '案件编号', input('case_number', { size: 10 })),
    h('label', {}, '自', input('from', { type: 'date' })),
    h('label', {}, '至', input('to', { type: 'date' })),
    h('button', { type: 'submit' }, '筛选'),
    h('button', { type: 'button', onclick: () => { location.hash = '#/dossiers'; } }, '清除'),
    officerView ? h('button', { type: 'button', id: 'toggle-mine', onclick: () => go(mine ? { all: '1', officer: '', page: '1' } : { all: '', officer: me.username, page: '1' }) },
      mine ? '查看本单位全部' : '只看我的') : null,
  );
  filters.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const changes = { page: '1' };
    for (const el of filters.elements) if (el.name) changes[el.name] = el.value.trim();
    if (officerView) changes.all = changes.officer ? '' : '1';
    go(changes);
  });

  const body = h('tbody');
  const table = h('table', { class: 'list', id: 'dossier-list' },
    h('thead', {}, h('tr', {}, COLUMNS.map(([, text, sort]) => h('th', {},
      sort
        ? h('a', { href: '#', class: p.sort === sort ? 'sorted' : '', onclick: (e) => { e.preventDefault(); go({ sort, page: '1' }); } },
          text, p.sort === sort ? ' ▼' : '')
        : text)))),
    body);
  const pager = h('div', { class: 'pager', id: 'pager' });
  main.replaceChildren(h('section', { class: 'page-list' }, h('h1', {}, title), filters, table, pager));

  const r = await get('/api/dossiers' + query({
    unit: p.unit, status: p.status, category: p.category, officer: p.officer,
    case_number: p.case_number, from: p.from, to: p.to, sort: p.sort, page: p.page, per_page: PER_PAGE,
  }));
  for (const d of r.items) {
    body.append(h('tr', { dataset: { id: d.id }, class: 'status-' + d.status, onclick: () => { location.hash = '#/dossiers/' + d.id; } },
      h('td', {}, h('a', { href: '#/dossiers/' + d.id }, d.case_number)),
      h('td', {}, d.case_name),
      h('td', {}, d.unit),
      h('td', {}, d.officer),
      h('td', { class: 'num' }, d.version > 1 ? h('a', { href: `#/dossiers/${d.id}/compare`, title: '与上一版本对比' }, '第' + d.version + '版') : '1'),
      h('td', {}, label(DOSSIER_STATUS, d.status)),
      h('td', { class: 'num' }, d.status === 'done' ? d.defects : ''),
      h('td', { class: 'num' }, d.status === 'done' ? fmtPoints(d.deduction) : ''),
      h('td', {}, fmtTime(d.created_at))));
  }
  if (!r.items.length) body.append(h('tr', {}, h('td', { colspan: COLUMNS.length, class: 'muted' }, '没有符合条件的卷宗。')));
  const pages = Math.max(1, Math.ceil(r.total / PER_PAGE));
  const page = Number(r.page);
  pager.append(
    h('span', { id: 'list-total' }, `共 ${r.total} 份，第 ${page} / ${pages} 页`),
    h('button', { type: 'button', disabled: page <= 1, onclick: () => go({ page: String(page - 1) }) }, '上一页'),
    h('button', { type: 'button', disabled: page >= pages, onclick: () => go({ page: String(page + 1) }) }, '下一页'),
    pages > 2 ? h('label', {}, '跳至第 ', jump(page, pages, go), ' 页') : null,
  );
}

// A page number box for long lists (10,000 dossiers are 200 pages).
function jump(page, pages, go) {
  const box = h('input', { type: 'number', id: 'page-jump', min: '1', max: String(pages), value: String(page), size: 4 });
  box.addEventListener('change', () => {
    const n = Math.min(Math.max(1, Math.round(Number(box.value) || 1)), pages);
    go({ page: String(n) });
  });
  return box;
}
