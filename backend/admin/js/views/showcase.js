// 精选: the featured stickers in home-page order (move up/down/top/bottom, remove) and a picker of finished ones.
import { api } from '../api.js';
import { clear, fmtTime, formDialog, h, KIND, load, pager, toast } from '../dom.js';

export async function render(root) {
  const listBox = h('div', {});
  const pickBox = h('div', {});
  clear(
    root,
    h('h1', {}, '精选'),
    h('p', { class: 'muted' }, '这些表情按顺序显示在小程序首页（公开接口 GET /api/v1/showcase）。'),
    h('section', { class: 'panel', 'aria-labelledby': 'sc-title' }, h('h2', { id: 'sc-title' }, '当前精选（按首页顺序）'), listBox),
    h('section', { class: 'panel', 'aria-labelledby': 'pick-title' }, h('h2', { id: 'pick-title' }, '从成功的表情中挑选'), pickBox),
  );

  let listPage = 1;
  const move = async (jobId, direction) => {
    try {
      const r = await api(`/admin/showcase/${jobId}/move`, { method: 'POST', body: { direction } });
      toast(`已移到第 ${r.position} 位`);
      await loadList(listPage, `[data-job="${jobId}"][data-move="${direction}"]`);
    } catch (e) {
      toast(e.message, 'bad');
    }
  };
  const feature = (item, featured) =>
    formDialog({
      title: featured ? '加入精选' : '移出精选',
      description: item.prompt,
      fields: [{ name: 'reason', label: '原因（可选）', type: 'textarea', maxlength: 255 }],
      submitLabel: featured ? '加入精选' : '移出精选',
      submit: v => api(`/admin/tasks/${item.jobId}/showcase`, { method: 'POST', body: { featured, reason: v.reason } }),
    }).then(async r => {
      if (r) {
        toast(featured ? '已加入精选（第 1 位）' : '已移出精选');
        await Promise.all([loadList(listPage), loadPick(pickPage)]);
      }
    });

  const loadList = (page, refocus) =>
    load(listBox, async () => {
      listPage = page;
      const p = await api('/admin/showcase', { query: { page, page_size: 12 } });
      const last = p.total;
      const content = [
        p.items.length
          ? h(
              'ol',
              { class: 'cards', start: (page - 1) * 12 + 1, style: 'list-style:none;padding:0;margin:0' },
              p.items.map(it =>
                h(
                  'li',
                  { class: 'card' },
                  it.gifUrl ? h('img', { src: it.gifUrl, alt: `第 ${it.position} 位：${it.prompt}`, loading: 'lazy' }) : h('div', { class: 'muted' }, '无 GIF'),
                  h('div', { class: 'row' }, h('strong', {}, `第 ${it.position} 位`), h('span', { class: 'muted' }, KIND[it.kind] ?? it.kind)),
                  h('div', { class: 'prompt', title: it.prompt }, it.prompt),
                  h('a', { href: `#/tasks/${it.jobId}`, class: 'mono', style: 'font-size:11px' }, it.jobId),
                  h(
                    'div',
                    { class: 'row' },
                    h(
                      'button',
                      {
                        type: 'button',
                        class: 'btn btn-small',
                        'aria-label': `上移：${it.prompt}`,
                        disabled: it.position === 1,
                        dataset: { job: it.jobId, move: 'up' },
                        onclick: () => move(it.jobId, 'up'),
                      },
                      '↑ 上移',
                    ),
                    h(
                      'button',
                      {
                        type: 'button',
                        class: 'btn btn-small',
                        'aria-label': `下移：${it.prompt}`,
                        disabled: it.position === last,
                        dataset: { job: it.jobId, move: 'down' },
                        onclick: () => move(it.jobId, 'down'),
                      },
                      '↓ 下移',
                    ),
                    h(
                      'button',
                      {
                        type: 'button',
                        class: 'btn btn-small',
                        'aria-label': `置顶：${it.prompt}`,
                        disabled: it.position === 1,
                        dataset: { job: it.jobId, move: 'top' },
                        onclick: () => move(it.jobId, 'top'),
                      },
                      '置顶',
                    ),
                    h(
                      'button',
                      {
                        type: 'button',
                        class: 'btn btn-small',
                        'aria-label': `置底：${it.prompt}`,
                        disabled: it.position === last,
                        dataset: { job: it.jobId, move: 'bottom' },
                        onclick: () => move(it.jobId, 'bottom'),
                      },
                      '置底',
                    ),
                    h(
                      'button',
                      { type: 'button', class: 'btn btn-small btn-danger', 'aria-label': `移出精选：${it.prompt}`, onclick: () => feature(it, false) },
                      '移出',
                    ),
                  ),
                ),
              ),
            )
          : h('p', { class: 'empty' }, '还没有精选，从下面挑选成功的表情加入。'),
        pager(p, n => loadList(n), '精选分页'),
      ];
      return content;
    }).then(() => {
      if (refocus) {
        const el = listBox.querySelector(refocus);
        (el && !el.disabled ? el : listBox.querySelector('button:not([disabled])'))?.focus();
      }
    });

  let pickPage = 1;
  const loadPick = page =>
    load(pickBox, async () => {
      pickPage = page;
      const p = await api('/admin/tasks', { query: { status: 'SUCCEEDED', showcase: 'false', has_gif: 'true', page, page_size: 12 } });
      const items = p.items.filter(t => t.gifUrl && !t.deleted && !t.hidden);
      return [
        items.length
          ? h(
              'ul',
              { class: 'cards', style: 'list-style:none;padding:0;margin:0' },
              items.map(t =>
                h(
                  'li',
                  { class: 'card' },
                  h('img', { src: t.gifUrl, alt: t.prompt, loading: 'lazy' }),
                  h('div', { class: 'prompt', title: t.prompt }, t.prompt),
                  h('div', { class: 'muted', style: 'font-size:12px' }, `${t.phone} · ${fmtTime(t.createdAt)}`),
                  h(
                    'button',
                    { type: 'button', class: 'btn btn-small btn-primary', 'aria-label': `加入精选：${t.prompt}`, onclick: () => feature(t, true) },
                    '加入精选',
                  ),
                ),
              ),
            )
          : h('p', { class: 'empty' }, '没有可挑选的表情'),
        pager(p, loadPick, '可挑选表情分页'),
      ];
    });
  await Promise.all([loadList(1), loadPick(1)]);
}
