import Redis from 'ioredis';
import { App, freshPhone, http, startApp, stopApp } from './app';

async function register(app: App, phone: string) {
  await http(app).post('/api/v1/users/register').field('phone', phone).field('password', 'secret123').expect(200);
}

/** Shared by login-rate-limit.memory.test.ts and login-rate-limit.redis.test.ts (one app per file). */
export function loginRateLimitSuite(redisUrl: string | undefined) {
  let app: App;
  beforeAll(async () => {
    app = await startApp({ REDIS_URL: redisUrl ?? '', LOGIN_RATE_MAX_PER_PHONE: '3', LOGIN_RATE_MAX_PER_IP: '6', TRUST_PROXY: 'true' });
  });
  afterAll(() => stopApp(app));

  it('answers 429 with Retry-After after too many attempts on one phone from one address, even with the right password', async () => {
    const phone = freshPhone();
    await register(app, phone);
    const ip = `10.3.${Math.floor(Math.random() * 250)}.1`;
    for (let i = 0; i < 3; i++) {
      const r = await http(app).post('/api/v1/users/login').set('X-Forwarded-For', ip).field('phone', phone).field('password', 'wrong-pass');
      expect(r.status).toBe(401);
    }
    const blocked = await http(app).post('/api/v1/users/login').set('X-Forwarded-For', ip).field('phone', phone).field('password', 'secret123');
    expect(blocked.status).toBe(429);
    expect(blocked.body.code).toBe(1); // seed 001 envelope on the legacy route
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('wrong passwords from other addresses do not lock the owner out (issue 17, point 4)', async () => {
    const phone = freshPhone();
    await register(app, phone);
    for (let i = 0; i < 5; i++) {
      const r = await http(app)
        .post('/api/v1/users/login')
        .set('X-Forwarded-For', `10.7.${i}.${Math.floor(Math.random() * 250)}`)
        .field('phone', phone)
        .field('password', 'wrong-pass');
      expect(r.status).toBe(401);
    }
    const owner = await http(app).post('/api/v1/users/login').set('X-Forwarded-For', '10.8.0.1').field('phone', phone).field('password', 'secret123');
    expect(owner.status).toBe(200);
  });

  it('limits attempts per IP across phones', async () => {
    const ip = `10.4.${Math.floor(Math.random() * 250)}.1`;
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) {
      const r = await http(app).post('/api/v1/users/login').set('X-Forwarded-For', ip).field('phone', freshPhone()).field('password', 'whatever1');
      statuses.push(r.status);
    }
    expect(statuses.slice(0, 6)).toEqual([401, 401, 401, 401, 401, 401]);
    expect(statuses[6]).toBe(429);
  });

  it('resets the phone counter after a successful login', async () => {
    const phone = freshPhone();
    await register(app, phone);
    const ip = `10.5.${Math.floor(Math.random() * 250)}.1`;
    const attempt = (pw: string) => http(app).post('/api/v1/users/login').set('X-Forwarded-For', ip).field('phone', phone).field('password', pw);
    expect((await attempt('wrong-pass')).status).toBe(401);
    expect((await attempt('wrong-pass')).status).toBe(401);
    expect((await attempt('secret123')).status).toBe(200);
    expect((await attempt('wrong-pass')).status).toBe(401);
  });

  if (redisUrl) {
    it('keeps the counters in Redis so every instance sees them', async () => {
      const redis = new Redis(redisUrl);
      try {
        const phone = freshPhone();
        await http(app).post('/api/v1/users/login').set('X-Forwarded-For', '10.6.0.1').field('phone', phone).field('password', 'wrong-pass');
        expect(Number(await redis.get(`rl:login:phone:${phone}:10.6.0.1`))).toBe(1);
        expect(await redis.ttl(`rl:login:phone:${phone}:10.6.0.1`)).toBeGreaterThan(0);
      } finally {
        redis.disconnect();
      }
    });
  }
}
