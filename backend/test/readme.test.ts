import { execFile } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { App, freshPhone, startApp, stopApp } from './support/app';
import { expectLedgerClean, pipelineEnv } from './support/pipeline';

/** The README's shell examples under `heading`, in order (```bash blocks up to the next `## `). */
function shellBlocks(readme: string, heading: string): string[] {
  const start = readme.indexOf(`\n## ${heading}`);
  if (start < 0) throw new Error(`README has no section "${heading}"`);
  const end = readme.indexOf('\n## ', start + 4);
  const section = readme.slice(start, end < 0 ? undefined : end);
  return [...section.matchAll(/```bash\n([\s\S]*?)```/g)].map(m => m[1]!);
}

/**
 * Issue 16: README's curl flow, followed top to bottom as a reader would, against a started backend (the
 * provider simulator answers). The blocks are run exactly as written, in one shell; only BASE and PHONE
 * come from the environment (the README defaults them to 127.0.0.1:7001 and 13800000000).
 */
describe('README examples run as written', () => {
  let app: App;
  let env: Record<string, string>;
  beforeAll(async () => {
    env = await pipelineEnv();
    app = await startApp(env);
  });
  afterAll(() => stopApp(app));

  it('accounts, then a sticker made with the seed 001 video API', async () => {
    const readme = fs.readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf8');
    const blocks = [...shellBlocks(readme, 'Accounts API'), ...shellBlocks(readme, 'Making stickers')];
    expect(blocks).toHaveLength(2);
    const script = ['set -e', ...blocks].join('\n');
    const { out, err, code } = await new Promise<{ out: string; err: string; code: number }>(resolve => {
      const child = execFile(
        'bash',
        ['-c', script],
        { env: { ...process.env, BASE: env.PUBLIC_BASE_URL!, PHONE: freshPhone() }, timeout: 60_000 },
        (e, stdout, stderr) => resolve({ out: stdout, err: stderr, code: e ? ((e as { code?: number }).code ?? 1) : 0 }),
      );
      child.stdin?.end();
    });
    expect({ code, err: code ? err : '' }).toEqual({ code: 0, err: '' });
    expect(out).toContain('{"code":0,"message":"Registration successful"}');
    expect(out).toContain('{"code":0,"message":"Password changed successfully"}');
    expect(out).toMatch(/"status":"SUCCEEDED"/); // the polling loop prints each answer
    await expectLedgerClean(app);
  }, 90_000);
});
