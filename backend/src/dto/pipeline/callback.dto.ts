/**
 * The signed query of a provider callback URL (`?task=&ts=&sig=`), taken as sent: CallbackService checks the HMAC,
 * the expiry and the task. The body is the provider's own JSON, read by that provider's parseCallback.
 */
import { ApiProperty } from '@midwayjs/swagger';
import { Rule } from '@midwayjs/validate';
import { formField } from '../rules';

export class CallbackQuery {
  @ApiProperty({ description: '任务 jobId' })
  @Rule(formField())
  task?: string;

  @ApiProperty({ description: '签名时间（秒），24 小时内有效' })
  @Rule(formField())
  ts?: string;

  @ApiProperty({ description: 'HMAC-SHA256(provider, task, ts)' })
  @Rule(formField())
  sig?: string;
}
