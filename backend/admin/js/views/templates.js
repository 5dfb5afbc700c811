// 模板: the "做同款" recipes on the mini-program's home page, in order (create, edit, move, hide/show).
import { api } from '../api.js';
import { clear, formDialog, h, KIND, load, toast } from '../dom.js';
import { CAPTION_COLOR_NAMES, CAPTION_COLORS, CAPTION_POSITION_LABELS, CAPTION_POSITIONS } from '../shared.js';

const POSITIONS = CAPTION_POSITIONS.map(p => [p, CAPTION_POSITION_LABELS[p]]);
const COLORS = CAPTION_COLOR_NAMES.map(c => [c, CAPTION_COLORS[c].label]);
const label = (pairs, v) => (pairs.find(p => p[0] === v) ?? [v, v])[1];

/** The form, filled with `t` when editing. */
function edit(t) {
  return formDialog({
    title: t ? `修改模板：${t.title}` : '新建模板',
    description: '用户在首页点「做同款」会打开对应的创建页并填好这些内容（图片模板只差用户自己的照片）。示例表情填一个生成成功的任务号（任务页可复制）。',
    fields: [
      { name: 'kind', label: '类型', type: 'select', value: t?.kind ?? 'text', options: Object.entries(KIND) },
      { name: 'title', label: '名称', required: true, maxlength: 20, value: t?.title },
      { name: 'prompt', label: '描述（文字：画面；图片：怎么动；联网：动作）', type: 'textarea', required: true, maxlength: 800, value: t?.prompt },
      { name: 'role', label: '角色（联网）', maxlength: 50, value: t?.role ?? '' },
      { name: 'source', label: '出处（联网，可选）', maxlength: 50, value: t?.source ?? '' },
      { name: 'caption', label: '配字（可选）', maxlength: 16, value: t?.caption ?? '' },
      { name: 'position', label: '配字位置', type: 'select', value: t?.captionStyle.position ?? 'bottom', options: POSITIONS },
      { name: 'color', label: '配字颜色', type: 'select', value: t?.captionStyle.color ?? 'white', options: COLORS },
      { name: 'exampleJobId', label: '示例表情任务号（可选）', placeholder: 'job_…', value: t?.exampleJobId ?? '' },
    ],
    submitLabel: t ? '保存' : '创建',
    submit: v => {
      const body = {
        kind: v.kind,
        title: v.title,
        prompt: v.prompt,
        role: v.role,
        source: v.source,
        caption: v.caption,
        captionStyle: { position: v.position, color: v.color },
        exampleJobId: v.exampleJobId,
        hidden: t?.hidden ?? false,
      };
      return t ? api(`/admin/templates/${t.id}`, { method: 'PUT', body }) : api('/admin/templates', { method: 'POST', body });
    },
  });
}

export async function render(root) {
  const listBox = h('div', {});
  clear(
    root,
    h('h1', {}, '模板'),
    h('p', { class: 'muted' }, '按顺序显示在小程序首页的「做同款」（公开接口 GET /api/v1/templates），隐藏的不显示。'),
    h(
      'p',
      {},
      h('button', { type: 'button', class: 'btn btn-primary', onclick: () => edit(null).then(r => r && (toast('模板已创建'), loadList())) }, '新建模板'),
    ),
    h('section', { class: 'panel', 'aria-labelledby': 'tpl-title' }, h('h2', { id: 'tpl-title' }, '全部模板（按首页顺序）'), listBox),
  );

  const act = async (path, body, done) => {
    try {
      await api(path, { method: 'POST', body });
      toast(done);
      await loadList();
    } catch (e) {
      toast(e.message, 'bad');
    }
  };

  const loadList = () =>
    load(listBox, async () => {
      const items = await api('/admin/templates');
      const last = items.length;
      return items.length
        ? h(
            'ol',
            { class: 'cards', style: 'list-style:none;padding:0;margin:0' },
            items.map(t =>
              h(
                'li',
                { class: 'card', dataset: { template: t.id } },
                t.exampleGifUrl ? h('img', { src: t.exampleGifUrl, alt: `示例：${t.title}`, loading: 'lazy' }) : h('div', { class: 'muted' }, '无示例'),
                h(
                  'div',
                  { class: 'row' },
                  h('strong', {}, `第 ${t.position} 位 · ${t.title}`),
                  h('span', { class: 'muted' }, KIND[t.kind] ?? t.kind),
                  t.hidden ? h('span', { class: 'badge' }, '已隐藏') : null,
                ),
                h('div', { class: 'prompt', title: t.prompt }, t.role ? `${t.role}：${t.prompt}` : t.prompt),
                h(
                  'div',
                  { class: 'muted', style: 'font-size:12px' },
                  t.caption ? `配字「${t.caption}」· ${label(POSITIONS, t.captionStyle.position)} · ${label(COLORS, t.captionStyle.color)}` : '无配字',
                ),
                h(
                  'div',
                  { class: 'row' },
                  h(
                    'button',
                    {
                      type: 'button',
                      class: 'btn btn-small',
                      'aria-label': `上移：${t.title}`,
                      disabled: t.position === 1,
                      onclick: () => act(`/admin/templates/${t.id}/move`, { direction: 'up' }, '已上移'),
                    },
                    '↑ 上移',
                  ),
                  h(
                    'button',
                    {
                      type: 'button',
                      class: 'btn btn-small',
                      'aria-label': `下移：${t.title}`,
                      disabled: t.position === last,
                      onclick: () => act(`/admin/templates/${t.id}/move`, { direction: 'down' }, '已下移'),
                    },
                    '↓ 下移',
                  ),
                  h(
                    'button',
                    {
                      type: 'button',
                      class: 'btn btn-small',
                      'aria-label': `修改：${t.title}`,
                      onclick: () => edit(t).then(r => r && (toast('模板已保存'), loadList())),
                    },
                    '修改',
                  ),
                  h(
                    'button',
                    {
                      type: 'button',
                      class: `btn btn-small${t.hidden ? '' : ' btn-danger'}`,
                      'aria-label': `${t.hidden ? '显示' : '隐藏'}：${t.title}`,
                      onclick: () => act(`/admin/templates/${t.id}/visibility`, { hidden: !t.hidden }, t.hidden ? '已显示' : '已隐藏'),
                    },
                    t.hidden ? '显示' : '隐藏',
                  ),
                ),
              ),
            ),
          )
        : h('p', { class: 'empty' }, '还没有模板，点「新建模板」添加。');
    });
  await loadList();
}
