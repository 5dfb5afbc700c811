import { App, freshPhone, http, startApp, stopApp } from '../support/app';

/**
 * Issue 17, point 2: behind a proxy the client writes whatever it likes at the left of X-Forwarded-For; our proxy
 * appends the address it saw. Only the last TRUST_PROXY_HOPS entries are believed, so rotating the left part
 * does not rotate the per-address limits.
 */
describe('client address behind trusted proxies', () => {
  let app: App;
  beforeAll(async () => {
    app = await startApp({ TRUST_PROXY: 'true', TRUST_PROXY_HOPS: '2', SMS_ACCESS_KEY_ID: '', SMS_TEMPLATE_CODE: '', LOGIN_RATE_MAX_PER_IP: '5' });
  });
  afterAll(() => stopApp(app));

  // client-chosen address, then what the CDN saw (the real client), then what the load balancer saw (the CDN)
  const via = (spoofed: string, client: string) => `${spoofed}, ${client}, 100.64.0.1`;

  it('SMS sends: a rotating spoofed address still hits the per-address cap (5 a minute)', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) {
      const r = await http(app)
        .post('/api/v1/auth/sms/send')
        .set('X-Forwarded-For', via(`203.0.113.${i}`, '198.51.100.7'))
        .send({ phone: freshPhone() });
      statuses.push(r.status);
    }
    expect(statuses.slice(0, 5)).toEqual([200, 200, 200, 200, 200]);
    expect(statuses.slice(5)).toEqual([429, 429]);
  });

  it('password logins: a rotating spoofed address still hits the per-address limit', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) {
      const r = await http(app)
        .post('/api/v1/users/login')
        .set('X-Forwarded-For', via(`192.0.2.${i}`, '198.51.100.8'))
        .field('phone', freshPhone())
        .field('password', 'wrong-password');
      statuses.push(r.status);
    }
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses.slice(5)).toEqual([429, 429]);
  });

  it('another real client behind the same proxies is not affected', async () => {
    const r = await http(app).post('/api/v1/auth/sms/send').set('X-Forwarded-For', via('198.51.100.7', '198.51.100.9')).send({ phone: freshPhone() });
    expect(r.status).toBe(200);
  });
});
