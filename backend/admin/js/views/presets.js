// 表情预设: the expressions offered on the create-pack page, one per line "名称 | 动作 | 配字", in order.
import { api } from '../api.js';
import { alertBox, clear, h, toast } from '../dom.js';

const toText = presets => presets.map(p => [p.label, p.action, p.caption].join(' | ')).join('\n');

/** Lines → presets; a line needs a name and an action, the caption may be empty. */
export function parsePresets(text) {
  return text
    .split('\n')
    .map(l => l.trim())
    .filter(Boolean)
    .map(line => {
      const [label = '', action = '', caption = ''] = line.split('|').map(s => s.trim());
      return { label, action, caption };
    });
}

export async function render(root) {
  clear(root, h('h1', {}, '表情预设'), h('p', { class: 'loading' }, '加载中…'));
  const presets = await api('/admin/pack-presets');
  const area = h('textarea', { id: 'presets-text', rows: 20, cols: 60, class: 'mono', spellcheck: 'false' }, toText(presets));
  const status = h('div', { 'aria-live': 'polite' });
  const form = h(
    'form',
    {
      class: 'panel',
      onsubmit: async e => {
        e.preventDefault();
        clear(status);
        try {
          const saved = await api('/admin/pack-presets', { method: 'PUT', body: { presets: parsePresets(area.value) } });
          area.value = toText(saved);
          toast(`已保存 ${saved.length} 个表情预设`, 'ok');
        } catch (err) {
          clear(status, alertBox(err));
        }
      },
    },
    h('p', {}, '做表情包页面上供用户挑选的表情，每行一个：名称 | 动作（发给视频模型的描述）| 默认配字（可留空）。保存后立即生效，顺序即显示顺序；4 到 40 个。'),
    h('label', { for: 'presets-text' }, '表情预设'),
    area,
    status,
    h('button', { type: 'submit', class: 'btn btn-primary' }, '保存'),
  );
  clear(root, h('h1', {}, '表情预设'), form);
}
