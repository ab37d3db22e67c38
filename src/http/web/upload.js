// Upload: drop a file or pick one, give the case number (and name), watch the upload's
// progress bar, then the check's progress (queued → OCR page k of n → checks → done)
// without reloading, by polling the dossier.

import { get, h } from './api.js';

const POLL_MS = 700;

export function render(main) {
  let file = null;
  let timer = null;
  const fileInput = h('input', { type: 'file', id: 'file', accept: '.pdf,.png,.jpg,.jpeg,.tif,.tiff,application/pdf,image/*' });
  const fileName = h('span', { id: 'file-name', class: 'muted' }, '未选择文件');
  const drop = h('div', { class: 'drop', id: 'drop', tabindex: '0' },
    h('p', {}, '把卷宗 PDF 或页面图片拖到这里，或'),
    h('label', { class: 'button' }, '选择文件', fileInput),
    fileName,
  );
  const caseNumber = h('input', { id: 'case-number', name: 'case_number', required: true, placeholder: '如 A2026-001' });
  const caseName = h('input', { id: 'case-name', name: 'case_name', placeholder: '可不填' });
  const submit = h('button', { type: 'submit', id: 'upload-submit' }, '上传');
  const bar = h('progress', { id: 'upload-progress', max: '100', value: '0', hidden: true });
  const status = h('p', { id: 'upload-status', class: 'status', 'aria-live': 'polite' });
  const form = h('form', { class: 'upload', id: 'upload-form' },
    h('h1', {}, '上传卷宗'),
    drop,
    h('div', { class: 'fields' },
      h('label', {}, '案件编号', caseNumber),
      h('label', {}, '案件名称', caseName),
      submit,
    ),
    bar,
    status,
  );

  const choose = (f) => {
    file = f || null;
    fileName.textContent = file ? `${file.name}（${(file.size / 1048576).toFixed(1)} MB）` : '未选择文件';
  };
  fileInput.addEventListener('change', () => choose(fileInput.files[0]));
  drop.addEventListener('dragover', (e) => { e.preventDefault(); drop.classList.add('over'); });
  drop.addEventListener('dragleave', () => drop.classList.remove('over'));
  drop.addEventListener('drop', (e) => {
    e.preventDefault();
    drop.classList.remove('over');
    if (e.dataTransfer.files.length) choose(e.dataTransfer.files[0]);
  });

  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    if (!file) { status.textContent = '请先选择文件。'; return; }
    if (!caseNumber.value.trim()) { status.textContent = '请填写案件编号。'; return; }
    const data = new FormData();
    data.append('case_number', caseNumber.value.trim());
    data.append('case_name', caseName.value.trim());
    data.append('file', file, file.name);
    // XMLHttpRequest, not fetch: only it reports upload progress.
    const xhr = new XMLHttpRequest();
    xhr.open('POST', '/api/dossiers');
    xhr.responseType = 'json';
    bar.hidden = false;
    bar.value = 0;
    submit.disabled = true;
    status.textContent = '正在上传…';
    xhr.upload.addEventListener('progress', (e) => {
      if (e.lengthComputable) bar.value = Math.round((100 * e.loaded) / e.total);
    });
    xhr.addEventListener('load', () => {
      submit.disabled = false;
      const body = xhr.response || {};
      if (xhr.status === 202 || xhr.status === 200) {
        bar.value = 100;
        status.textContent = body.duplicate ? '该文件已上传过，显示原检查结果。' : '已上传，排队等待检查…';
        watch(body.id);
      } else if (xhr.status === 401) {
        location.hash = '#/login';
      } else {
        status.textContent = '上传失败：' + (body.message || xhr.status);
        status.classList.add('error');
      }
    });
    xhr.addEventListener('error', () => {
      submit.disabled = false;
      status.textContent = '上传中断，请检查网络后重试。';
    });
    status.classList.remove('error');
    xhr.send(data);
  });

  const watch = async (id) => {
    let d;
    try {
      d = await get('/api/dossiers/' + id);
    } catch (e) {
      status.textContent = '无法读取检查进度：' + e.message;
      return;
    }
    status.replaceChildren(...describe(d));
    status.dataset.status = d.status;
    if (d.status === 'queued' || d.status === 'processing') {
      timer = setTimeout(() => watch(id), POLL_MS);
    }
  };

  main.replaceChildren(form);
  return () => clearTimeout(timer);
}

// What the check is doing now, in words, with a link when it is done.
export function describe(d) {
  const job = d.job || {};
  if (d.status === 'queued') return ['排队中，等待检查…'];
  if (d.status === 'failed') return [h('span', { class: 'error' }, '检查失败：' + (d.error || job.last_error || ''))];
  if (d.status === 'done') {
    // The detail lists the defects; a list row only counts them.
    const found = Array.isArray(d.defects) ? d.defects.length : d.defects;
    return [
      `检查完成：${d.pages} 页，发现 ${found} 个问题。`,
      h('a', { href: '#/dossiers/' + d.id, id: 'open-dossier' }, '查看卷宗'),
    ];
  }
  if (job.stage === 'ocr' && job.progress_total) {
    return [`文字识别：第 ${job.progress_done} 页 / 共 ${job.progress_total} 页`];
  }
  if (job.stage === 'checks') return ['规则检查中…'];
  return ['读取文件中…'];
}
