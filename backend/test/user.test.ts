import { App, freshPhone, http, startApp, stopApp } from './support/app';

describe('seed 001 §2.1 users API', () => {
  let app: App;
  beforeAll(async () => {
    app = await startApp();
  });
  afterAll(() => stopApp(app));

  it('registers with multipart form data and answers exactly as the contract says', async () => {
    const phone = freshPhone();
    const res = await http(app).post('/api/v1/users/register').field('phone', phone).field('password', 'secret123');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ code: 0, message: 'Registration successful' });
    expect(res.headers['x-request-id']).toMatch(/^[A-Za-z0-9._-]{8,64}$/);
  });

  it('rejects a bad phone with 400 and the contract message', async () => {
    for (const phone of ['12800000000', '1380000000', '138000000001', 'abcdefghijk', '', '+8613800000000']) {
      const res = await http(app).post('/api/v1/users/register').field('phone', phone).field('password', 'secret123');
      expect(res.status).toBe(400);
      expect(res.body).toEqual({ code: 1, message: 'Invalid phone number format' });
    }
    const missing = await http(app).post('/api/v1/users/register').field('password', 'secret123');
    expect(missing.status).toBe(400);
    expect(missing.body).toEqual({ code: 1, message: 'Invalid phone number format' });
  });

  it('rejects a duplicate phone', async () => {
    const phone = freshPhone();
    await http(app).post('/api/v1/users/register').field('phone', phone).field('password', 'secret123').expect(200);
    const res = await http(app).post('/api/v1/users/register').field('phone', phone).field('password', 'another123');
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ code: 1, message: 'user with this phone number already exists' });
  });

  it('rejects a short password with 400 and code 1', async () => {
    const res = await http(app).post('/api/v1/users/register').field('phone', freshPhone()).field('password', 'short7!');
    expect(res.status).toBe(400);
    expect(res.body.code).toBe(1);
    expect(typeof res.body.message).toBe('string');
  });

  it('accepts JSON and urlencoded bodies too, ignoring unknown fields', async () => {
    const a = await http(app).post('/api/v1/users/register').send({ phone: freshPhone(), password: 'secret123', extra: 'x' });
    expect(a.body).toEqual({ code: 0, message: 'Registration successful' });
    const b = await http(app).post('/api/v1/users/register').type('form').send(`phone=${freshPhone()}&password=secret123&x=1`);
    expect(b.body).toEqual({ code: 0, message: 'Registration successful' });
  });

  it('logs in with a JWT and gives the same 401 for an unknown phone and a wrong password', async () => {
    const phone = freshPhone();
    await http(app).post('/api/v1/users/register').field('phone', phone).field('password', 'secret123').expect(200);
    const ok = await http(app).post('/api/v1/users/login').field('phone', phone).field('password', 'secret123');
    expect(ok.status).toBe(200);
    expect(ok.body.code).toBe(0);
    expect(ok.body.message).toBe('Login successful');
    expect(ok.body.data.token.split('.')).toHaveLength(3);

    const wrong = await http(app).post('/api/v1/users/login').field('phone', phone).field('password', 'secret124');
    const unknown = await http(app).post('/api/v1/users/login').field('phone', freshPhone()).field('password', 'secret123');
    for (const r of [wrong, unknown]) {
      expect(r.status).toBe(401);
      expect(r.body).toEqual({ code: 1, message: 'invalid phone or password' });
    }
  });

  it('changes the password and invalidates tokens issued before', async () => {
    const phone = freshPhone();
    await http(app).post('/api/v1/users/register').field('phone', phone).field('password', 'secret123').expect(200);
    const login = await http(app).post('/api/v1/users/login').field('phone', phone).field('password', 'secret123');
    const oldToken = login.body.data.token as string;

    const short = await http(app).post('/api/v1/users/change-password').set('Authorization', `Bearer ${oldToken}`).field('newPassword', 'short');
    expect(short.status).toBe(400);
    expect(short.body.code).toBe(1);

    const changed = await http(app).post('/api/v1/users/change-password').set('Authorization', `Bearer ${oldToken}`).field('newPassword', 'newsecret456');
    expect(changed.status).toBe(200);
    expect(changed.body).toEqual({ code: 0, message: 'Password changed successfully' });

    const reuse = await http(app).post('/api/v1/users/change-password').set('Authorization', `Bearer ${oldToken}`).field('newPassword', 'again12345');
    expect(reuse.status).toBe(401);
    expect(reuse.body).toEqual({ code: 1, message: 'Invalid or expired JWT' });

    const oldPw = await http(app).post('/api/v1/users/login').field('phone', phone).field('password', 'secret123');
    expect(oldPw.status).toBe(401);
    const newPw = await http(app).post('/api/v1/users/login').field('phone', phone).field('password', 'newsecret456');
    expect(newPw.status).toBe(200);
    const me = await http(app).get('/api/v1/users/me').set('Authorization', `Bearer ${newPw.body.data.token}`);
    expect(me.status).toBe(200);
    expect(me.body.data.phone).toBe(`${phone.slice(0, 3)}****${phone.slice(7)}`);
  });

  it('answers 401 Invalid or expired JWT for missing, malformed, forged and alg=none tokens', async () => {
    const phone = freshPhone();
    await http(app).post('/api/v1/users/register').field('phone', phone).field('password', 'secret123').expect(200);
    const token = (await http(app).post('/api/v1/users/login').field('phone', phone).field('password', 'secret123')).body.data.token as string;
    const [h, p] = token.split('.') as [string, string, string];
    const none = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${p}.`;
    const forged = `${h}.${p}.${Buffer.from('not-the-signature').toString('base64url')}`;
    const cases: Array<string | undefined> = [undefined, 'Bearer', 'Bearer abc', `Bearer ${none}`, `Bearer ${forged}`, `Basic ${token}`];
    for (const auth of cases) {
      const req = http(app).post('/api/v1/users/change-password').field('newPassword', 'newsecret456');
      const res = await (auth ? req.set('Authorization', auth) : req);
      expect(res.status).toBe(401);
      expect(res.body).toEqual({ code: 1, message: 'Invalid or expired JWT' });
    }
  });

  it('gives the signup bonus to new users', async () => {
    const phone = freshPhone();
    await http(app).post('/api/v1/users/register').field('phone', phone).field('password', 'secret123').expect(200);
    const token = (await http(app).post('/api/v1/users/login').field('phone', phone).field('password', 'secret123')).body.data.token;
    const me = await http(app).get('/api/v1/users/me').set('Authorization', `Bearer ${token}`);
    expect(me.body.code).toBe('OK');
    expect(me.body.data.credits).toBe(100);
  });

  it('serves /healthz and 404s unknown API routes with the app envelope', async () => {
    const h = await http(app).get('/healthz');
    expect(h.status).toBe(200);
    expect(h.body.db).toBe('up');
    const nf = await http(app).get('/api/v1/nope').set('Authorization', 'Bearer x');
    expect(nf.status).toBe(401);
  });
});
