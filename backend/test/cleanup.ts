// Remove the per-file temporary data folder made by setup-env.ts once the file's tests are done.
import * as fs from 'fs';
import * as os from 'os';

afterAll(() => {
  const dir = process.env.DATA_DIR;
  if (dir && dir.startsWith(os.tmpdir()) && dir.includes('bqgf-test-')) fs.rmSync(dir, { recursive: true, force: true });
});
