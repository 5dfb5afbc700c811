/** The admin console's template form (create and edit): each field's rule, in the order a form with several faults is answered. */
import { ApiProperty } from '@midwayjs/swagger';
import { Rule, RuleType } from '@midwayjs/validate';
import { CaptionStyle, StickerKind, TEMPLATE_TITLE_MAX } from '@app/shared';
import { validation } from '../../error/app.error';
import { captionStyleRule, inField, mustRead, optionalText, says } from '../rules';
import { captionOf, optional, PROMPT_MAX, promptOf, requiredWhen, ROLE_MAX, roleOf, sourceOf } from '../pipeline/sticker-rules';

const KINDS: StickerKind[] = ['text', 'image', 'web_search'];

const titleOf = (v: unknown): string => {
  const title = typeof v === 'string' || typeof v === 'number' ? String(v).trim() : '';
  if (!title) throw validation('请填写模板名称', { field: 'title' });
  if ([...title].length > TEMPLATE_TITLE_MAX) throw validation(`模板名称最多 ${TEMPLATE_TITLE_MAX} 个字`, { field: 'title' });
  return title;
};

export class TemplateDTO {
  @ApiProperty({ enum: KINDS, example: 'text' })
  @Rule(
    RuleType.string()
      .trim()
      .valid(...KINDS)
      .required()
      .error(says('kind 必须是 text、image 或 web_search', 'kind')),
  )
  kind: StickerKind;

  @ApiProperty({ description: `模板名称（最多 ${TEMPLATE_TITLE_MAX} 字）`, example: '晚安猫' })
  @Rule(mustRead(titleOf))
  title: string;

  @ApiProperty({ description: `描述；联网角色表情是角色动作（最多 ${PROMPT_MAX} 字）`, example: '一只猫打哈欠' })
  @Rule(
    RuleType.any().when('kind', {
      is: 'web_search',
      then: mustRead(inField('prompt', promptOf('web_search'))),
      otherwise: mustRead(inField('prompt', promptOf('text'))),
    }),
  )
  prompt: string;

  @ApiProperty({ required: false, description: `联网角色表情：角色（必填，最多 ${ROLE_MAX} 字）` })
  @Rule(requiredWhen('kind', { web_search: inField('role', roleOf) }))
  role?: string;

  @ApiProperty({ required: false, description: `联网角色表情：出处（最多 ${ROLE_MAX} 字）` })
  @Rule(RuleType.any().when('kind', { is: 'web_search', then: optional(inField('role', sourceOf)), otherwise: optionalText() }))
  source?: string;

  @ApiProperty({ required: false, description: '画在 GIF 上的文字' })
  @Rule(optional(captionOf))
  caption?: string;

  @ApiProperty({ required: false, type: 'object', description: 'CaptionStyle（不传为默认样式）' })
  @Rule(captionStyleRule('captionStyle'))
  captionStyle?: CaptionStyle;

  @ApiProperty({ required: false, description: '示例：一个生成成功的表情的 jobId' })
  @Rule(optionalText())
  exampleJobId?: string;

  @ApiProperty({ required: false, type: 'boolean', description: '隐藏（不在首页展示）' })
  @Rule(RuleType.any().custom(v => v === true || v === 'true'))
  hidden?: boolean;
}
