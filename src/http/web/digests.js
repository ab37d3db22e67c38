// The digest archive (每日推送): the stored daily digests, newest first, each with its
// figures and how its deliveries went (per channel: status and attempts); choosing one shows
// its content — the figures per unit and the text that was sent.
//
// Everything comes from `GET /api/digests`, which scopes it as the API does everywhere:
// officers may not read the archive, a unit legal officer sees their own unit's lines and no
// deliveries, the bureau, leaders and admins see all.

import { get, h, ApiError } from './api.js';

const CHANNELS = { webhook: '群机器人推送', email: '邮件' };
const DELIVERY_STATUS = { pending: '待发送', sent: '已发送', failed: '失败' };

// An RFC 3339 time as the server wrote it (in the statistics' zone), to the minute.
const local = (iso) => (iso ? String(iso).replace('T', ' ').slice(0, 16) : '');

// Unix milliseconds in China Standard Time, whatever the browser's own zone.
function cst(ms) {
  if (ms === null || ms === undefined) return '';
  const f = new Intl.DateTimeFormat('zh-CN', {
    timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false,
  });
  return f.format(new Date(ms)).replaceAll('/', '-');
}

// Per channel: how many deliveries are in each status, and the attempts made in all.
function channelSummary(deliveries) {
  const out = [];
  for (const channel of Object.keys(CHANNELS).concat(deliveries.map((d) => d.channel))) {
    const list = deliveries.filter((d) => d.channel === channel);
    if (!list.length || out.some((o) => o.channel === channel)) continue;
    const counts = {};
    for (const d of list) counts[d.status] = (counts[d.status] || 0) + 1;
    const attempts = list.reduce((a, d) => a + Number(d.attempts || 0), 0);
    out.push({ channel, counts, attempts, failed: !!counts.failed, pending: !!counts.pending });
  }
  return out;
}

function summaryText(s) {
  const parts = Object.entries(s.counts).map(([st, n]) => `${DELIVERY_STATUS[st] || st} ${n}`);
  return `${CHANNELS[s.channel] || s.channel}：${parts.join('、')}（尝试 ${s.attempts} 次）`;
}

// A webhook's address without its query string: chat bots take their secret key there
// (`…/send?key=…`), and a page on a shared screen need not show it.
function shownRecipient(d) {
  if (d.channel !== 'webhook') return d.recipient;
  try {
    const u = new URL(d.recipient);
    return u.origin + u.pathname + (u.search ? '?…' : '');
  } catch (_) {
    return d.recipient;
  }
}

function recipients(deliveries) {
  const names = deliveries.map((d) => (d.channel === 'webhook' ? CHANNELS.webhook : d.recipient));
  return [...new Set(names)].join('、');
}

export async function render(main, _m, me, params) {
  if (me.role === 'officer') {
    main.replaceChildren(h('p', { class: 'error', id: 'digests-forbidden' }, '每日推送只发给法制员和领导，主办民警无权查看。'));
    return null;
  }
  let items;
  try {
    items = (await get('/api/digests?limit=90')).items || [];
  } catch (e) {
    if (e instanceof ApiError && e.status === 403) {
      main.replaceChildren(h('p', { class: 'error', id: 'digests-forbidden' }, '无权查看每日推送。'));
      return null;
    }
    throw e;
  }
  const detail = h('section', { class: 'digest-detail', id: 'digest-detail' });
  const rows = items.map((it) => {
    const d = it.digest;
    const c = d.content || {};
    const deliveries = it.deliveries || [];
    const tr = h('tr', { dataset: { id: d.id }, tabindex: 0 },
      h('td', { class: 'day' }, d.day),
      h('td', { class: 'recipients' }, deliveries.length ? recipients(deliveries) : h('span', { class: 'muted' }, me.unit ? '本单位' : '—')),
      h('td', { class: 'num new' }, c.new_flags ?? 0),
      h('td', { class: 'num overdue' }, c.overdue ?? 0),
      h('td', { class: 'num unrectified' }, c.unrectified ?? 0),
      h('td', { class: 'deliveries' }, deliveries.length
        ? channelSummary(deliveries).map((s) => h('div', { class: s.failed ? 'error' : s.pending ? 'muted' : '', dataset: { channel: s.channel } }, summaryText(s)))
        : h('span', { class: 'muted' }, '—')));
    const open = () => {
      for (const x of tr.parentNode.children) x.classList.toggle('selected', x === tr);
      showDigest(detail, it, me);
      history.replaceState(null, '', '#/digests?id=' + d.id);
    };
    tr.addEventListener('click', open);
    tr.addEventListener('keydown', (ev) => { if (ev.key === 'Enter') open(); });
    return tr;
  });
  const list = h('table', { class: 'list', id: 'digest-list' },
    h('thead', {}, h('tr', {}, ['日期', '接收方', '新增标记', '超期未审', '未整改', '投递情况'].map((x) => h('th', {}, x)))),
    h('tbody', {}, rows.length ? rows : h('tr', {}, h('td', { colspan: 6, class: 'muted' }, '还没有每日推送。'))));
  main.replaceChildren(h('section', { class: 'digests' },
    h('div', { class: 'digests-head' }, h('h1', {}, '每日推送'),
      h('span', { class: 'muted' }, me.unit ? '范围：' + me.unit : '范围：全部单位'),
      h('span', { class: 'muted', id: 'digest-total' }, `共 ${items.length} 期，新的在前`)),
    h('div', { class: 'digests-body' }, h('div', { class: 'digests-list' }, list), detail)));
  const wanted = rows.find((tr) => tr.dataset.id === String(params.id)) || rows[0];
  if (wanted) wanted.click();
  else detail.append(h('p', { class: 'muted' }, '每天 08:00 生成的推送会出现在这里。'));
  return null;
}

function showDigest(el, it, me) {
  const d = it.digest;
  const c = d.content || {};
  const units = Array.isArray(c.units) ? c.units : [];
  const deliveries = it.deliveries || [];
  el.replaceChildren(
    h('h2', { id: 'digest-title' }, `案卷预审日报 ${d.day}`),
    h('p', { class: 'muted', id: 'digest-window' }, `统计区间：${local(c.since)} 至 ${local(c.cutoff)}`),
    h('p', { id: 'digest-figures' },
      `新增问题标记 ${c.new_flags ?? 0} 条；超过${c.stale_days ?? ''}天未审核 ${c.overdue ?? 0} 条；未整改 ${c.unrectified ?? 0} 条。`),
    h('table', { class: 'list', id: 'digest-units' },
      h('thead', {}, h('tr', {}, ['单位', '新增标记', '超期未审', '未整改'].map((x) => h('th', {}, x)))),
      h('tbody', {}, units.length
        ? units.map((u) => h('tr', {}, h('td', {}, u.unit_name || u.unit), h('td', { class: 'num' }, u.new_flags), h('td', { class: 'num' }, u.overdue), h('td', { class: 'num' }, u.unrectified)))
        : h('tr', {}, h('td', { colspan: 4, class: 'muted' }, '无')))),
    h('h2', {}, '投递'),
    deliveries.length
      ? h('table', { class: 'list', id: 'digest-deliveries' },
        h('thead', {}, h('tr', {}, ['渠道', '接收方', '状态', '尝试次数', '发送时间', '最后错误'].map((x) => h('th', {}, x)))),
        h('tbody', {}, deliveries.map((x) => h('tr', { class: 'status-' + x.status },
          h('td', {}, CHANNELS[x.channel] || x.channel),
          h('td', { class: 'recipient' }, shownRecipient(x)),
          h('td', { class: x.status === 'failed' ? 'error' : '' }, DELIVERY_STATUS[x.status] || x.status),
          h('td', { class: 'num' }, x.attempts),
          h('td', {}, cst(x.sent_at)),
          h('td', { class: 'last-error', title: x.last_error || '' }, x.last_error || '')))))
      : h('p', { class: 'muted' }, me.role === 'unit_legal' ? '投递情况由法制大队查看。' : '这期推送没有投递对象。'),
  );
}
