// Monthly statistics: per unit, per officer, per category, a 12-month trend (when the
// server sends one), the red-card
// list (officers whose average deduction per case is over 3 points), and exports.
//
// The figures come from `GET /api/stats?month=YYYY-MM`; the page reads the fields it knows
// and ignores the rest. Exports link to the server's `/api/stats/export`.

import { get, h, query, fmtPoints } from './api.js';
import { CATEGORIES, label } from './labels.js';

// This month in China Standard Time, the zone the statistics count in, whatever the
// browser's own clock zone.
function shanghaiMonth() {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit' }).formatToParts(new Date());
  const part = (type) => parts.find((p) => p.type === type).value;
  return `${part('year')}-${part('month')}`;
}

export async function render(main, _m, me, params) {
  const month = /^\d{4}-\d{2}$/.test(params.month || '') ? params.month : shanghaiMonth();
  const picker = h('input', { type: 'month', id: 'stats-month', value: month });
  picker.addEventListener('change', () => { if (picker.value) location.hash = '#/stats?month=' + picker.value; });
  const exports = h('span', { class: 'exports', id: 'exports' });
  const body = h('div', { class: 'stats-body', id: 'stats-body' }, h('p', { class: 'muted' }, '统计中…'));
  main.replaceChildren(h('section', { class: 'stats' },
    h('div', { class: 'stats-head' }, h('h1', {}, '月度统计'), h('label', {}, '月份 ', picker), exports,
      h('span', { class: 'muted' }, me.unit ? '范围：' + me.unit : '范围：全部单位'),
      h('span', { class: 'muted' }, '按上传月份统计已确认及未整改问题')),
    body));

  const s = normalise(await get('/api/stats' + query({ month })));
  exports.append(...exportButtons(s, month));
  body.replaceChildren(
    h('div', { class: 'cards' },
      card('卷宗', s.dossiers, 'stat-dossiers'),
      card('确认问题', s.confirmed, 'stat-confirmed'),
      card('扣分合计', fmtPoints(s.deduction), 'stat-deduction'),
      card('红牌民警', s.red_cards.length, 'stat-red')),
    h('div', { class: 'charts' },
      chart('按单位（扣分）', 'chart-units', s.units.map((u) => [u.unit, u.deduction, `${fmtPoints(u.deduction)}分 / ${u.dossiers}卷`])),
      chart('按问题类别（条数）', 'chart-categories', s.categories.map((c) => [label(CATEGORIES, c.category), c.defects, `${c.defects}条`])),
      chart('按民警（平均每卷扣分）', 'chart-officers', s.officers.slice(0, 15).map((o) => [o.officer, o.average, fmtPoints(o.average)])),
      s.trend.length ? trendChart(s.trend) : null),
    table('红牌名单（月平均每卷扣分超过3分）', 'table-red', ['民警', '单位', '卷宗', '扣分', '平均'],
      s.red_cards.map((o) => [o.officer, o.unit, o.dossiers, fmtPoints(o.deduction), fmtPoints(o.average)])),
    table('按单位', 'table-units', ['单位', '卷宗', '确认问题', '扣分', '平均每卷'],
      s.units.map((u) => [u.unit, u.dossiers, u.defects, fmtPoints(u.deduction), fmtPoints(u.average)])),
    table('按民警', 'table-officers', ['民警', '单位', '卷宗', '确认问题', '扣分', '平均每卷'],
      s.officers.map((o) => [o.officer, o.unit, o.dossiers, o.defects, fmtPoints(o.deduction), fmtPoints(o.average)])),
    table('按问题类别', 'table-categories', ['类别', '确认问题', '扣分'],
      s.categories.map((c) => [label(CATEGORIES, c.category), c.defects, fmtPoints(c.deduction)])),
  );
  return null;
}

// The server's answer in the shape this page draws. Rows may carry their counts as
// `confirmed` or `defects`, the average as `average_deduction` or `average`, a unit's name
// beside its code; fields the page does not know are ignored.
function row(x) {
  const dossiers = Number(x.dossiers || 0);
  const deduction = Number(x.deduction || 0);
  return {
    ...x,
    unit: x.unit_name || x.unit,
    dossiers,
    deduction,
    defects: Number(x.defects ?? x.confirmed ?? 0),
    average: Number(x.average ?? x.average_deduction ?? (dossiers ? deduction / dossiers : 0)),
  };
}

function normalise(r) {
  const arr = (x) => (Array.isArray(x) ? x.map(row) : []);
  const units = arr(r.units);
  const total = r.totals ? row(r.totals) : null;
  const sum = (key) => units.reduce((a, u) => a + u[key], 0);
  return {
    month: r.month,
    units,
    officers: arr(r.officers),
    categories: arr(r.categories),
    trend: arr(r.trend),
    red_cards: arr(r.red_cards),
    exports: r.exports && typeof r.exports === 'object' ? r.exports : null,
    dossiers: total ? total.dossiers : sum('dossiers'),
    confirmed: total ? total.defects : sum('defects'),
    deduction: total ? total.deduction : sum('deduction'),
  };
}

function exportButtons(s, month) {
  // The server's exports (issue 7): XLSX with a sheet per view, CSV of the officers' view.
  const links = s.exports || {
    xlsx: '/api/stats/export' + query({ month, format: 'xlsx' }),
    csv: '/api/stats/export' + query({ month, format: 'csv' }),
  };
  return Object.entries(links).map(([f, href]) => h('a', { class: 'button', id: 'export-' + f, href }, '导出 ' + f.toUpperCase()));
}

const card = (title, value, id) => h('div', { class: 'card' }, h('div', { class: 'value', id }, value), h('div', { class: 'muted' }, title));

function chart(title, id, rows) {
  const max = Math.max(1e-9, ...rows.map((r) => r[1]));
  return h('figure', { class: 'chart', id },
    h('figcaption', {}, title),
    rows.length ? rows.map(([name, value, text]) => h('div', { class: 'bar' },
      h('span', { class: 'name', title: name }, name),
      h('span', { class: 'track' }, h('span', { class: 'fill', style: `width:${(100 * value) / max}%` })),
      h('span', { class: 'val' }, text))) : h('p', { class: 'muted' }, '本月无数据'));
}

function trendChart(trend) {
  const key = trend.some((t) => t.deduction !== undefined) ? 'deduction' : 'dossiers';
  const max = Math.max(1, ...trend.map((t) => t[key] || 0));
  const w = 34;
  const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  svg.setAttribute('viewBox', `0 0 ${trend.length * w} 140`);
  svg.setAttribute('class', 'trend');
  trend.forEach((t, i) => {
    const v = t[key] || 0;
    const bh = (110 * v) / max;
    const rect = document.createElementNS(svg.namespaceURI, 'rect');
    for (const [k, val] of Object.entries({ x: i * w + 6, y: 115 - bh, width: w - 12, height: bh })) rect.setAttribute(k, val);
    const tip = document.createElementNS(svg.namespaceURI, 'title');
    tip.textContent = `${t.month}：${key === 'deduction' ? fmtPoints(v) + '分' : v + '卷'}`;
    rect.append(tip);
    const text = document.createElementNS(svg.namespaceURI, 'text');
    for (const [k, val] of Object.entries({ x: i * w + w / 2, y: 132, 'text-anchor': 'middle' })) text.setAttribute(k, val);
    text.textContent = t.month.slice(5);
    svg.append(rect, text);
  });
  return h('figure', { class: 'chart', id: 'chart-trend' }, h('figcaption', {}, key === 'deduction' ? '近12个月扣分趋势' : '近12个月检查卷宗数'), svg);
}

function table(title, id, heads, rows) {
  return h('section', { class: 'stats-table' }, h('h2', {}, title),
    h('table', { class: 'list', id }, h('thead', {}, h('tr', {}, heads.map((x) => h('th', {}, x)))),
      h('tbody', {}, rows.length ? rows.map((r) => h('tr', {}, r.map((c) => h('td', {}, c)))) : h('tr', {}, h('td', { colspan: heads.length, class: 'muted' }, '无')))));
}
