/**
 * Qwen with web search (DashScope native text-generation, REFERENCE.md §1.6): writes what a character
 * looks like, for the web-search sticker. The caller composes the t2v prompt (see composeCharacterPrompt).
 */
import { HttpDeps, ProviderHttp } from './http';
import { readDashScopeError } from './dashscope';
import { clip, parsePayload, record, str } from './parse';
import { CharacterDescriber, ProviderError } from './provider';

export interface QwenOptions {
  apiKey: string;
  /** the DashScope base URL (same account and region as the video models) */
  baseUrl: string;
  /** e.g. qwen-plus */
  model: string;
  simulated: boolean;
}

/** Longest description handed on; keeps the composed prompt inside wanx2.1's 800-character limit. */
export const DESCRIPTION_MAX = 300;

const SYSTEM_PROMPT = [
  '你是给视频生成模型写画面提示词的助手。',
  '请先联网检索用户给出的角色，然后只描述这个角色的外观：物种或体型、脸部特征、发型与发色、服装与配色、标志性道具或配饰、画风（如日式动画、3D 卡通、真人）。',
  '要求：中文，一段话，不超过 300 字；只写看得见的外观，不写剧情、性格、出处介绍或动作；不要使用列表、标题或引号；如果查不到该角色，就根据名字给出合理的卡通形象描述。',
].join('\n');

export function characterQuestion(input: { role: string; source?: string; action: string }): string {
  const lines = [`角色：${input.role.trim()}`];
  if (input.source?.trim()) lines.push(`出处：${input.source.trim()}`);
  lines.push('请描述这个角色的外观。');
  return lines.join('\n');
}

/** The text-to-video prompt for a web-search sticker: who (appearance), doing what, as a sticker clip. */
export function composeCharacterPrompt(input: { role: string; description: string; action: string }): string {
  return clip(`${input.role.trim()}：${input.description.trim()}。动作：${input.action.trim()}。表情包风格，主体居中，背景简洁，动作清晰可循环。`, 800);
}

export function parseQwenAnswer(body: unknown): string {
  const output = record(record(body, 'body').output, 'output');
  const choices = output.choices;
  if (!Array.isArray(choices) || choices.length === 0) return str(output.text, 'output.choices');
  const message = record(record(choices[0], 'output.choices[0]').message, 'output.choices[0].message');
  return str(message.content, 'output.choices[0].message.content');
}

export class QwenDescriber implements CharacterDescriber {
  readonly simulated: boolean;
  private readonly http: ProviderHttp;

  constructor(
    private readonly options: QwenOptions,
    deps: HttpDeps = {},
  ) {
    this.simulated = options.simulated;
    this.http = new ProviderHttp('qwen', deps);
  }

  async describe(input: { role: string; source?: string; action: string }): Promise<string> {
    if (!this.options.baseUrl) throw new ProviderError('qwen', 'config', 'Qwen has no base URL (simulator not started?)');
    const res = await this.http.request({
      method: 'POST',
      url: `${this.options.baseUrl.replace(/\/+$/, '')}/api/v1/services/aigc/text-generation/generation`,
      apiKey: this.options.apiKey,
      json: {
        model: this.options.model,
        input: {
          messages: [
            { role: 'system', content: SYSTEM_PROMPT },
            { role: 'user', content: characterQuestion(input) },
          ],
        },
        parameters: { result_format: 'message', enable_search: true, search_options: { forced_search: true } },
      },
      readError: readDashScopeError,
    });
    const content = parsePayload('qwen', 'retryable', 'generation response', () => parseQwenAnswer(res.body));
    const text = content.replace(/\s+/g, ' ').trim();
    if (!text) throw new ProviderError('qwen', 'retryable', 'Qwen returned an empty description');
    return clip(text, DESCRIPTION_MAX);
  }
}
