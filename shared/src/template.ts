/** Templates: a ready recipe (prompt, caption, caption style, kind, example sticker) behind "做同款". */
import type { CaptionStyle } from './caption';
import type { StickerKind } from './credit';

/** GET /api/v1/templates (public, in admin order, hidden ones left out) and GET /api/v1/templates/:id. */
export interface TemplateView {
  id: number;
  kind: StickerKind;
  title: string;
  /** text: the prompt; image: how the photo should move; web_search: the action */
  prompt: string;
  /** web_search only */
  role: string | null;
  source: string | null;
  caption: string | null;
  captionStyle: CaptionStyle;
  exampleGifUrl: string | null;
  exampleThumbnailUrl: string | null;
}

export interface AdminTemplateView extends TemplateView {
  /** jobId of the finished sticker shown as the example */
  exampleJobId: string | null;
  hidden: boolean;
  /** 1-based place in the home-page order */
  position: number;
  createdAt: string;
}

/** POST /api/v1/admin/templates and PUT /api/v1/admin/templates/:id (JSON). */
export interface TemplateInput {
  kind: StickerKind;
  title: string;
  prompt: string;
  role?: string;
  source?: string;
  caption?: string;
  captionStyle?: CaptionStyle;
  exampleJobId?: string;
  hidden?: boolean;
}

export const TEMPLATE_TITLE_MAX = 20;
