/** The app's sticker-pack request and quote (JSON). Each rule reads one field and answers with its own message. */
import { ApiProperty } from '@midwayjs/swagger';
import { Rule, RuleType } from '@midwayjs/validate';
import { CaptionStyle, PACK_DESCRIPTION_MAX, PACK_LABEL_MAX, PACK_SIZES, PACK_TITLE_MAX, PackSize, PackSubject } from '@app/shared';
import { validation } from '../../error/app.error';
import { PackStickerRequest } from '../../service/pack/pack.service';
import { captionStyleRule, mustRead, optionalText } from '../rules';
import { ACTION_MAX } from '../pipeline/sticker-rules';

const SUBJECTS: PackSubject[] = ['photo', 'character', 'description'];
const MAX_STICKERS = 17;

const text = (v: unknown) => (typeof v === 'string' ? v.trim() || undefined : typeof v === 'number' && Number.isFinite(v) ? String(v) : undefined);

const subjectRule = () =>
  mustRead(v => {
    if (typeof v !== 'string' || !SUBJECTS.includes(v as PackSubject)) throw validation('subject 必须是 photo、character 或 description');
    return v;
  });

/** One sticker of the request: a preset's label (its action and caption by default) or the user's own expression. */
function stickerOf(raw: unknown, i: number): PackStickerRequest {
  const s = raw && typeof raw === 'object' && !Array.isArray(raw) ? (raw as Record<string, unknown>) : {};
  const label = text(s.label);
  if (!label) throw validation(`第 ${i + 1} 个表情缺少名称`);
  if ([...label].length > PACK_LABEL_MAX) throw validation(`表情名称最多 ${PACK_LABEL_MAX} 个字`);
  const action = text(s.action);
  if (action && action.length > ACTION_MAX) throw validation(`表情动作最多 ${ACTION_MAX} 个字`);
  // absent: the preset's caption (or the label); an empty string: no caption
  const caption = typeof s.caption === 'string' ? s.caption.trim() || null : undefined;
  return { label, action, caption };
}

export class PackQuoteQuery {
  @ApiProperty({ enum: SUBJECTS })
  @Rule(subjectRule())
  subject: PackSubject;

  @ApiProperty({ enum: [...PACK_SIZES] })
  @Rule(
    mustRead(v => {
      const n = Number(v);
      if (!(PACK_SIZES as readonly number[]).includes(n)) throw validation(`size 只能是 ${PACK_SIZES.join('、')}`);
      return n;
    }),
  )
  size: PackSize;
}

export class PackCreateDTO {
  @ApiProperty({ enum: SUBJECTS, description: '主角：photo 照片、character 角色、description 文字描述' })
  @Rule(subjectRule())
  subject: PackSubject;

  @ApiProperty({ type: 'array', description: `表情列表（最多 ${MAX_STICKERS} 个）：{label, action?, caption?}`, example: [{ label: '开心' }] })
  @Rule(
    mustRead(v => {
      if (!Array.isArray(v)) throw validation('stickers 必须是表情列表');
      const stickers = v.slice(0, MAX_STICKERS).map(stickerOf);
      if (!(PACK_SIZES as readonly number[]).includes(stickers.length)) throw validation(`一套表情包需要 ${PACK_SIZES.join('、')} 个表情`);
      return stickers;
    }),
  )
  stickers: PackStickerRequest[];

  @ApiProperty({ required: false, description: `表情包名称（最多 ${PACK_TITLE_MAX} 字）` })
  @Rule(
    RuleType.any().custom(v => {
      const t = text(v);
      if (t && [...t].length > PACK_TITLE_MAX) throw validation(`表情包名称最多 ${PACK_TITLE_MAX} 个字`);
      return t;
    }),
  )
  title?: string;

  @ApiProperty({ required: false, description: `主角描述（最多 ${PACK_DESCRIPTION_MAX} 字）` })
  @Rule(
    RuleType.any().custom(v => {
      const t = text(v);
      if (t && t.length > PACK_DESCRIPTION_MAX) throw validation(`主角描述最多 ${PACK_DESCRIPTION_MAX} 个字`);
      return t;
    }),
  )
  description?: string;

  @ApiProperty({ required: false, description: 'photo：POST /api/v1/upload/image 返回的图片 id' })
  @Rule(optionalText())
  imageId?: string;

  @ApiProperty({ required: false })
  @Rule(optionalText())
  role?: string;

  @ApiProperty({ required: false })
  @Rule(optionalText())
  source?: string;

  @ApiProperty({ required: false, type: 'object', description: 'CaptionStyle' })
  @Rule(captionStyleRule())
  captionStyle?: CaptionStyle;
}
