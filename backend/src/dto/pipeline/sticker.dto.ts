/**
 * The app's sticker bodies (JSON or form). Each field's rule is in sticker-rules.ts; what needs the database or the
 * user (the photo's owner, credits, the content check, the caption font) is TaskService.check's.
 */
import { ApiProperty } from '@midwayjs/swagger';
import { Rule, RuleType } from '@midwayjs/validate';
import { CAPTION_MAX_LENGTH, CaptionStyle, DEFAULT_I2V_RESOLUTION, DEFAULT_T2V_SIZE, I2V_RESOLUTIONS, StickerKind, T2V_SIZES, TaskStatus } from '@app/shared';
import { validation } from '../../error/app.error';
import { PageQuery } from '../page.dto';
import { captionStyleRule, optionalText, says } from '../rules';
import {
  ACTION_MAX,
  actionOf,
  captionOf,
  NEGATIVE_MAX,
  negativePromptOf,
  optional,
  photoWhen,
  PROMPT_MAX,
  promptOf,
  requiredWhen,
  resolutionOf,
  ROLE_MAX,
  roleOf,
  sizeOf,
  sourceOf,
} from './sticker-rules';

const KINDS: StickerKind[] = ['text', 'image', 'web_search'];

export class StickerCreateDTO {
  @ApiProperty({ enum: KINDS, example: 'text' })
  @Rule(
    RuleType.string()
      .trim()
      .valid(...KINDS)
      .required()
      .error(says('kind 必须是 text、image 或 web_search', 'kind')),
  )
  kind: StickerKind;

  @ApiProperty({ required: false, type: 'object', description: 'CaptionStyle（shared/src/caption.ts），或其 JSON 字符串' })
  @Rule(captionStyleRule())
  captionStyle?: CaptionStyle;

  @ApiProperty({ required: false, description: `画在 GIF 上的文字（最多 ${CAPTION_MAX_LENGTH} 个字）` })
  @Rule(optional(captionOf))
  caption?: string;

  @ApiProperty({ required: false, description: `反向提示词（最多 ${NEGATIVE_MAX} 字）` })
  @Rule(optional(negativePromptOf))
  negativePrompt?: string;

  @ApiProperty({ required: false, enum: [...T2V_SIZES], description: `文字、联网角色表情的尺寸，默认 ${DEFAULT_T2V_SIZE}` })
  @Rule(optional(sizeOf))
  size?: string;

  @ApiProperty({ required: false, enum: [...I2V_RESOLUTIONS], description: `图片表情的分辨率，默认 ${DEFAULT_I2V_RESOLUTION}` })
  @Rule(optional(resolutionOf))
  resolution?: string;

  @ApiProperty({ required: false, description: `联网角色表情：角色（必填，最多 ${ROLE_MAX} 字）` })
  @Rule(requiredWhen('kind', { web_search: roleOf }))
  role?: string;

  @ApiProperty({ required: false, description: `联网角色表情：动作（必填，最多 ${ACTION_MAX} 字）` })
  @Rule(requiredWhen('kind', { web_search: actionOf }))
  action?: string;

  @ApiProperty({ required: false, description: `联网角色表情：出处（最多 ${ROLE_MAX} 字）` })
  @Rule(optional(sourceOf))
  source?: string;

  @ApiProperty({ required: false, description: `描述（文字、图片表情必填，最多 ${PROMPT_MAX} 字）`, example: '一只猫在跳舞' })
  @Rule(requiredWhen('kind', { text: promptOf('text'), image: promptOf('image') }))
  prompt?: string;

  @ApiProperty({ required: false, description: 'POST /api/v1/upload/image 返回的图片 id' })
  @Rule(optionalText())
  imageId?: string;

  @ApiProperty({ required: false, description: '图片的 Data URI（可代替 imageId）' })
  @Rule(photoWhen('kind', 'image', 'imageId'))
  imageDataUri?: string;
}

/** the list's status filter → the task statuses it covers */
export const STATUS_FILTERS: Record<string, TaskStatus[]> = {
  PENDING: ['QUEUED', 'PENDING'],
  RUNNING: ['RUNNING', 'CONVERTING'],
  ACTIVE: ['QUEUED', 'PENDING', 'RUNNING', 'CONVERTING'],
  SUCCEEDED: ['SUCCEEDED'],
  FAILED: ['FAILED', 'CANCELED'],
};

export class StickerListQuery extends PageQuery {
  @ApiProperty({ required: false, enum: Object.keys(STATUS_FILTERS), description: '按状态筛选（只能出现一次）' })
  @Rule(
    RuleType.any().custom(v => {
      if (v === '') return undefined;
      if (typeof v !== 'string') throw validation('status 只能出现一次', { field: 'status' });
      const statuses = STATUS_FILTERS[v.toUpperCase()];
      if (!statuses) throw validation('status 只能是 PENDING、RUNNING、ACTIVE、SUCCEEDED 或 FAILED');
      return statuses;
    }),
  )
  status?: TaskStatus[];
}

export class RecaptionDTO {
  @ApiProperty({ required: false, description: '新文字（空串去掉文字）' })
  @Rule(RuleType.string().allow('').error(says('caption 必须是文字', 'caption')))
  caption?: string;

  @ApiProperty({ required: false, type: 'object', description: 'CaptionStyle（不传则保留原样式）' })
  @Rule(captionStyleRule())
  captionStyle?: CaptionStyle;
}

export class ShowcasePermissionDTO {
  @ApiProperty({ type: 'boolean', example: true })
  @Rule(RuleType.boolean().required().error(says('allowed 必须是 true 或 false', 'allowed')))
  allowed: boolean;
}
