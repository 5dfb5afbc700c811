import { App, http, startApp, stopApp } from '../support/app';
import { signUp } from '../support/pipeline';
import { craftJwt } from '../support/hostile';
import { TokenService } from '../../src/service/accounts/token.service';

const JWT_SECRET = process.env.JWT_SECRET!;
const seconds = () => Math.floor(Date.now() / 1000);
const me = (app: App, token: string) => http(app).get('/api/v1/users/me').set('Authorization', `Bearer ${token}`);

// TokenService keeps tokens it has verified: a token seen before must still stop at its expiry, and a token
// with the same claims but another signature must still be refused (a password change revoking a token in use:
// user.test.ts)
describe('verified tokens kept by TokenService', () => {
  let app: App;
  beforeAll(async () => {
    app = await startApp();
  });
  afterAll(() => stopApp(app));

  const userId = async (auth: string) => (await http(app).get('/api/v1/users/me').set('Authorization', auth)).body.data.id as number;

  it('answers a known token until its exp, then 401 — the same second jsonwebtoken would refuse it', async () => {
    const id = await userId((await signUp(app)).auth);
    const exp = seconds() + 2;
    const token = craftJwt({ sub: String(id), tv: 0, exp }, { secret: JWT_SECRET });
    expect((await me(app, token)).status).toBe(200);
    expect((await me(app, token)).status).toBe(200); // from the kept verification
    await new Promise(r => setTimeout(r, exp * 1000 - Date.now() + 50));
    const late = await me(app, token);
    expect(late.status).toBe(401);
    expect(late.body.code).toBe('UNAUTHORIZED');
  });

  it('refuses the same claims with another signature after the real token was kept', async () => {
    const id = await userId((await signUp(app)).auth);
    const claims = { sub: String(id), tv: 0, exp: seconds() + 3600 };
    expect((await me(app, craftJwt(claims, { secret: JWT_SECRET }))).status).toBe(200);
    expect((await me(app, craftJwt(claims, { secret: 'another-secret-of-enough-length' }))).status).toBe(401);
  });

  it('holds at most 10,000 tokens, dropping the oldest first', async () => {
    const tokens = await app.getApplicationContext().getAsync(TokenService);
    const first = craftJwt({ sub: '1', tv: 0, exp: seconds() + 3600, n: -1 }, { secret: JWT_SECRET });
    await tokens.read(first);
    for (let i = 0; i < 10_000; i++) await tokens.read(craftJwt({ sub: '1', tv: 0, exp: seconds() + 3600, n: i }, { secret: JWT_SECRET }));
    const kept = (tokens as unknown as { verified: Map<string, unknown> }).verified;
    expect(kept.size).toBe(10_000);
    expect(kept.has(first)).toBe(false);
  });
});
