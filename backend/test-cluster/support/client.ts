/** The cluster's users, through the API instance like the app: sign up, upload a photo, order stickers, read credits. */
import { execFileSync } from 'child_process';
import { ffmpegPaths } from '../../src/media/ffmpeg';

export interface User {
  auth: string;
  jobIds: string[];
}

let seq = 0;
const form = (p: Record<string, string>) => new URLSearchParams(p);

async function json<T>(res: Response, what: string): Promise<T> {
  const text = await res.text();
  if (res.status !== 200) throw new Error(`${what}: HTTP ${res.status} ${text.slice(0, 300)}`);
  return JSON.parse(text) as T;
}

export async function signUp(base: string): Promise<User> {
  seq += 1;
  const phone = `13${String((Date.now() % 1e7) * 100 + seq)
    .padStart(9, '0')
    .slice(-9)}`;
  await json(await fetch(`${base}/api/v1/users/register`, { method: 'POST', body: form({ phone, password: 'secret123' }) }), 'register');
  const login = await json<{ data: { token: string } }>(
    await fetch(`${base}/api/v1/users/login`, { method: 'POST', body: form({ phone, password: 'secret123' }) }),
    'login',
  );
  return { auth: `Bearer ${login.data.token}`, jobIds: [] };
}

/** a 480×480 test picture (ffmpeg's testsrc2) */
export function photo(): Buffer {
  return execFileSync(
    ffmpegPaths().ffmpeg,
    ['-v', 'error', '-f', 'lavfi', '-i', 'testsrc2=size=480x480', '-frames:v', '1', '-f', 'image2', '-c:v', 'png', '-'],
    { maxBuffer: 16 * 1024 * 1024 },
  );
}

export type Kind = 'text' | 'image' | 'web_search';

export async function order(base: string, user: User, kind: Kind, n: number, png: Buffer): Promise<string> {
  const body: Record<string, string | undefined> = { kind, prompt: `集群第${n}个表情` };
  if (kind === 'web_search') Object.assign(body, { role: '孙悟空', source: '西游记', action: '挥舞金箍棒', prompt: undefined });
  if (kind === 'image') {
    const fd = new FormData();
    fd.append('file', new Blob([new Uint8Array(png)], { type: 'image/png' }), 'p.png');
    const up = await json<{ data: { id: string } }>(
      await fetch(`${base}/api/v1/upload/image`, { method: 'POST', headers: { authorization: user.auth }, body: fd }),
      'upload',
    );
    Object.assign(body, { imageId: up.data.id, prompt: '开心地跳起来' });
  }
  const res = await json<{ data: { jobId: string } }>(
    await fetch(`${base}/api/v1/stickers`, {
      method: 'POST',
      headers: { authorization: user.auth, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    }),
    `create ${kind}`,
  );
  user.jobIds.push(res.data.jobId);
  return res.data.jobId;
}

export async function credits(base: string, user: User): Promise<{ available: number; frozen: number }> {
  const r = await json<{ data: { available: number; frozen: number } }>(
    await fetch(`${base}/api/v1/credits`, { headers: { authorization: user.auth } }),
    'credits',
  );
  return { available: r.data.available, frozen: r.data.frozen };
}
