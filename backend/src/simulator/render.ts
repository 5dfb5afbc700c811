/**
 * Real MP4 clips for the simulator, made with ffmpeg (H.264, yuv420p, no audio, +faststart):
 * - text: the prompt's words swaying over a colour field whose hue comes from the prompt's hash and rotates;
 * - image: the given picture with a slow zoom and pan.
 * Every clip carries a small "SIM" mark in the top-left corner.
 */
import { execFile } from 'child_process';
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { promisify } from 'util';
import { MediaTools } from './media-tools';

const run = promisify(execFile);

export interface ClipTiming {
  fps: number;
  seconds: number;
}

export interface RenderContext {
  tools: MediaTools;
  workDir: string;
  signal: AbortSignal;
}

const MARKERS = /\[sim:[a-z0-9]+\]/gi;

/** Even pixel count, at least 16 (x264 with yuv420p needs even sides). */
export function even(n: number): number {
  return Math.max(16, Math.round(n / 2) * 2);
}

/** A mid-bright colour from the prompt's hash, as 0xRRGGBB. */
export function promptColour(prompt: string): string {
  const digest = crypto.createHash('sha256').update(prompt).digest();
  const hue = ((digest[0] ?? 0) * 256 + (digest[1] ?? 0)) % 360;
  const [r, g, b] = hslToRgb(hue, 0.6, 0.45);
  return `0x${[r, g, b].map(v => v.toString(16).padStart(2, '0')).join('')}`;
}

function hslToRgb(h: number, s: number, l: number): [number, number, number] {
  const c = (1 - Math.abs(2 * l - 1)) * s;
  const x = c * (1 - Math.abs(((h / 60) % 2) - 1));
  const m = l - c / 2;
  const [r, g, b] = h < 60 ? [c, x, 0] : h < 120 ? [x, c, 0] : h < 180 ? [0, c, x] : h < 240 ? [0, x, c] : h < 300 ? [x, 0, c] : [c, 0, x];
  return [r, g, b].map(v => Math.round((v + m) * 255)) as [number, number, number];
}

/** Splits the prompt into at most 4 short lines (about 7 CJK or 14 Latin characters each). */
export function promptLines(prompt: string, asciiOnly: boolean): string[] {
  let text = prompt.replace(MARKERS, ' ');
  if (asciiOnly) text = text.replace(/[^\x20-\x7e]/g, ' ');
  const tokens = text
    .split(/\s+/)
    .filter(Boolean)
    .flatMap(t => (isAscii(t) ? [t] : Array.from(t)));
  const lines: string[] = [];
  let line = '';
  for (const token of tokens) {
    const joiner = line && isAscii(token[0]) && isAscii(line[line.length - 1]) ? ' ' : '';
    if (line && width(line + joiner + token) > 7) {
      lines.push(line);
      line = token;
    } else {
      line += joiner + token;
    }
    if (lines.length === 4) break;
  }
  if (line && lines.length < 4) lines.push(line);
  return lines.length ? lines : ['SIM'];
}

/** True when every character of `s` is ASCII. */
function isAscii(s: string | undefined): boolean {
  if (!s) return false;
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0x7f) return false;
  return true;
}

/** Width in ems: a CJK character is 1, an ASCII character about 0.5. */
function width(s: string): number {
  return Array.from(s).reduce((sum, ch) => sum + (isAscii(ch) ? 0.58 : 1), 0);
}

/** A file path as a quoted filter value; paths with quotes or backslashes are refused (see safeFontPath). */
function quoted(file: string): string {
  if (/['\\]/.test(file)) throw new Error(`[simulator] unusable path for ffmpeg filters: ${file}`);
  return `'${file}'`;
}

/** A font path ffmpeg's filter syntax can carry: copied into the work dir when it has quotes or backslashes. */
export function safeFontPath(font: string, workDir: string): string {
  if (!/['\\]/.test(font)) return font;
  const copy = path.join(workDir, `font${path.extname(font)}`);
  fs.copyFileSync(font, copy);
  return copy;
}

function simMark(tools: MediaTools, height: number): string {
  const size = Math.max(10, Math.round(height / 22));
  const box = `drawbox=x=4:y=4:w=${Math.round(size * 2.6)}:h=${Math.round(size * 1.4)}:color=black@0.6:t=fill`;
  if (!tools.font) return `${box},drawbox=x=8:y=8:w=${size}:h=${Math.round(size * 0.6)}:color=yellow:t=fill`;
  return `${box},drawtext=fontfile=${quoted(tools.font)}:text=SIM:fontsize=${size}:fontcolor=yellow:x=${4 + Math.round(size * 0.3)}:y=${4 + Math.round(size * 0.2)}`;
}

async function encode(ctx: RenderContext, inputArgs: string[], filter: string, frames: number, outFile: string): Promise<void> {
  const args = ['-hide_banner', '-loglevel', 'error', '-y', ...inputArgs, '-vf', filter, '-frames:v', String(frames)];
  args.push('-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-movflags', '+faststart', '-an', outFile);
  await run(ctx.tools.ffmpeg, args, { signal: ctx.signal, timeout: 60000, maxBuffer: 1024 * 1024 });
}

export async function renderTextClip(
  ctx: RenderContext,
  input: { prompt: string; width: number; height: number; outFile: string } & ClipTiming,
): Promise<void> {
  const { width: w, height: h, fps, seconds } = input;
  const filters = [`hue=h=t*${Math.round(180 / seconds)}`];
  if (ctx.tools.font) {
    const lines = promptLines(input.prompt, !ctx.tools.fontHasCjk);
    const base = path.basename(input.outFile, '.mp4');
    lines.forEach((line, i) => {
      const file = path.join(ctx.workDir, `${base}.line${i}.txt`);
      fs.writeFileSync(file, line);
      const size = Math.round(Math.min(h / 8, (w * 0.78) / Math.max(1, width(line))));
      const y = `h*${i + 1}/${lines.length + 1}-th/2+sin(t*3+${i})*h/28`;
      const x = `(w-tw)/2+sin(t*2.2+${i * 1.7})*w/14`;
      filters.push(
        `drawtext=fontfile=${quoted(ctx.tools.font ?? '')}:textfile=${quoted(file)}:expansion=none:fontsize=${size}` +
          `:fontcolor=white:borderw=${Math.max(1, Math.round(size / 12))}:bordercolor=black@0.6:x=${x}:y=${y}`,
      );
    });
  } else {
    // no font: a square bouncing on the colour field stands in for the words
    filters.push(`drawbox=x=${Math.round(w / 3)}:y=${Math.round(h / 3)}:w=${Math.round(w / 3)}:h=${Math.round(h / 3)}:color=white@0.7:t=fill`);
  }
  filters.push(simMark(ctx.tools, h));
  const source = `color=c=${promptColour(input.prompt)}:s=${w}x${h}:r=${fps}:d=${seconds}`;
  await encode(ctx, ['-f', 'lavfi', '-i', source], filters.join(','), fps * seconds, input.outFile);
}

/** Output size for an image clip: the picture's aspect (clamped to 9:16..16:9) with the given short side. */
export function imageClipSize(imageWidth: number, imageHeight: number, shortSide: number): { width: number; height: number } {
  const aspect = Math.min(16 / 9, Math.max(9 / 16, imageWidth / Math.max(1, imageHeight)));
  return aspect >= 1 ? { width: even(shortSide * aspect), height: even(shortSide) } : { width: even(shortSide), height: even(shortSide / aspect) };
}

export async function probeImage(ctx: RenderContext, file: string): Promise<{ width: number; height: number }> {
  const args = ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'stream=width,height', '-of', 'csv=p=0', file];
  const { stdout } = await run(ctx.tools.ffprobe, args, { signal: ctx.signal, timeout: 20000 });
  const [width, height] = String(stdout).trim().split(',').map(Number);
  if (!width || !height) throw new Error('the image could not be read');
  return { width, height };
}

export async function renderImageClip(ctx: RenderContext, input: { imageFile: string; shortSide: number; outFile: string } & ClipTiming): Promise<void> {
  const image = await probeImage(ctx, input.imageFile);
  const { width: w, height: h } = imageClipSize(image.width, image.height, input.shortSide);
  const n = input.fps * input.seconds;
  const filter = [
    // twice the output size first, so the zoom steps are smooth
    `scale=${w * 2}:${h * 2}:force_original_aspect_ratio=increase`,
    `crop=${w * 2}:${h * 2}`,
    `zoompan=z='1+0.25*on/${n}':x='(iw-iw/zoom)*on/${n}':y='(ih-ih/zoom)/2':d=${n}:s=${w}x${h}:fps=${input.fps}`,
    simMark(ctx.tools, h),
  ].join(',');
  await encode(ctx, ['-i', input.imageFile], filter, n, input.outFile);
}
