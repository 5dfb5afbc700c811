/** Sticker generation tasks: seed 001 video API and the app's own sticker API. */
import type { CaptionStyle } from './caption';
import type { StickerKind } from './credit';

/** Internal lifecycle (DESIGN.md). */
export const TASK_STATUSES = ['QUEUED', 'PENDING', 'RUNNING', 'CONVERTING', 'SUCCEEDED', 'FAILED', 'CANCELED'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];
/** Not finished yet: waiting, at the provider, or converting. */
export const ACTIVE_TASK_STATUSES: readonly TaskStatus[] = ['QUEUED', 'PENDING', 'RUNNING', 'CONVERTING'];

/** What seed 001's query endpoint reports. */
export type LegacyStatus = 'PENDING' | 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'UNKNOWN';

export const T2V_SIZES = ['832*480', '480*832', '624*624', '1280*720', '720*1280', '960*960', '1088*832', '832*1088'] as const;
export type T2VSize = (typeof T2V_SIZES)[number];
export const DEFAULT_T2V_SIZE: T2VSize = '624*624';

export const I2V_RESOLUTIONS = ['480P', '720P'] as const;
export type I2VResolution = (typeof I2V_RESOLUTIONS)[number];
export const DEFAULT_I2V_RESOLUTION: I2VResolution = '480P';

export const CAPTION_MAX_LENGTH = 16;

export const WEB_SEARCH_NOTICE = '目前联网生成是根据角色，通过联网，用文本描述样貌之后进行生成。效果远不及图生表情。建议通过图生表情';

export interface LegacyCreateResponse {
  code: 200;
  message: string;
  data: { job_id: string };
}
export interface LegacyQueryResponse {
  code: 200 | 500;
  message?: string;
  data: {
    job_id: string;
    status: LegacyStatus;
    video_url?: string;
    error_message?: string;
    progress?: number;
    thumbnail_url?: string;
    mp4_url?: string;
    credits?: number;
  };
}

export interface StickerView {
  jobId: string;
  kind: StickerKind;
  status: TaskStatus;
  legacyStatus: LegacyStatus;
  prompt: string;
  caption: string | null;
  captionStyle: CaptionStyle;
  provider: string | null;
  progress: number;
  gifUrl: string | null;
  mp4Url: string | null;
  thumbnailUrl: string | null;
  credits: number;
  errorMessage: string | null;
  /** the owner's "允许展示" switch: operators may feature the sticker on the home page only while true */
  showcaseAllowed: boolean;
  /** while in progress: the measured median seconds of recent stickers of this kind and provider; else null */
  typicalSeconds: number | null;
  createdAt: string;
  finishedAt: string | null;
}

/** App API: POST /api/v1/stickers (JSON). Returns StickerView. */
export interface CreateStickerRequest {
  kind: StickerKind;
  /** text and image kinds: what to generate / how the photo should move */
  prompt?: string;
  /** optional 表情包 caption drawn on every frame */
  caption?: string;
  /** where and in which colours the caption is drawn (default DEFAULT_CAPTION_STYLE) */
  captionStyle?: CaptionStyle;
  /** image kind: id returned by POST /api/v1/upload/image */
  imageId?: string;
  /** web_search kind */
  role?: string;
  source?: string;
  action?: string;
}

/**
 * App API: POST /api/v1/stickers/:jobId/recaption (JSON). Free: re-renders the GIF from the stored MP4.
 * An empty caption removes it; a missing captionStyle keeps the current one. Returns StickerView.
 */
export interface RecaptionRequest {
  caption?: string;
  captionStyle?: CaptionStyle;
}

export interface UploadImageResult {
  id: string;
  url: string;
  width: number;
  height: number;
  bytes: number;
  mime: string;
}

export interface ShowcaseItem {
  jobId: string;
  gifUrl: string;
  thumbnailUrl: string | null;
  prompt: string;
  kind: StickerKind;
}

/** GET /api/v1/meta — public facts the UI shows. */
export interface MetaResult {
  prices: Record<StickerKind, number>;
  signupBonus: number;
  /** providers currently answered by the local simulator (no API key configured) */
  simulatedProviders: string[];
  captionMaxLength: number;
}
