import { execFile } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/**
 * Issue 11, "a first start a newcomer can read": scripts/prepare.js runs each setup step (install, builds) with one
 * line before and one after with its real time, and puts the tool's own output in DATA_DIR/logs/build-<step>.log
 * without terminal escape codes or progress-bar redraws. A failing step shows the log's tail and exits with its status.
 */
const prepareJs = path.join(__dirname, '..', '..', 'scripts', 'prepare.js');

// a tool that writes like Taro and npm do: colours, a progress bar redrawn with \r, a warning on stderr
const TOOL = `
process.stdout.write('\\x1b[32mCompiling\\x1b[0m the app\\n');
for (let i = 0; i <= 4; i++) process.stdout.write('\\r\\x1b[2K\\x1b[36m[' + '#'.repeat(i) + ' '.repeat(4 - i) + ']\\x1b[0m ' + i * 25 + '%');
process.stdout.write('\\n');
// webpackbar (Taro): a two-line frame, then erase those lines (erase, cursor up, …, column 1) and draw the next one
const erase = n => Array.from({ length: n }, (_, i) => '\\x1b[2K' + (i < n - 1 ? '\\x1b[1A' : '')).join('') + '\\x1b[G';
let prev = 0;
for (const pct of [0, 50, 100]) {
  const frame = '● Webpack \\x1b[32m' + '█'.repeat(pct / 10) + '\\x1b[0m (' + pct + '%)\\n  ' + (pct < 100 ? 'building' : 'done') + '\\n';
  process.stderr.write(erase(prev) + frame);
  prev = frame.split('\\n').length;
}
process.stdout.write('\\x1b]0;title\\x07Compiled successfully\\n');
console.error('npm warn install-scripts esbuild (postinstall)');
process.exit(Number(process.argv[2] || 0));
`;

describe('npm start setup steps', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bq-steps-'));
    fs.writeFileSync(path.join(dir, 'tool.js'), TOOL);
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  function runNode(code: string): Promise<{ out: string; err: string; code: number }> {
    return new Promise(resolve => {
      execFile(process.execPath, ['-e', code], { env: { ...process.env, DATA_DIR: dir }, timeout: 30000 }, (e, stdout, stderr) =>
        resolve({ out: stdout, err: stderr, code: e ? ((e as { code?: number }).code ?? 1) : 0 }),
      );
    });
  }

  it('says what it does in two lines with the real time, and keeps the full output, plain, in a log file', async () => {
    const tool = path.join(dir, 'tool.js');
    const r = await runNode(
      `const p = require(${JSON.stringify(prepareJs)}); p.step('app', 'building the app', 'node ${tool}'); console.log(JSON.stringify(p.steps));`,
    );
    expect(r.code).toBe(0);
    const lines = r.out.trim().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toBe(`[setup] building the app … (log: ${path.join(dir, 'logs', 'build-app.log')})`);
    expect(lines[1]).toMatch(/^\[setup\] building the app: done in \d+\.\d s$/);
    const steps = JSON.parse(lines[2]!) as Array<{ title: string; seconds: number }>;
    expect(steps).toHaveLength(1);
    expect(steps[0]!.title).toBe('building the app');
    expect(steps[0]!.seconds).toBeGreaterThan(0);
    expect(r.out).not.toContain('\x1b');
    expect(r.err).toBe('');

    const log = fs.readFileSync(path.join(dir, 'logs', 'build-app.log'), 'utf8');
    expect(log).toBe(
      `$ node ${tool}\nCompiling the app\n[####] 100%\n● Webpack ██████████ (100%)\n  done\nCompiled successfully\nnpm warn install-scripts esbuild (postinstall)\n`,
    );
  });

  it('a failing step shows the end of its log and exits with the tool status', async () => {
    const tool = path.join(dir, 'tool.js');
    const r = await runNode(`require(${JSON.stringify(prepareJs)}).step('backend', 'building the backend', 'node ${tool} 3')`);
    expect(r.code).toBe(3);
    expect(r.err).toContain('  | Compiled successfully');
    expect(r.err).toMatch(/\[setup\] failed after \d+\.\d s \(exit 3\): node /);
    expect(r.err).toContain(`full log: ${path.join(dir, 'logs', 'build-backend.log')}`);
    expect(r.err).not.toContain('\x1b');
  });
});
