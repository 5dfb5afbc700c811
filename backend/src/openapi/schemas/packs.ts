/** Sticker packs: presets and quote, a pack and my packs, the 表情开放平台 export report, the admins' presets. */
import {
  EXPRESSION_PRESETS,
  ExportFileCheck,
  ExportReport,
  ExpressionPreset,
  PACK_SIZES,
  PACK_SUBJECT_KIND,
  PackPresets,
  PackQuote,
  PackStatus,
  PackStickerView,
  PackSubject,
  PackSummary,
  PackView,
} from '@app/shared';
import { appOk, arrayOf, bool, int, keysOf, nullable, obj, oneOfInts, oneOfStrings, pageOf, paged, ref, Schema, str, T0 } from './common';
import { STICKER_EXAMPLE, STICKER_FIELDS } from './stickers';

const subject = oneOfStrings(keysOf<PackSubject>(PACK_SUBJECT_KIND));
const preset = obj<ExpressionPreset>({ label: str, action: str, caption: str });
const quote = obj<PackQuote>({ subject, size: oneOfInts(PACK_SIZES), unitPrice: int, subtotal: int, discountPercent: int, total: int });
const summaryFields: { [K in keyof PackSummary]: Schema } = {
  packId: { type: 'string', pattern: '^pack_' },
  title: str,
  subject,
  status: oneOfStrings(keysOf<PackStatus>({ ACTIVE: 1, DONE: 1 })),
  size: oneOfInts(PACK_SIZES),
  succeeded: int,
  failed: int,
  credits: int,
  coverUrl: nullable(str),
  createdAt: STICKER_FIELDS.createdAt,
};
const fileRole = oneOfStrings(keysOf<ExportFileCheck['role']>({ main: 1, thumb: 1, cover: 1, icon: 1, banner: 1 }));

const PACK_ID = 'pack_0123456789abcdef01234567';
const QUOTE_EXAMPLE: PackQuote = { subject: 'description', size: 4, unitPrice: 20, subtotal: 80, discountPercent: 10, total: 72 };
const SUMMARY_EXAMPLE: PackSummary = {
  packId: PACK_ID,
  title: '我的猫',
  subject: 'description',
  status: 'DONE',
  size: 4,
  succeeded: 4,
  failed: 0,
  credits: 72,
  coverUrl: 'https://example.com/files/thumb.png',
  createdAt: T0,
};
const PACK_EXAMPLE: PackView = { ...SUMMARY_EXAMPLE, quote: QUOTE_EXAMPLE, stickers: [{ ...STICKER_EXAMPLE, credits: 18, slot: 0, label: '开心' }] };
const PRESETS_EXAMPLE: PackPresets = {
  presets: EXPRESSION_PRESETS.slice(0, 2),
  sizes: PACK_SIZES,
  discountPercent: 10,
  prices: { photo: 25, character: 25, description: 20 },
};
const REPORT_EXAMPLE: ExportReport = {
  packId: PACK_ID,
  ok: true,
  count: 8,
  problems: [],
  notes: ['表情含义词请在投稿时逐个填写'],
  files: [{ name: 'main/01.gif', role: 'main', width: 240, height: 240, bytes: 90000, frames: 20, ok: true, problems: [], reencoded: false }],
};

export const PACK_SCHEMAS: Record<string, Schema> = {
  PackPresetsOk: appOk(
    obj<PackPresets>({
      presets: arrayOf(preset),
      sizes: arrayOf(oneOfInts(PACK_SIZES)),
      discountPercent: int,
      prices: obj<PackPresets['prices']>({ photo: int, character: int, description: int }),
    }),
    PRESETS_EXAMPLE,
  ),
  PackQuoteOk: appOk(quote, QUOTE_EXAMPLE),
  PackView: {
    ...obj<PackView>({
      ...summaryFields,
      quote,
      stickers: arrayOf(obj<PackStickerView>({ ...STICKER_FIELDS, slot: int, label: str })),
    }),
    example: PACK_EXAMPLE,
  },
  PackOk: appOk(ref('PackView'), PACK_EXAMPLE, '已开始生成'),
  PackPageOk: appOk(paged(obj<PackSummary>(summaryFields)), pageOf(SUMMARY_EXAMPLE)),
  PackDeletedOk: appOk(obj<{ packId: string }>({ packId: str }), { packId: PACK_ID }, '已删除'),
  ExportReportOk: appOk(
    obj<ExportReport>({
      packId: str,
      ok: bool,
      count: int,
      problems: arrayOf(str),
      notes: arrayOf(str),
      files: arrayOf(
        obj<ExportFileCheck>({
          name: str,
          role: fileRole,
          width: int,
          height: int,
          bytes: int,
          frames: int,
          ok: bool,
          problems: arrayOf(str),
          reencoded: bool,
        }),
      ),
    }),
    REPORT_EXAMPLE,
    '全部符合要求',
  ),
  /** the admins' expression presets (GET and PUT /api/v1/admin/pack-presets) */
  ExpressionPresetsOk: appOk(arrayOf(preset), EXPRESSION_PRESETS.slice(0, 2)),
};
