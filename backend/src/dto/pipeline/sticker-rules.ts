/**
 * One sticker's field rules, one place each: the sticker and seed 001 video DTOs declare them per field, and
 * `stickerFields` runs them in the same order for inputs that come from no DTO (a pack's stickers, a retry).
 * Each reader takes the raw value and returns the clean one, or throws our error (a stable code, the message users see).
 */
import { RuleType } from '@midwayjs/validate';
import { DEFAULT_I2V_RESOLUTION, DEFAULT_T2V_SIZE, I2V_RESOLUTIONS, StickerKind, T2V_SIZES } from '@app/shared';
import { AppError, validation } from '../../error/app.error';
import { normalizeCaption } from '../../media/caption';
import { parseDataUri } from '../../media/image';
import { asText, mustRead, optionalText } from '../rules';

export const PROMPT_MAX = 800;
export const NEGATIVE_MAX = 500;
export const ROLE_MAX = 50;
export const ACTION_MAX = 100;

const text = (v: unknown) => asText(v)?.trim() || undefined;

/** Normalized caption (length only; which characters the configured font draws is checked by the media service). */
export const captionOf = (v: unknown) => normalizeCaption(asText(v));

export function negativePromptOf(v: unknown): string | undefined {
  const t = text(v);
  if (t && t.length > NEGATIVE_MAX) throw validation(`反向提示词最多 ${NEGATIVE_MAX} 个字`);
  return t;
}

export function sizeOf(v: unknown): string {
  const size = text(v) || DEFAULT_T2V_SIZE;
  if (!(T2V_SIZES as readonly string[]).includes(size)) throw validation(`不支持的尺寸 ${size.slice(0, 20)}，可选：${T2V_SIZES.join(', ')}`);
  return size;
}

export function resolutionOf(v: unknown): string {
  const resolution = text(v)?.toUpperCase() || DEFAULT_I2V_RESOLUTION;
  if (!(I2V_RESOLUTIONS as readonly string[]).includes(resolution)) throw validation(`不支持的分辨率，可选：${I2V_RESOLUTIONS.join(', ')}`);
  return resolution;
}

export function roleOf(v: unknown): string {
  const role = text(v);
  if (!role) throw validation('请填写角色名称');
  if (role.length > ROLE_MAX) throw validation(`角色和出处最多 ${ROLE_MAX} 个字`);
  return role;
}

export function sourceOf(v: unknown): string | undefined {
  const source = text(v);
  if (source && source.length > ROLE_MAX) throw validation(`角色和出处最多 ${ROLE_MAX} 个字`);
  return source;
}

export function actionOf(v: unknown): string {
  const action = text(v);
  if (!action) throw validation('请填写角色动作');
  if (action.length > ACTION_MAX) throw validation(`动作最多 ${ACTION_MAX} 个字`);
  return action;
}

/** The prompt of a sticker (what the picture should do; a template's web_search prompt is the role's action). */
export const promptOf =
  (kind: StickerKind) =>
  (v: unknown): string => {
    const prompt = text(v);
    if (!prompt) throw validation(kind === 'image' ? '请描述图片要怎么动' : kind === 'web_search' ? '请填写角色动作' : '请填写描述');
    if (prompt.length > PROMPT_MAX) throw validation(`描述最多 ${PROMPT_MAX} 个字`);
    return prompt;
  };

/** An image sticker's photo as a Data URI: the cheap checks (length cap, MIME, base64) before anything is written. */
export function dataUriOf(v: unknown): string {
  const uri = text(v);
  if (!uri) throw new AppError('IMAGE_INVALID', '请上传一张图片');
  parseDataUri(uri);
  return uri;
}

/** The clean fields of one sticker (everything but the photo and the content check). */
export interface StickerFields {
  prompt: string;
  negativePrompt: string | null;
  caption: string | null;
  size: string;
  resolution: string;
  role: string | null;
  source: string | null;
}

/** A sticker's input from no DTO: the same readers, in the DTOs' order. */
export function stickerFields(
  kind: StickerKind,
  input: { prompt?: string; negativePrompt?: string; caption?: string; size?: string; resolution?: string; role?: string; source?: string; action?: string },
): StickerFields {
  const caption = captionOf(input.caption) ?? null;
  const negativePrompt = negativePromptOf(input.negativePrompt) ?? null;
  const size = sizeOf(input.size);
  const resolution = resolutionOf(input.resolution);
  if (kind === 'web_search') {
    const role = roleOf(input.role);
    const prompt = actionOf(input.action);
    return { prompt, negativePrompt, caption, size, resolution, role, source: sourceOf(input.source) ?? null };
  }
  return { prompt: promptOf(kind)(input.prompt), negativePrompt, caption, size, resolution, role: null, source: null };
}

// ---- as DTO rules ----

/** An optional field read by `read` (joi runs no rule for an absent field: the service applies defaults). */
export const optional = <T>(read: (v: unknown) => T) => RuleType.any().custom(v => read(v));

/** A field required by some values of the `ref` field (each with its reader), ignored for the others. */
export const requiredWhen = (ref: string, reads: Record<string, (v: unknown) => unknown>) =>
  RuleType.any().when(ref, {
    switch: Object.entries(reads).map(([is, read]) => ({ is, then: mustRead(read) })),
    otherwise: optionalText(),
  });

/** The photo as a Data URI, required for `kind` `image` unless `idField` names an upload; other kinds ignore it. */
export const photoWhen = (ref: string, image: string, idField: string) =>
  RuleType.any().when(ref, {
    is: image,
    then: RuleType.any().when(idField, { is: RuleType.exist(), then: optionalText(), otherwise: mustRead(dataUriOf) }),
    otherwise: optionalText(),
  });
