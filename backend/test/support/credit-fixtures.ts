import { DataSource } from 'typeorm';
import { CreditService } from '../../src/service/credits/credit.service';
import { LedgerAuditService } from '../../src/service/credits/ledger-audit.service';
import { TokenService } from '../../src/service/accounts/token.service';
import { User } from '../../src/entity/user.entity';
import { App, freshPhone } from './app';

export const DAY = 24 * 3600 * 1000;

export interface Ledger {
  credits: CreditService;
  audit: LedgerAuditService;
  db: DataSource;
  tokens: TokenService;
}

export async function ledgerOf(app: App): Promise<Ledger> {
  const ctx = app.getApplicationContext();
  const credits = await ctx.getAsync(CreditService);
  return { credits, audit: await ctx.getAsync(LedgerAuditService), db: credits.db, tokens: await ctx.getAsync(TokenService) };
}

/** A user with no signup bonus; `grant` > 0 gives it a never-expiring admin grant. */
export async function newUser(l: Ledger, grant = 0): Promise<number> {
  const user = l.db.getRepository(User).create({ phone: freshPhone(), role: 'user', passwordHash: null, openid: null });
  await l.db.getRepository(User).insert(user);
  if (grant > 0) await l.credits.grant(user.id, grant, 1, 'test setup');
  return user.id;
}

export async function account(l: Ledger, userId: number) {
  const u = await l.db.getRepository(User).findOneByOrFail({ id: userId });
  return { available: u.credits, frozen: u.frozenCredits };
}

export async function expectAuditClean(l: Ledger) {
  const r = await l.audit.audit();
  if (!r.ok)
    console.error(JSON.stringify({ mismatches: r.mismatches.slice(0, 10), badHolds: r.badHolds.slice(0, 10), badLots: r.badLots.slice(0, 10) }, null, 2));
  expect(r.ok).toBe(true);
  return r;
}

let refs = 0;
/** A unique reference per call, also unique across runs sharing a MariaDB database. */
export function ref(prefix = 't'): string {
  refs += 1;
  return `${prefix}-${process.pid}-${Date.now().toString(36)}-${refs}`;
}
