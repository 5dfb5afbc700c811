// 任务详情: prompt, provider task id, status history, timings per stage, GIF; retry, mark failed + refund, showcase.
import { api } from '../api.js';
import { timeline } from '../charts.js';
import { badge, clear, fmtSeconds, fmtTime, formDialog, h, KIND, statusBadge, table, toast } from '../dom.js';
import { ACTIVE_TASK_STATUSES } from '../shared.js';

const EVENT = {
  created: '创建',
  submitted: '已提交供应商',
  provider_status: '供应商状态',
  callback: '供应商回调',
  converting: '开始转码',
  succeeded: '成功',
  failed: '失败',
  canceled: '取消',
  retry_later: '稍后重试',
  failover: '切换供应商',
  convert_retry: '转码重试',
  convert_resumed: '接手转码',
};

export async function render(root, { params, go }) {
  const jobId = params[0];
  const t = await api(`/admin/tasks/${jobId}`);
  const refresh = () => go(`/tasks/${jobId}`, { t: Date.now() });

  const failDialog = () =>
    formDialog({
      title: '标记失败并退回积分',
      description: `任务当前状态 ${t.status}。标记后用户看到“${t.adminFailMessage}”，冻结的 ${t.credits} 积分退回用户。`,
      fields: [{ name: 'reason', label: '原因', type: 'textarea', required: true, maxlength: 255, placeholder: '例如：供应商超过 30 分钟无响应' }],
      submitLabel: '标记失败并退回',
      danger: true,
      submit: v => api(`/admin/tasks/${jobId}/fail`, { method: 'POST', body: { reason: v.reason } }),
    }).then(r => {
      if (r) {
        toast('已标记失败，积分已退回');
        refresh();
      }
    });
  const retryDialog = () =>
    formDialog({
      title: '代用户重试',
      description: `用同样的内容为用户 ${t.phone} 新建一个任务。这不是免费的：会冻结用户 ${t.credits} 积分，做成后扣除，失败全部退回。要补偿用户，请在用户页另行发放积分。`,
      fields: [{ name: 'reason', label: '原因（可选）', type: 'textarea', maxlength: 255 }],
      submitLabel: '重试',
      submit: v => api(`/admin/tasks/${jobId}/retry`, { method: 'POST', body: { reason: v.reason } }),
    }).then(r => {
      if (r) {
        toast('已新建重试任务');
        go(`/tasks/${r.jobId}`);
      }
    });
  const showcaseDialog = featured =>
    formDialog({
      title: featured ? '加入精选' : '移出精选',
      description: featured ? '加入后显示在小程序首页精选的第一位，可在“精选”页调整顺序。' : '移出后不再显示在小程序首页。',
      fields: [{ name: 'reason', label: '原因（可选）', type: 'textarea', maxlength: 255 }],
      submitLabel: featured ? '加入精选' : '移出精选',
      submit: v => api(`/admin/tasks/${jobId}/showcase`, { method: 'POST', body: { featured, reason: v.reason } }),
    }).then(r => {
      if (r) {
        toast(featured ? '已加入精选' : '已移出精选');
        refresh();
      }
    });

  const fact = (label, value) => [h('dt', {}, label), h('dd', {}, value ?? '—')];
  const tm = t.timings;
  clear(
    root,
    h('p', {}, h('a', { href: '#/tasks' }, '← 任务列表')),
    h(
      'div',
      { class: 'row' },
      h('h1', { class: 'mono' }, t.jobId),
      statusBadge(t.status),
      t.showcase ? badge('精选', 'warn') : null,
      t.deleted ? badge('用户已删除') : null,
      t.hidden ? badge('内容审核隐藏', 'bad') : null,
      h('span', { class: 'spacer' }),
      ACTIVE_TASK_STATUSES.includes(t.status) ? h('button', { type: 'button', class: 'btn btn-danger', onclick: failDialog }, '标记失败并退回积分') : null,
      ['FAILED', 'CANCELED'].includes(t.status) && !t.deleted ? h('button', { type: 'button', class: 'btn', onclick: retryDialog }, '代用户重试') : null,
      t.status === 'SUCCEEDED' && t.gif && !t.deleted && !t.hidden && !t.showcase && t.showcaseAllowed
        ? h('button', { type: 'button', class: 'btn', onclick: () => showcaseDialog(true) }, '加入精选')
        : null,
      t.status === 'SUCCEEDED' && !t.showcaseAllowed ? badge('作者未允许展示') : null,
      t.showcase ? h('button', { type: 'button', class: 'btn', onclick: () => showcaseDialog(false) }, '移出精选') : null,
    ),
    h(
      'div',
      { class: 'grid-2' },
      h(
        'section',
        { class: 'panel', 'aria-labelledby': 'facts-title' },
        h('h2', { id: 'facts-title' }, '任务信息'),
        h(
          'dl',
          { class: 'facts' },
          fact('用户', h('a', { href: `#/users/${t.userId}` }, `${t.phone} (#${t.userId})`)),
          fact('类型', `${KIND[t.kind] ?? t.kind}（${t.mode}）`),
          fact('描述', t.prompt),
          t.caption ? fact('配字', t.caption) : null,
          t.negativePrompt ? fact('反向提示词', t.negativePrompt) : null,
          t.providerPrompt ? fact('发给供应商的提示词', t.providerPrompt) : null,
          fact('供应商 / 模型', t.provider ? `${t.provider} / ${t.model ?? '—'}` : '未提交'),
          fact('供应商任务 ID', t.providerTaskId ? h('span', { class: 'mono' }, t.providerTaskId) : '—'),
          fact('提交次数 / 路由', `${t.attempts} / 第 ${t.routeIndex + 1} 条`),
          fact('积分', String(t.credits)),
          t.retryOf ? fact('重试自', h('a', { href: `#/tasks/${t.retryOf}`, class: 'mono' }, t.retryOf)) : null,
          t.errorCode ? fact('错误', `${t.errorCode}：${t.errorMessage ?? ''}`) : null,
          t.providerError ? fact('供应商错误', h('span', { class: 'mono' }, t.providerError)) : null,
        ),
      ),
      h(
        'section',
        { class: 'panel gif-card', 'aria-labelledby': 'gif-title' },
        h('h2', { id: 'gif-title' }, 'GIF'),
        t.gif
          ? [
              h('img', { class: 'gif', src: t.gif.url, alt: `表情 GIF：${t.prompt}` }),
              h(
                'p',
                { class: 'muted' },
                `${t.gif.width ?? '?'}×${t.gif.height ?? '?'} · ${t.gif.frames ?? '?'} 帧 · ${t.gif.fps ?? '?'} fps · ${t.gif.bytes ? `${(t.gif.bytes / 1024).toFixed(0)} KB` : '?'} · ${t.gif.rung ?? ''}`,
              ),
              h(
                'p',
                {},
                h('a', { href: t.gif.url, target: '_blank', rel: 'noopener' }, '打开 GIF'),
                t.mp4Url ? [' · ', h('a', { href: t.mp4Url, target: '_blank', rel: 'noopener' }, '打开 MP4')] : null,
              ),
            ]
          : h('p', { class: 'muted' }, '还没有 GIF'),
        t.imageUrl ? [h('h3', {}, '用户上传的图片'), h('img', { class: 'gif', src: t.imageUrl, alt: '用户上传的原图' })] : null,
      ),
    ),
    h(
      'section',
      { class: 'panel', 'aria-labelledby': 'time-title' },
      h('h2', { id: 'time-title' }, '各阶段耗时'),
      timeline({
        title: '时间线',
        width: 1360,
        stages: [
          { label: '创建', at: tm.createdAt },
          { label: '提交供应商', at: tm.submittedAt },
          { label: '供应商完成', at: tm.providerDoneAt },
          { label: t.status === 'SUCCEEDED' ? 'GIF 完成' : '结束', at: tm.finishedAt },
        ],
      }),
      table(
        [
          { label: '排队', cell: () => fmtSeconds(tm.queueSeconds) },
          { label: '供应商生成', cell: () => fmtSeconds(tm.providerSeconds) },
          { label: '转码', cell: () => `${fmtSeconds(tm.convertSeconds)}${tm.convertMs !== null ? `（ffmpeg ${tm.convertMs} 毫秒）` : ''}` },
          { label: '总计', cell: () => fmtSeconds(tm.totalSeconds) },
        ],
        [{}],
      ),
    ),
    h(
      'section',
      { class: 'panel', 'aria-labelledby': 'ev-title' },
      h('h2', { id: 'ev-title' }, `状态历史（${t.eventsTotal} 条${t.eventsTotal > t.events.length ? `，显示最近 ${t.events.length} 条` : ''}）`),
      table(
        [
          { label: '时间', cell: e => h('span', { class: 'nowrap' }, fmtTime(e.createdAt)) },
          { label: '事件', cell: e => EVENT[e.type] ?? e.type },
          { label: '来源', cell: e => e.source },
          { label: '状态', cell: e => e.status ?? '' },
          {
            label: '供应商原始数据',
            cell: e =>
              e.data === null ? '—' : h('details', {}, h('summary', {}, summarize(e.data)), h('pre', { class: 'json' }, JSON.stringify(e.data, null, 2))),
          },
        ],
        t.events,
        { empty: '没有记录' },
      ),
    ),
  );
}

function summarize(data) {
  if (typeof data !== 'object' || data === null) return String(data).slice(0, 80);
  const parts = ['state', 'provider', 'kind', 'code', 'message', 'errorMessage', 'providerTaskId']
    .filter(k => data[k] !== undefined && data[k] !== null)
    .map(k => `${k}: ${data[k]}`);
  return (parts.join(' · ') || '查看').slice(0, 120);
}
