// Tests never use the developer's data folder or secrets.
import * as os from 'os';
import * as path from 'path';
import * as fs from 'fs';

process.env.NODE_ENV = 'unittest';
process.env.MIDWAY_SERVER_ENV = 'unittest';
// a fresh data folder per test file (removed by cleanup.ts)
process.env.DATA_DIR = fs.mkdtempSync(path.join(os.tmpdir(), 'bqgf-test-'));
process.env.JWT_SECRET ??= 'test-jwt-secret-0123456789abcdef0123456789';
process.env.APP_KEYS ??= 'test-app-keys-0123456789';
process.env.CALLBACK_HMAC_SECRET ??= 'test-callback-secret-0123456789';
// listen on a random port unless a test asks for one, so tests never collide with a running `npm start`
process.env.PORT ??= '0';
