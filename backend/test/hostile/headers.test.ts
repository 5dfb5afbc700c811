import { App, dataSource, http, startApp, stopApp } from '../support/app';

/** Issue 17, point 10: the admin console's page headers, and a /healthz that keeps database errors to the log. */
describe('admin console headers and /healthz', () => {
  let app: App;
  beforeAll(async () => {
    app = await startApp();
  });
  afterAll(() => stopApp(app));

  it.each(['/admin/', '/admin/users/12', '/admin/js/app.js', '/admin/css/admin.css'])('%s: strict CSP without framing, Referrer-Policy, nosniff', async url => {
    const r = await http(app).get(url).expect(200);
    const csp = String(r.headers['content-security-policy']);
    const directives = Object.fromEntries(csp.split(/;\s*/).map(d => [d.split(' ')[0], d.split(' ').slice(1).join(' ')]));
    expect(directives['frame-ancestors']).toBe("'none'");
    expect(directives['default-src']).toBe("'none'");
    expect(directives['script-src']).toBe("'self'");
    expect(directives['object-src']).toBe("'none'");
    expect(directives['base-uri']).toBe("'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');
    expect(r.headers['referrer-policy']).toBe('no-referrer');
    expect(r.headers['x-content-type-options']).toBe('nosniff');
    expect(r.headers['x-frame-options']).toBe('DENY');
  });

  it('the console page itself has no inline script the policy would block', async () => {
    const r = await http(app).get('/admin/').expect(200);
    expect(r.text).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/i);
    expect(r.text).not.toMatch(/\son[a-z]+=/i);
    expect(r.text).not.toMatch(/<style/i);
  });

  it('/healthz says the database is down without saying why', async () => {
    const ds = await dataSource(app);
    await ds.destroy();
    try {
      const r = await http(app).get('/healthz');
      expect(r.status).toBe(503);
      expect(r.body).toEqual({ status: 'error', db: 'down' });
    } finally {
      await ds.initialize();
    }
  });
});
