// Chinese names of the API's stable ids.

export const ROLES = {
  officer: '主办民警', unit_legal: '法制员', bureau_legal: '法制大队', leader: '局领导', admin: '管理员',
};

export const DOSSIER_STATUS = {
  queued: '排队中', processing: '检查中', done: '已完成', failed: '失败',
};

export const DEFECT_STATUS = {
  open: '待审', confirmed: '已确认', rejected: '已驳回', rectified: '已整改', unrectified: '未整改',
};

export const CATEGORIES = {
  missing_signature: '缺少签名',
  improper_location: '讯问地点不规范',
  incomplete_rights_notice: '权利义务告知不全',
  time_conflict: '时间冲突',
  excessive_duration: '超过法定时限',
  insufficient_officers: '侦查人员不足二人',
  missing_guardian: '未成年人无监护人在场',
  invalid_identity: '身份证号有误',
  missing_page: '页码缺失',
  missing_field: '必填项空白',
};

export const SEVERITY = { major: '严重', minor: '一般' };

// Reasons a legal officer picks most often when rejecting a flag; any other can be typed.
export const REJECT_REASONS = [
  '误报：签名实际存在',
  '误报：文字识别错误',
  '有法定例外情形，已在笔录中注明',
  '不属于本案卷应审查的内容',
];

export const label = (table, id) => table[id] || id || '';
