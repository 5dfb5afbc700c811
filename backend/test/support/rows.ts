import { execFileSync } from 'child_process';
import { ffmpegPaths } from '../../src/media/ffmpeg';
import { App, dataSource, freshPhone, http } from './app';

/** Tables a bad request must never write to. */
export const WATCHED_TABLES = [
  'user',
  'task',
  'task_event',
  'credit_entry',
  'credit_hold',
  'credit_lot',
  'credit_lot_move',
  'upload',
  'sms_code',
  'media_check',
  'admin_audit',
  'blocked_word',
  'content_rejection',
  'template',
  'order',
  'order_event',
];

/** Row counts of the watched tables (plus any others asked for). Whole tables: on a shared MariaDB database run the files in band (npm test does). */
export async function rowCounts(app: App, extra: string[] = []): Promise<Record<string, number>> {
  const db = await dataSource(app);
  const out: Record<string, number> = {};
  for (const t of [...WATCHED_TABLES, ...extra]) {
    const q = db.options.type === 'mysql' ? `SELECT COUNT(*) AS n FROM \`${t}\`` : `SELECT COUNT(*) AS n FROM "${t}"`;
    out[t] = Number((await db.query(q))[0].n);
  }
  return out;
}

/** A real PNG (ffmpeg's test pattern). */
export function pngBytes(w = 480, h = 480): Buffer {
  return execFileSync(
    ffmpegPaths().ffmpeg,
    ['-v', 'error', '-f', 'lavfi', '-i', `testsrc2=size=${w}x${h}`, '-frames:v', '1', '-f', 'image2', '-c:v', 'png', '-'],
    {
      maxBuffer: 64 * 1024 * 1024,
    },
  );
}

export interface Account {
  id: number;
  phone: string;
  token: string;
  auth: string;
}

/** Registers and signs in with a password (no openid). */
export async function passwordAccount(app: App, phone = freshPhone()): Promise<Account> {
  await http(app).post('/api/v1/users/register').field('phone', phone).field('password', 'secret123').expect(200);
  const login = await http(app).post('/api/v1/users/login').field('phone', phone).field('password', 'secret123').expect(200);
  const token = login.body.data.token as string;
  const me = await http(app).get('/api/v1/users/me').set('Authorization', `Bearer ${token}`).expect(200);
  return { id: me.body.data.id, phone, token, auth: `Bearer ${token}` };
}

/**
 * An operator account: registered with a password, then promoted the way `npm run admin:create` does it (the
 * operator vouches for the phone: role admin, phone verified). ADMIN_PHONES alone no longer promotes a
 * registered phone: only an SMS or WeChat sign-in does.
 */
export async function adminAccount(app: App, phone = freshPhone()): Promise<Account> {
  const account = await passwordAccount(app, phone);
  await promoteToAdmin(app, account.id);
  return account;
}

/** What `npm run admin:create` does to an existing account. */
export async function promoteToAdmin(app: App, userId: number): Promise<void> {
  const db = await dataSource(app);
  await db.query(
    db.options.type === 'mysql'
      ? "UPDATE `user` SET role = 'admin', phoneVerified = 1 WHERE id = ?"
      : `UPDATE "user" SET role = 'admin', phoneVerified = 1 WHERE id = ?`,
    [userId],
  );
}

/**
 * Leaves no unfinished task behind: cancels queued ones and waits for the rest. On a shared MariaDB database a
 * task left QUEUED would be picked up by the next test file's worker and converted while that app shuts down.
 */
export async function settleTasks(app: App, accounts: Array<Pick<Account, 'auth'>>, timeoutMs = 45000): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (const a of accounts) {
    for (;;) {
      const r = await http(app).get('/api/v1/stickers?status=ACTIVE&page_size=100').set('Authorization', a.auth);
      const items = (r.body.data?.items ?? []) as Array<{ jobId: string; status: string }>;
      if (!items.length) break;
      for (const t of items.filter(i => i.status === 'QUEUED')) {
        await http(app).post(`/api/v1/stickers/${t.jobId}/cancel`).set('Authorization', a.auth);
      }
      if (Date.now() > until) throw new Error(`tasks still unfinished: ${items.map(i => `${i.jobId}:${i.status}`).join(', ')}`);
      await new Promise(res => setTimeout(res, 200));
    }
  }
}
