// The dossier view: page thumbnails, the page with every defect's box drawn on it, and the
// defect list beside it. Keyboard first: j/k next/previous defect, c confirm, r reject (a
// reason picked or typed), u undo, a add a missed defect by drawing a box; the page scrolls to
// the selected box. Every decision carries the defect's version: if someone else decided
// first the server answers 409 and the page shows their decision instead of overwriting it.

import { get, post, h, fmtPoints, ApiError } from './api.js';
import { CATEGORIES, DEFECT_STATUS, REJECT_REASONS, SEVERITY, label } from './labels.js';
import { describe } from './upload.js';

const pageUrl = (id, n) => `/api/dossiers/${id}/pages/${n}.png`;

export async function render(main, [idText], me) {
  const id = Number(idText);
  let d;
  try {
    d = await get('/api/dossiers/' + id);
  } catch (e) {
    if (e instanceof ApiError && (e.status === 404 || e.status === 403)) {
      main.replaceChildren(h('p', { class: 'denied', id: 'denied', role: 'alert' },
        '卷宗不存在，或不属于您的单位，无权查看。'));
      return null;
    }
    throw e;
  }
  if (d.status !== 'done') {
    const status = h('p', { class: 'status', id: 'dossier-status' }, ...describe(d));
    main.replaceChildren(h('h1', {}, `${d.case_number} ${d.case_name}`), status);
    const timer = setTimeout(() => { if (location.hash === '#/dossiers/' + id) window.dispatchEvent(new HashChangeEvent('hashchange')); }, 1000);
    return () => clearTimeout(timer);
  }
  return new Viewer(main, d, me).cleanup;
}

class Viewer {
  constructor(main, d, me) {
    this.d = d;
    this.canReview = me.role === 'unit_legal' || me.role === 'bureau_legal';
    // In reading order: page, then top to bottom.
    this.defects = d.defects.slice().sort((a, b) => a.page - b.page || a.bbox[1] - b.bbox[1] || a.id - b.id);
    this.rows = new Map();
    this.selected = -1;
    this.page = 0;
    this.undoStack = [];
    this.build(main);
    this.onKey = (e) => this.key(e);
    document.addEventListener('keydown', this.onKey);
    this.cleanup = () => document.removeEventListener('keydown', this.onKey);
    const first = this.defects.findIndex((x) => x.status === 'open');
    if (this.defects.length) this.select(first >= 0 ? first : 0);
    else this.showPage(1);
  }

  build(main) {
    const d = this.d;
    this.thumbs = h('nav', { class: 'thumbs', id: 'thumbs', 'aria-label': '页面缩略图' });
    const perPage = new Map();
    for (const x of this.defects) perPage.set(x.page, (perPage.get(x.page) || 0) + 1);
    for (let n = 1; n <= d.pages; n++) {
      const count = perPage.get(n);
      this.thumbs.append(h('a', { href: '#', class: 'thumb', dataset: { page: n }, onclick: (e) => { e.preventDefault(); this.showPage(n); } },
        h('img', { dataset: { src: pageUrl(d.id, n) }, loading: 'lazy', alt: '第' + n + '页' }),
        h('span', {}, n, count ? h('b', {}, ' ·' + count) : null)));
    }
    this.img = h('img', { class: 'pageimg', id: 'page-image', alt: '' });
    this.overlay = h('div', { class: 'overlay', id: 'overlay' });
    this.pagebox = h('div', { class: 'pagebox' }, this.img, this.overlay);
    this.pageLabel = h('span', { id: 'page-label' });
    this.pane = h('div', { class: 'pagepane', id: 'pagepane' }, this.pagebox);
    this.banner = h('div', { class: 'banner', id: 'banner', role: 'status', hidden: true });
    this.list = h('ol', { class: 'defects', id: 'defects' });
    for (const x of this.defects) this.list.append(this.row(x));
    const totals = h('span', { id: 'totals' });
    this.totals = totals;
    const head = h('div', { class: 'viewer-head' },
      h('h1', {}, `${d.case_number} ${d.case_name}`),
      h('span', { class: 'muted' }, `${d.unit} · ${d.officer} · 第${d.version}版 · ${d.pages}页`),
      d.version > 1 ? h('a', { href: `#/dossiers/${d.id}/compare`, id: 'compare-link' }, '与上一版本对比') : null,
      totals,
      this.canReview ? h('button', { type: 'button', id: 'add-defect', onclick: () => this.startDrawing() }, '补充问题 (a)') : null,
      h('span', { class: 'keys muted' }, this.canReview ? 'j/k 上下条 · c 确认 · r 驳回 · u 撤销' : 'j/k 上下条'),
    );
    main.replaceChildren(h('section', { class: 'viewer' }, head,
      h('div', { class: 'viewer-body' }, this.thumbs,
        h('div', { class: 'pagecol' }, h('div', { class: 'pagebar' }, this.pageLabel), this.pane),
        h('div', { class: 'side' }, this.banner, this.list))));
    this.updateTotals();
  }

  updateTotals() {
    const counted = this.defects.filter((x) => ['open', 'confirmed', 'unrectified'].includes(x.status));
    const open = this.defects.filter((x) => x.status === 'open').length;
    const points = counted.reduce((s, x) => s + x.deduction, 0);
    this.totals.textContent = `问题 ${this.defects.length} 条，待审 ${open} 条，扣分 ${fmtPoints(points)}`;
  }

  row(x) {
    const buttons = this.canReview ? h('div', { class: 'actions' },
      h('button', { type: 'button', class: 'confirm', onclick: (e) => { e.stopPropagation(); this.selectId(x.id); this.decide('confirm'); } }, '确认'),
      h('button', { type: 'button', class: 'reject', onclick: (e) => { e.stopPropagation(); this.selectId(x.id); this.askReason(); } }, '驳回'),
      x.status !== 'open' ? h('button', { type: 'button', class: 'undo', onclick: (e) => { e.stopPropagation(); this.selectId(x.id); this.decide('undo'); } }, '撤销') : null,
    ) : null;
    const el = h('li', { class: 'defect status-' + x.status, dataset: { id: x.id, status: x.status }, onclick: () => this.selectId(x.id) },
      h('div', { class: 'dhead' },
        h('span', { class: 'page' }, '第' + x.page + '页'),
        h('span', { class: 'cat' }, label(CATEGORIES, x.category)),
        h('span', { class: 'sev sev-' + x.severity }, label(SEVERITY, x.severity)),
        h('span', { class: 'ded' }, '扣' + fmtPoints(x.deduction) + '分'),
        h('span', { class: 'st' }, label(DEFECT_STATUS, x.status))),
      h('p', { class: 'msg' }, x.message),
      x.evidence ? h('p', { class: 'evidence' }, '依据原文：', h('q', {}, x.evidence)) : null,
      x.basis ? h('p', { class: 'basis' }, '法律依据：' + x.basis) : null,
      x.reviewer ? h('p', { class: 'who muted' }, `${label(DEFECT_STATUS, x.status)}：${x.reviewer}${x.reason ? '，理由：' + x.reason : ''}`) : null,
      buttons);
    this.rows.set(x.id, el);
    return el;
  }

  replace(x) {
    const i = this.defects.findIndex((y) => y.id === x.id);
    if (i < 0) return;
    this.defects[i] = x;
    const old = this.rows.get(x.id);
    const el = this.row(x);
    if (i === this.selected) el.classList.add('selected');
    old.replaceWith(el);
    this.updateTotals();
    if (x.page === this.page) this.drawBoxes();
  }

  selectId(id) { this.select(this.defects.findIndex((x) => x.id === id)); }

  select(i) {
    if (i < 0 || i >= this.defects.length) return;
    const prev = this.defects[this.selected];
    if (prev) this.rows.get(prev.id).classList.remove('selected');
    this.selected = i;
    const x = this.defects[i];
    const row = this.rows.get(x.id);
    row.classList.add('selected');
    row.scrollIntoView({ block: 'nearest' });
    if (x.page !== this.page) this.showPage(x.page);
    else this.drawBoxes();
  }

  showPage(n) {
    this.page = n;
    this.pageLabel.textContent = `第 ${n} 页 / 共 ${this.d.pages} 页`;
    for (const t of this.thumbs.children) t.classList.toggle('current', Number(t.dataset.page) === n);
    this.thumbs.children[n - 1]?.scrollIntoView({ block: 'nearest' });
    this.img.onload = () => { this.scrollToBox(); this.loadThumbs(); };
    this.img.onerror = () => this.loadThumbs();
    this.img.src = pageUrl(this.d.id, n);
    this.drawBoxes();
  }

  // Thumbnails are rendered by the same bounded server workers as the page itself, so they
  // ask for their images only once the page in view has arrived.
  loadThumbs() {
    if (this.thumbsLoaded) return;
    this.thumbsLoaded = true;
    for (const img of this.thumbs.querySelectorAll('img[data-src]')) img.src = img.dataset.src;
  }

  drawBoxes() {
    const sel = this.defects[this.selected];
    this.overlay.replaceChildren(...this.defects.filter((x) => x.page === this.page).map((x) => {
      const [x0, y0, x1, y1] = x.bbox;
      return h('div', {
        class: `box status-${x.status}${sel && sel.id === x.id ? ' selected' : ''}`,
        dataset: { id: x.id },
        title: x.message,
        style: `left:${x0 * 100}%;top:${y0 * 100}%;width:${(x1 - x0) * 100}%;height:${(y1 - y0) * 100}%`,
        onclick: () => this.selectId(x.id),
      });
    }));
    this.scrollToBox();
  }

  scrollToBox() {
    const box = this.overlay.querySelector('.box.selected');
    if (box && this.img.complete && this.img.naturalHeight) box.scrollIntoView({ block: 'center', inline: 'nearest' });
  }

  key(e) {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    if (e.target.closest && e.target.closest('input, textarea, select, .dialog')) return;
    const k = e.key;
    if (k === 'j') this.select(Math.min(this.selected + 1, this.defects.length - 1));
    else if (k === 'k') this.select(Math.max(this.selected - 1, 0));
    else if (!this.canReview) return;
    else if (k === 'c') this.decide('confirm');
    else if (k === 'r') this.askReason();
    else if (k === 'u') this.undoLast();
    else if (k === 'a') this.startDrawing();
    else return;
    e.preventDefault();
  }

  async decide(action, reason, target) {
    const x = target || this.defects[this.selected];
    if (!x) return;
    const body = { version: x.version };
    if (reason) body.reason = reason;
    try {
      const row = await post(`/api/defects/${x.id}/${action}`, body);
      this.banner.hidden = true;
      if (action !== 'undo') this.undoStack.push(x.id);
      this.replace(row);
      // After a decision, on to the next open defect.
      if (action !== 'undo' && this.defects[this.selected]?.id === x.id) {
        const next = this.defects.findIndex((y, i) => i > this.selected && y.status === 'open');
        if (next >= 0) this.select(next);
      }
    } catch (e) {
      if (e instanceof ApiError && e.status === 409 && e.body.current) {
        const c = e.body.current;
        this.replace(c);
        this.show(`该问题已由${c.reviewer || '他人'}处理为「${label(DEFECT_STATUS, c.status)}」，您的操作未生效，请核对后再决定。`, 'conflict');
      } else {
        this.show('操作失败：' + e.message, 'error');
      }
    }
  }

  undoLast() {
    const id = this.undoStack.pop();
    const x = id ? this.defects.find((y) => y.id === id) : this.defects[this.selected];
    if (!x || x.status === 'open') return;
    this.selectId(x.id);
    this.decide('undo', undefined, x);
  }

  show(text, kind) {
    this.banner.textContent = text;
    this.banner.className = 'banner ' + kind;
    this.banner.hidden = false;
  }

  dialog(title, fields, onSubmit) {
    const form = h('form', { class: 'dialog', id: 'dialog' }, h('h2', {}, title), fields,
      h('div', { class: 'buttons' }, h('button', { type: 'submit', id: 'dialog-ok' }, '确定'),
        h('button', { type: 'button', onclick: () => close() }, '取消 (Esc)')));
    const shade = h('div', { class: 'shade' }, form);
    const close = () => { shade.remove(); document.removeEventListener('keydown', esc, true); };
    const esc = (e) => { if (e.key === 'Escape') { e.preventDefault(); close(); } };
    document.addEventListener('keydown', esc, true);
    form.addEventListener('submit', (e) => { e.preventDefault(); if (onSubmit(form) !== false) close(); });
    document.body.append(shade);
    form.querySelector('select, input')?.focus();
  }

  askReason() {
    const x = this.defects[this.selected];
    if (!x) return;
    const reasons = h('select', { name: 'preset', id: 'reason-preset' },
      REJECT_REASONS.map((r, i) => h('option', { value: r }, `${i + 1}. ${r}`)), h('option', { value: '' }, '其他（请填写）'));
    const typed = h('input', { name: 'reason', id: 'reason-text', placeholder: '或直接填写理由', maxlength: '2000' });
    this.dialog('驳回理由', [h('p', { class: 'msg' }, x.message), h('label', {}, '常用理由', reasons), h('label', {}, '理由', typed)], (form) => {
      const reason = typed.value.trim() || reasons.value;
      if (!reason) { typed.focus(); return false; }
      this.decide('reject', reason, x);
      return true;
    });
  }

  startDrawing() {
    if (!this.canReview) return;
    this.show('在页面上拖动鼠标框出问题所在位置（Esc 取消）。', 'info');
    this.pagebox.classList.add('drawing');
    const rect = h('div', { class: 'box drawn' });
    let start = null;
    const at = (e) => {
      const r = this.pagebox.getBoundingClientRect();
      return [Math.min(Math.max((e.clientX - r.left) / r.width, 0), 1), Math.min(Math.max((e.clientY - r.top) / r.height, 0), 1)];
    };
    const done = () => {
      this.pagebox.classList.remove('drawing');
      this.pagebox.removeEventListener('mousedown', down);
      document.removeEventListener('mousemove', move);
      document.removeEventListener('mouseup', up);
      document.removeEventListener('keydown', esc, true);
      rect.remove();
      this.banner.hidden = true;
    };
    const box = (e) => { const [x, y] = at(e); return [Math.min(start[0], x), Math.min(start[1], y), Math.max(start[0], x), Math.max(start[1], y)]; };
    const down = (e) => { e.preventDefault(); start = at(e); this.overlay.append(rect); move(e); };
    const move = (e) => {
      if (!start) return;
      const [x0, y0, x1, y1] = box(e);
      rect.style.cssText = `left:${x0 * 100}%;top:${y0 * 100}%;width:${(x1 - x0) * 100}%;height:${(y1 - y0) * 100}%`;
    };
    const up = (e) => {
      if (!start) return;
      const bbox = box(e);
      done();
      if (bbox[2] - bbox[0] < 0.005 || bbox[3] - bbox[1] < 0.005) return;
      this.askNewDefect(bbox);
    };
    const esc = (e) => { if (e.key === 'Escape') { e.preventDefault(); done(); } };
    this.pagebox.addEventListener('mousedown', down);
    document.addEventListener('mousemove', move);
    document.addEventListener('mouseup', up);
    document.addEventListener('keydown', esc, true);
  }

  askNewDefect(bbox) {
    const page = this.page;
    const cat = h('select', { name: 'category', id: 'new-category' }, Object.entries(CATEGORIES).map(([v, t]) => h('option', { value: v }, t)));
    const msg = h('input', { name: 'message', id: 'new-message', required: true, maxlength: '2000', placeholder: '如：第3页被讯问人未签名' });
    const ded = h('input', { name: 'deduction', id: 'new-deduction', type: 'number', min: '0', max: '100', step: '0.5', value: '1' });
    this.dialog(`补充问题（第${page}页）`, [h('label', {}, '类别', cat), h('label', {}, '问题描述', msg), h('label', {}, '扣分', ded)], () => {
      if (!msg.value.trim()) { msg.focus(); return false; }
      post(`/api/dossiers/${this.d.id}/defects`, { category: cat.value, page, bbox, message: msg.value.trim(), deduction: Number(ded.value || 0) })
        .then((row) => {
          this.defects.push(row);
          this.list.append(this.row(row));
          this.updateTotals();
          this.select(this.defects.length - 1);
        })
        .catch((e) => this.show('补充失败：' + e.message, 'error'));
      return true;
    });
  }
}
