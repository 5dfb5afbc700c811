/**
 * What the WeChat sticker platform (表情开放平台, sticker.weixin.qq.com) asks of an album's images, checks of
 * finished files against it, and the still images made from the main GIFs. Sources and the reading of them:
 * docs/sticker-platform.md. Pure checks plus ffmpeg; no storage, no database.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { ExportFileCheck } from '@app/shared';
import { FfmpegPaths, ffmpegPaths, runFfmpeg } from './ffmpeg';
import { inspectGif, readImageSize } from './image';

export type PlatformRole = ExportFileCheck['role'];

interface FileRule {
  format: 'gif' | 'png';
  width: number;
  height: number;
  maxBytes: number;
}

export const PLATFORM_RULES: Record<PlatformRole, FileRule> = {
  main: { format: 'gif', width: 240, height: 240, maxBytes: 500 * 1024 },
  thumb: { format: 'png', width: 120, height: 120, maxBytes: 50 * 1024 },
  cover: { format: 'png', width: 240, height: 240, maxBytes: 500 * 1024 },
  icon: { format: 'png', width: 50, height: 50, maxBytes: 100 * 1024 },
  banner: { format: 'png', width: 750, height: 400, maxBytes: 500 * 1024 },
};

/** Album sizes the platform accepts. */
export const PLATFORM_COUNTS = [8, 16, 24] as const;

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const kb = (n: number) => `${Math.ceil(n / 1024)}KB`;

/** Checks one file against its role's rule: format, exact size, bytes; for GIFs also frames and looping. */
export function checkPlatformFile(name: string, role: PlatformRole, buf: Buffer, reencoded = false): ExportFileCheck {
  const rule = PLATFORM_RULES[role];
  const problems: string[] = [];
  let width = 0;
  let height = 0;
  let frames = 0;
  try {
    if (rule.format === 'gif') {
      const info = inspectGif(buf);
      ({ width, height, frames } = info);
      if (frames < 1) problems.push('没有画面');
      if (frames > 1 && info.loopCount !== 0) problems.push('动图没有设置循环播放');
    } else {
      if (!buf.subarray(0, 8).equals(PNG_SIGNATURE)) throw new Error('not png');
      ({ width, height } = readImageSize(buf, 'image/png'));
      frames = 1;
    }
  } catch {
    problems.push(`不是有效的 ${rule.format.toUpperCase()} 文件`);
  }
  if (problems.length === 0 && (width !== rule.width || height !== rule.height)) {
    problems.push(`尺寸应为 ${rule.width}×${rule.height}`);
  }
  if (buf.length > rule.maxBytes) problems.push(`大小 ${kb(buf.length)} 超过 ${kb(rule.maxBytes)}`);
  return { name, role, width, height, bytes: buf.length, frames, ok: problems.length === 0, problems, reencoded };
}

export function countProblem(count: number): string | null {
  return (PLATFORM_COUNTS as readonly number[]).includes(count)
    ? null
    : `表情开放平台只收 ${PLATFORM_COUNTS.join('、')} 个表情一套，这套有 ${count} 个成功的表情`;
}

/**
 * The still images, made from the main GIFs in `dir` (main/01.gif …): a 120×120 thumbnail per sticker (its
 * first frame), the cover (240×240) and chat-panel icon (50×50) from the first sticker, and the detail-page
 * banner (750×400): the first three stickers side by side on white. Returns file name → bytes.
 */
export async function renderStills(dir: string, mains: string[], timeoutMs = 30000, paths: FfmpegPaths = ffmpegPaths()): Promise<Map<string, Buffer>> {
  const out = new Map<string, Buffer>();
  const still = async (inputs: string[], graph: string, name: string) => {
    await runFfmpeg(
      {
        inputs: inputs.map(p => ({ path: p, options: ['-protocol_whitelist', 'file', '-format_whitelist', 'gif'] })),
        complexFilter: graph,
        outputOptions: ['-frames:v', '1', '-f', 'image2', '-c:v', 'png'],
        output: name,
        cwd: dir,
        timeoutMs,
      },
      paths,
    );
    out.set(name, await fs.promises.readFile(path.join(dir, name)));
  };
  await fs.promises.mkdir(path.join(dir, 'thumb'), { recursive: true });
  for (const main of mains) {
    await still([main], '[0:v]scale=120:120:flags=lanczos,format=rgb24', `thumb/${path.basename(main, '.gif')}.png`);
  }
  const first = mains[0]!;
  await still([first], '[0:v]scale=240:240:flags=lanczos,format=rgb24', 'cover.png');
  await still([first], '[0:v]scale=50:50:flags=lanczos,format=rgb24', 'icon.png');
  const three = mains.slice(0, 3);
  const scaled = three.map((_, i) => `[${i}:v]scale=240:240:flags=lanczos,setsar=1[s${i}]`).join(';');
  const stack = three.length > 1 ? `;${three.map((_, i) => `[s${i}]`).join('')}hstack=inputs=${three.length}[row]` : ';[s0]null[row]';
  await still(three, `${scaled}${stack};[row]pad=750:400:(ow-iw)/2:(oh-ih)/2:color=white,format=rgb24`, 'banner.png');
  return out;
}
