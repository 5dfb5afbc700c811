/** The app's sticker API: a sticker (StickerView), my stickers, uploads, re-captions, provider callbacks, meta. */
import {
  CAPTION_COLOR_NAMES,
  CAPTION_POSITIONS,
  CaptionStyle,
  DEFAULT_PRICES,
  MetaResult,
  StickerKind,
  StickerView,
  TASK_STATUSES,
  UploadImageResult,
} from '@app/shared';
import type { ImageMime } from '../../media/image';
import { LEGACY_STATUSES } from './seed001';
import { appOk, bool, int, JOB_ID, keysOf, nullable, num, obj, oneOfStrings, pageOf, paged, ref, Schema, str, T0, T1, time } from './common';

export const STICKER_KINDS = keysOf<StickerKind>(DEFAULT_PRICES);
export const kind = oneOfStrings(STICKER_KINDS);
export const taskStatus = oneOfStrings(TASK_STATUSES);
export const captionStyle = obj<CaptionStyle>({ position: oneOfStrings(CAPTION_POSITIONS), color: oneOfStrings(CAPTION_COLOR_NAMES) });
const IMAGE_MIMES = keysOf<ImageMime>({ 'image/jpeg': 1, 'image/png': 1, 'image/webp': 1, 'image/bmp': 1 });
export const prices = obj<Record<StickerKind, number>>({ text: int, image: int, web_search: int });

const stickerFields = {
  jobId: str,
  kind,
  status: taskStatus,
  legacyStatus: oneOfStrings(LEGACY_STATUSES),
  prompt: str,
  caption: nullable(str),
  captionStyle,
  provider: nullable(str),
  progress: int,
  gifUrl: nullable(str),
  mp4Url: nullable(str),
  thumbnailUrl: nullable(str),
  credits: int,
  errorMessage: nullable(str),
  showcaseAllowed: bool,
  typicalSeconds: nullable(num),
  createdAt: time,
  finishedAt: nullable(time),
};
/** StickerView's fields, for the views that extend it (a pack's stickers) */
export const STICKER_FIELDS: { [K in keyof StickerView]: Schema } = stickerFields;

export const STICKER_EXAMPLE: StickerView = {
  jobId: JOB_ID,
  kind: 'text',
  status: 'SUCCEEDED',
  legacyStatus: 'SUCCEEDED',
  prompt: '一只猫在跳舞',
  caption: null,
  captionStyle: { position: 'bottom', color: 'white' },
  provider: 'dashscope',
  progress: 100,
  gifUrl: 'https://example.com/files/job.gif',
  mp4Url: null,
  thumbnailUrl: null,
  credits: 20,
  errorMessage: null,
  showcaseAllowed: true,
  typicalSeconds: null,
  createdAt: T0,
  finishedAt: T1,
};

const UPLOAD_EXAMPLE: UploadImageResult = {
  id: 'up_0123456789abcdef01234567',
  url: 'https://example.com/files/up.jpg',
  width: 720,
  height: 720,
  bytes: 80123,
  mime: 'image/jpeg',
};
const META_EXAMPLE: MetaResult = { prices: DEFAULT_PRICES, signupBonus: 100, simulatedProviders: ['dashscope'], captionMaxLength: 16 };

export const STICKER_SCHEMAS: Record<string, Schema> = {
  StickerView: { ...obj<StickerView>(STICKER_FIELDS), example: STICKER_EXAMPLE },
  StickerOk: appOk(ref('StickerView'), STICKER_EXAMPLE),
  StickerPageOk: appOk(paged(ref('StickerView')), pageOf(STICKER_EXAMPLE)),
  StickerDeletedOk: appOk(obj<{ jobId: string }>({ jobId: str }), { jobId: JOB_ID }, '已删除'),
  UploadImageOk: appOk(
    obj<UploadImageResult>({ id: { type: 'string', pattern: '^up_' }, url: str, width: int, height: int, bytes: int, mime: oneOfStrings(IMAGE_MIMES) }),
    UPLOAD_EXAMPLE,
    '上传成功',
  ),
  CallbackReceivedOk: appOk(obj<{ received: true }>({ received: { type: 'boolean', enum: [true] } }), { received: true }),
  MetaOk: appOk(obj<MetaResult>({ prices, signupBonus: int, simulatedProviders: { type: 'array', items: str }, captionMaxLength: int }), META_EXAMPLE),
};
