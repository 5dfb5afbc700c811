/**
 * Qwen's native text-generation endpoint under `/dashscope`
 * (`POST /api/v1/services/aigc/text-generation/generation`): a canned description built from the role in the
 * last user message, so different characters get different (but stable) appearances.
 */
import * as crypto from 'crypto';
import { dashscopeAuthError, dashscopeForcedError } from './dashscope.sim';
import { SimRequest, SimResponse, isObject, json, text } from './sim-http';

const COLOURS = ['金黄色', '天蓝色', '樱花粉', '草绿色', '橙红色', '雪白色', '深紫色', '墨黑色'];
const HAIR = ['蓬松短发', '高马尾', '齐肩卷发', '刺猬头', '长直发', '圆圆的光头'];
const OUTFITS = ['连帽卫衣', '古风长袍', '运动背心和短裤', '背带裤', '披风和皮靴', '校服'];
const PROPS = ['一根木棍', '一顶帽子', '一条围巾', '一副圆框眼镜', '一个小背包', '一把纸扇'];
const STYLES = ['日式动画风格', '3D 卡通风格', 'Q 版二头身风格', '美式卡通风格'];

function pick<T>(list: readonly T[], digest: Buffer, i: number): T {
  return list[(digest[i] ?? 0) % list.length] as T;
}

/** The role from our question ("角色：…"), else the start of the message. */
export function roleOf(message: string): string {
  const m = /角色[:：]\s*([^\n]+)/.exec(message);
  return (
    (m?.[1] ?? message)
      .replace(/\[sim:[a-z0-9]+\]/gi, '')
      .trim()
      .slice(0, 30) || '这个角色'
  );
}

export function describeRole(role: string): string {
  const d = crypto.createHash('sha256').update(role).digest();
  return (
    `${role}的形象：${pick(COLOURS, d, 0)}为主色调，${pick(HAIR, d, 1)}，大眼睛，表情生动，` +
    `身穿${pick(COLOURS, d, 2)}的${pick(OUTFITS, d, 3)}，随身带着${pick(PROPS, d, 4)}，${pick(STYLES, d, 5)}，全身像。`
  );
}

function lastUserMessage(body: Record<string, unknown>): string {
  const input = isObject(body.input) ? body.input : {};
  const messages = Array.isArray(input.messages) ? input.messages : [];
  for (let i = messages.length - 1; i >= 0; i -= 1) {
    const m: unknown = messages[i];
    if (isObject(m) && m.role === 'user') return text(m.content) ?? '';
  }
  return text(input.prompt) ?? '';
}

export function handleQwen(req: SimRequest): SimResponse | undefined {
  if (req.method !== 'POST' || req.path !== '/api/v1/services/aigc/text-generation/generation') return undefined;
  const denied = dashscopeAuthError(req);
  if (denied) return denied;
  const body = req.body;
  if (!isObject(body)) return json(400, { code: 'InvalidParameter', message: 'The request body is not valid JSON.', request_id: crypto.randomUUID() });
  const forced = dashscopeForcedError(req.text);
  if (forced) return forced;
  const question = lastUserMessage(body);
  if (!question) return json(400, { code: 'InvalidParameter', message: 'Field required: input.messages', request_id: crypto.randomUUID() });
  const content = describeRole(roleOf(question));
  const inputTokens = Array.from(req.text).length;
  const outputTokens = Array.from(content).length;
  return json(200, {
    output: { choices: [{ finish_reason: 'stop', message: { role: 'assistant', content } }] },
    usage: { input_tokens: inputTokens, output_tokens: outputTokens, total_tokens: inputTokens + outputTokens },
    request_id: crypto.randomUUID(),
  });
}
