/** Sticker packs: N ordinary sticker tasks from one subject, paid with one all-or-nothing hold. */
import type { CaptionStyle } from './caption';
import type { StickerKind } from './credit';
import type { StickerView } from './task';

export const PACK_SIZES = [4, 8, 16] as const;
export type PackSize = (typeof PACK_SIZES)[number];

/** What the pack is of: a photo (image-to-video each), a character (one web-search description), a described subject. */
export type PackSubject = 'photo' | 'character' | 'description';

export const PACK_SUBJECT_KIND: Record<PackSubject, StickerKind> = {
  photo: 'image',
  character: 'web_search',
  description: 'text',
};

/** One expression: its label, the motion sent to the video model, and the caption it suggests. */
export interface ExpressionPreset {
  label: string;
  action: string;
  caption: string;
}

/** The default expressions (admins may replace them; GET /api/v1/packs/presets answers the current list). */
export const EXPRESSION_PRESETS: ExpressionPreset[] = [
  { label: '开心', action: '开心地笑，眼睛眯成一条缝，轻轻摇摆', caption: '开心' },
  { label: '难过', action: '难过地低下头，眼泪汪汪', caption: '难过' },
  { label: '生气', action: '气鼓鼓地跺脚，脸涨得通红', caption: '生气了' },
  { label: '惊讶', action: '惊讶地张大嘴巴，眼睛瞪圆', caption: '啊？' },
  { label: '点赞', action: '竖起大拇指点赞，满意地点头', caption: '点赞' },
  { label: '比心', action: '双手比心，甜甜地微笑', caption: '比心' },
  { label: '再见', action: '挥手告别，笑着说再见', caption: '再见' },
  { label: '收到', action: '认真地敬礼，点头表示收到', caption: '收到' },
  { label: '谢谢', action: '双手合十鞠躬致谢', caption: '谢谢' },
  { label: '晚安', action: '打着哈欠，闭眼睡着了', caption: '晚安' },
  { label: '疑问', action: '歪着头挠头，满脸疑惑', caption: '？？？' },
  { label: '加油', action: '握拳挥舞为对方加油', caption: '加油' },
  { label: '666', action: '竖起大拇指连连称赞', caption: '666' },
  { label: '哈哈哈', action: '笑得前仰后合，停不下来', caption: '哈哈哈' },
  { label: '无语', action: '面无表情地翻白眼', caption: '无语' },
  { label: '抱抱', action: '张开双臂要抱抱', caption: '抱抱' },
];

export const PACK_LABEL_MAX = 10;
export const PACK_TITLE_MAX = 20;
export const PACK_DESCRIPTION_MAX = 300;

/** What a pack costs, shown before paying: the sum of its stickers less the pack discount. */
export interface PackQuote {
  subject: PackSubject;
  size: PackSize;
  unitPrice: number;
  subtotal: number;
  discountPercent: number;
  total: number;
}

/** GET /api/v1/packs/presets */
export interface PackPresets {
  presets: ExpressionPreset[];
  sizes: readonly number[];
  discountPercent: number;
  prices: Record<PackSubject, number>;
}

export interface PackStickerInput {
  /** a preset's label or the user's own expression */
  label: string;
  /** the motion; a preset's when omitted and the label is a preset */
  action?: string;
  caption?: string;
}

/** POST /api/v1/packs (JSON). Returns PackView. */
export interface CreatePackRequest {
  subject: PackSubject;
  title?: string;
  /** photo: an upload id */
  imageId?: string;
  /** character */
  role?: string;
  source?: string;
  /** description: what the subject looks like */
  description?: string;
  /** one caption style for every sticker of the pack (default: white at the bottom) */
  captionStyle?: CaptionStyle;
  stickers: PackStickerInput[];
}

/** ACTIVE while any sticker can still change; DONE when every sticker is terminal. */
export type PackStatus = 'ACTIVE' | 'DONE';

export interface PackStickerView extends StickerView {
  slot: number;
  label: string;
}

export interface PackSummary {
  packId: string;
  title: string;
  subject: PackSubject;
  status: PackStatus;
  size: number;
  succeeded: number;
  failed: number;
  credits: number;
  coverUrl: string | null;
  createdAt: string;
}

export interface PackView extends PackSummary {
  quote: PackQuote;
  stickers: PackStickerView[];
}

/** One file of the 表情开放平台 export, as checked before zipping. */
export interface ExportFileCheck {
  name: string;
  role: 'main' | 'thumb' | 'cover' | 'icon' | 'banner';
  width: number;
  height: number;
  bytes: number;
  frames: number;
  ok: boolean;
  problems: string[];
  /** re-encoded at the platform's stricter limit */
  reencoded: boolean;
}

export interface ExportReport {
  packId: string;
  /** every file fits and the count is one the platform accepts */
  ok: boolean;
  count: number;
  /** what blocks the export (e.g. the number of stickers) */
  problems: string[];
  /** what the reviewer may still ask about (not checked by machine) */
  notes: string[];
  files: ExportFileCheck[];
}
