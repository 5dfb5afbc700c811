/** seed 001 §2.2 form fields (multipart, urlencoded or JSON), read by the sticker rules (sticker-rules.ts) with seed 001's names. */
import { ApiProperty } from '@midwayjs/swagger';
import { Rule, RuleType } from '@midwayjs/validate';
import { I2V_RESOLUTIONS, T2V_SIZES } from '@app/shared';
import { mustRead, optionalText, says } from '../rules';
import { actionOf, captionOf, negativePromptOf, optional, photoWhen, promptOf, requiredWhen, resolutionOf, roleOf, sizeOf, sourceOf } from './sticker-rules';

export class VideoCreateDTO {
  @ApiProperty({ enum: ['text_to_video', 'image_to_video'], description: '生成类型', example: 'text_to_video' })
  @Rule(RuleType.string().trim().valid('text_to_video', 'image_to_video').required().error(says('type 必须为 text_to_video 或 image_to_video', 'type')))
  type: 'text_to_video' | 'image_to_video';

  @ApiProperty({ required: false, description: '（新增）画在 GIF 上的表情包文字' })
  @Rule(optional(captionOf))
  caption?: string;

  @ApiProperty({ required: false, description: '反向提示词（最多 500 字）' })
  @Rule(optional(negativePromptOf))
  negative_prompt?: string;

  @ApiProperty({ required: false, enum: [...T2V_SIZES], description: '文生视频的分辨率（宽*高），默认 624*624' })
  @Rule(optional(sizeOf))
  size?: string;

  @ApiProperty({ required: false, enum: [...I2V_RESOLUTIONS], description: '图生视频的分辨率档位，默认 480P' })
  @Rule(optional(resolutionOf))
  resolution?: string;

  @ApiProperty({ required: false, description: '描述视频内容的核心文本（最多 800 字）', example: '一只可爱的猫在打篮球' })
  @Rule(requiredWhen('type', { text_to_video: promptOf('text'), image_to_video: promptOf('image') }))
  prompt?: string;

  @ApiProperty({ required: false, description: '（新增）POST /api/v1/upload/image 返回的图片 id，可代替 img_base64' })
  @Rule(optionalText())
  image_id?: string;

  @ApiProperty({ required: false, description: '图生视频的图片：完整 Data URI，如 data:image/png;base64,iVBORw0KGgo...' })
  @Rule(photoWhen('type', 'image_to_video', 'image_id'))
  img_base64?: string;
}

export class VideoCreateWithPromptDTO {
  @ApiProperty({ required: false, description: '（新增）画在 GIF 上的表情包文字' })
  @Rule(optional(captionOf))
  caption?: string;

  @ApiProperty({ required: false, enum: [...T2V_SIZES], description: '分辨率（宽*高），默认 624*624' })
  @Rule(optional(sizeOf))
  size?: string;

  @ApiProperty({ description: '角色名称（最多 50 字）', example: '孙悟空' })
  @Rule(mustRead(roleOf))
  role: string;

  @ApiProperty({ description: '角色动作（最多 100 字）', example: '正在跳舞' })
  @Rule(mustRead(actionOf))
  action: string;

  @ApiProperty({ required: false, description: '角色出处（最多 50 字）', example: '西游记' })
  @Rule(optional(sourceOf))
  source?: string;
}
