/** Bodies of the admin console's list editors: the blocked words and the pack presets, each replaced as a whole. */
import { ApiProperty } from '@midwayjs/swagger';
import { Rule } from '@midwayjs/validate';
import { CAPTION_MAX_LENGTH, ExpressionPreset, PACK_LABEL_MAX } from '@app/shared';
import { validation } from '../../error/app.error';
import { normalize, WORD_MAX, WORDS_MAX } from '../../service/content/wordlist.checker';
import { mustRead } from '../rules';
import { ACTION_MAX } from '../pipeline/sticker-rules';
import { optionalReason } from './admin-body.dto';

const MAX_PRESETS = 40;

/** The saved word list: strings, normalized as the checker matches them, duplicates and blanks dropped. */
export function wordListOf(raw: unknown): string[] {
  if (!Array.isArray(raw)) throw validation('words 必须是字符串数组', { field: 'words' });
  if (raw.length > WORDS_MAX) throw validation(`最多 ${WORDS_MAX} 个词`, { field: 'words' });
  const out = new Set<string>();
  for (const w of raw) {
    if (typeof w !== 'string') throw validation('words 只能包含字符串', { field: 'words' });
    const n = normalize(w);
    if (!n) continue;
    if (n.length > WORD_MAX) throw validation(`每个词最多 ${WORD_MAX} 个字`, { field: 'words' });
    out.add(n);
  }
  return [...out];
}

/** 4–40 presets, labels unique, every field within its limit. */
export function presetsOf(raw: unknown): ExpressionPreset[] {
  if (!Array.isArray(raw)) throw validation('presets 必须是列表');
  if (raw.length < 4 || raw.length > MAX_PRESETS) throw validation(`表情预设需要 4 到 ${MAX_PRESETS} 个`);
  const seen = new Set<string>();
  return raw.map((item: unknown, i) => {
    const o = item && typeof item === 'object' ? (item as Record<string, unknown>) : {};
    const str = (v: unknown) => (typeof v === 'string' ? v.trim() : '');
    const label = str(o.label);
    const action = str(o.action);
    const caption = str(o.caption);
    if (!label || [...label].length > PACK_LABEL_MAX) throw validation(`第 ${i + 1} 个预设：名称需要 1 到 ${PACK_LABEL_MAX} 个字`);
    if (seen.has(label)) throw validation(`预设名称「${label}」重复了`);
    seen.add(label);
    if (!action || action.length > ACTION_MAX) throw validation(`「${label}」的动作需要 1 到 ${ACTION_MAX} 个字`);
    if ([...caption].length > CAPTION_MAX_LENGTH) throw validation(`「${label}」的配字最多 ${CAPTION_MAX_LENGTH} 个字`);
    return { label, action, caption };
  });
}

export class BlockedWordsDTO {
  @ApiProperty({
    type: 'array',
    items: { type: 'string' },
    description: `替换后的敏感词（最多 ${WORDS_MAX} 个，每个最多 ${WORD_MAX} 字）`,
    example: ['违禁词'],
  })
  @Rule(mustRead(wordListOf))
  words: string[];

  @ApiProperty({ required: false, description: '操作原因（写入操作日志）' })
  @Rule(optionalReason())
  reason: string;
}

export class PackPresetsDTO {
  @ApiProperty({
    type: 'array',
    description: `表情预设（4 到 ${MAX_PRESETS} 个）：{label, action, caption}`,
    example: [{ label: '开心', action: '开心地笑', caption: '开心' }],
  })
  @Rule(mustRead(presetsOf))
  presets: ExpressionPreset[];

  @ApiProperty({ required: false, description: '操作原因（写入操作日志）' })
  @Rule(optionalReason())
  reason: string;
}
