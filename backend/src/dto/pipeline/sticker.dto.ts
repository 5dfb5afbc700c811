/** The app's sticker bodies (JSON or form). Checks beyond the shape (lengths, sizes, content) are TaskService.check's. */
import { ApiProperty } from '@midwayjs/swagger';
import { Rule, RuleType } from '@midwayjs/validate';
import { CaptionStyle, StickerKind } from '@app/shared';
import { PageQuery } from '../page.dto';
import { captionStyleRule, optionalText, says } from '../rules';

const KINDS: StickerKind[] = ['text', 'image', 'web_search'];

export class StickerCreateDTO {
  @ApiProperty({ enum: KINDS, example: 'text' })
  @Rule(RuleType.string().trim().valid(...KINDS).required().error(says('kind 必须是 text、image 或 web_search', 'kind')))
  kind: StickerKind;

  @ApiProperty({ required: false, description: '描述（文字、图片表情）', example: '一只猫在跳舞' })
  @Rule(optionalText())
  prompt?: string;

  @ApiProperty({ required: false })
  @Rule(optionalText())
  negativePrompt?: string;

  @ApiProperty({ required: false, description: '画在 GIF 上的文字' })
  @Rule(optionalText())
  caption?: string;

  @ApiProperty({ required: false, type: 'object', description: 'CaptionStyle（shared/src/caption.ts），或其 JSON 字符串' })
  @Rule(captionStyleRule())
  captionStyle?: CaptionStyle;

  @ApiProperty({ required: false, description: 'POST /api/v1/upload/image 返回的图片 id' })
  @Rule(optionalText())
  imageId?: string;

  @ApiProperty({ required: false, description: '图片的 Data URI（可代替 imageId）' })
  @Rule(optionalText())
  imageDataUri?: string;

  @ApiProperty({ required: false, description: '联网角色表情：角色' })
  @Rule(optionalText())
  role?: string;

  @ApiProperty({ required: false, description: '联网角色表情：出处' })
  @Rule(optionalText())
  source?: string;

  @ApiProperty({ required: false, description: '联网角色表情：动作' })
  @Rule(optionalText())
  action?: string;
}

export class StickerListQuery extends PageQuery {
  @ApiProperty({ required: false, description: '按状态筛选（只能出现一次）' })
  @Rule(RuleType.string().allow('').error(says('status 只能出现一次', 'status')))
  status?: string;
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
