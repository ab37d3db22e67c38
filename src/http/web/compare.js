// Re-submission (二次送评): version n beside version n−1. The left column is what the
// reviewers confirmed on n−1; the right, version n's defects: rectified (gone now, no
// deduction), unrectified (still there, deduction doubled) and new ones.

import { get, h, query, fmtPoints, ApiError } from './api.js';
import { CATEGORIES, DEFECT_STATUS, label } from './labels.js';

export async function render(main, [idText]) {
  let cur;
  try {
    cur = await get('/api/dossiers/' + Number(idText));
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) {
      main.replaceChildren(h('p', { class: 'denied', id: 'denied' }, '卷宗不存在，或不属于您的单位，无权查看。'));
      return;
    }
    throw e;
  }
  const versions = await get('/api/dossiers' + query({ case_number: cur.case_number, unit: cur.unit, per_page: 200 }));
  const prevRow = versions.items.find((x) => x.case_id === cur.case_id && x.version === cur.version - 1);
  const title = h('h1', {}, `${cur.case_number} ${cur.case_name}：第${cur.version}版与第${cur.version - 1}版对比`);
  if (!prevRow) {
    main.replaceChildren(title, h('p', { class: 'muted' }, '没有上一版本。'));
    return;
  }
  const prev = await get('/api/dossiers/' + prevRow.id);
  const owed = prev.defects.filter((x) => x.status === 'confirmed' || x.status === 'unrectified');
  const rectified = cur.defects.filter((x) => x.status === 'rectified');
  const remain = cur.defects.filter((x) => x.status === 'unrectified');
  const fresh = cur.defects.filter((x) => !x.previous_id && x.status !== 'rectified');
  const sum = (xs) => fmtPoints(xs.reduce((s, x) => s + x.deduction, 0));
  const item = (x, extra) => h('li', { class: 'defect status-' + x.status, dataset: { id: x.id } },
    h('div', { class: 'dhead' }, h('span', { class: 'page' }, '第' + x.page + '页'), h('span', { class: 'cat' }, label(CATEGORIES, x.category)),
      h('span', { class: 'ded' }, '扣' + fmtPoints(x.deduction) + '分'), h('span', { class: 'st' }, label(DEFECT_STATUS, x.status))),
    h('p', { class: 'msg' }, x.message), extra || null);
  const column = (heading, id, xs, extra) => h('section', { class: 'compare-col', id },
    h('h2', {}, `${heading}（${xs.length}）`), h('ol', { class: 'defects' }, xs.map((x) => item(x, extra && extra(x)))));
  main.replaceChildren(title,
    h('p', { id: 'compare-summary' }, `上一版确认问题 ${owed.length} 条；已整改 ${rectified.length} 条，未整改 ${remain.length} 条（扣分加倍，共 ${sum(remain)} 分），新发现 ${fresh.length} 条。`,
      ' ', h('a', { href: '#/dossiers/' + prev.id }, '打开第' + prev.version + '版'), ' ', h('a', { href: '#/dossiers/' + cur.id }, '打开第' + cur.version + '版')),
    h('div', { class: 'compare' },
      column(`第${prev.version}版已确认问题`, 'compare-prev', owed),
      h('div', { class: 'compare-right' },
        column('未整改（扣分加倍）', 'compare-remain', remain, (x) => h('p', { class: 'muted' }, `原扣${fmtPoints(x.deduction / 2)}分，现扣${fmtPoints(x.deduction)}分`)),
        column('已整改', 'compare-rectified', rectified),
        column('新发现', 'compare-new', fresh))));
}
