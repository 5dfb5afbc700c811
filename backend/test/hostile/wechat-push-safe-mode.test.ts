import { App, http, startApp, stopApp } from '../support/app';
import { rowCounts } from '../support/rows';
import { encryptAsWechat, newEncodingAesKey, plainQuery, safeModeQuery, sha1Sorted } from '../support/wechat-push';

/**
 * Issue 17, point 7 (safe mode, what production should use): msg_signature covers the Encrypt field, the body is
 * AES-256-CBC with the EncodingAESKey, and plain-mode pushes are refused.
 */
describe('WeChat push, safe mode', () => {
  let app: App;
  const TOKEN = 'safe-push-token';
  const APPID = 'wxsafe123';
  const AES_KEY = newEncodingAesKey();
  beforeAll(async () => {
    app = await startApp({ WECHAT_PUSH_TOKEN: TOKEN, WECHAT_PUSH_AES_KEY: AES_KEY, WECHAT_APPID: APPID, WECHAT_SECRET: 'wxsecret' });
  });
  afterAll(() => stopApp(app));

  const message = (extra: object = {}) =>
    JSON.stringify({
      ToUserName: 'gh_x',
      MsgType: 'event',
      Event: 'wxa_media_check',
      trace_id: 'trace-unknown',
      result: { suggest: 'pass', label: 100 },
      ...extra,
    });
  const send = (q: Record<string, string>, body: object) => http(app).post('/api/v1/wechat/push').query(q).send(body);

  it('takes an encrypted push whose msg_signature covers its Encrypt, once', async () => {
    const encrypt = encryptAsWechat(message(), APPID, AES_KEY);
    const q = safeModeQuery(TOKEN, encrypt);
    const ok = await send(q, { ToUserName: 'gh_x', Encrypt: encrypt });
    expect(ok.status).toBe(200);
    expect(ok.text).toBe('success');
    expect((await send(q, { ToUserName: 'gh_x', Encrypt: encrypt })).status).toBe(401);
  });

  it('decrypts before dispatching: an encrypted event without trace_id is a 400 from its handler', async () => {
    const encrypt = encryptAsWechat(message({ trace_id: undefined }), APPID, AES_KEY);
    const r = await send(safeModeQuery(TOKEN, encrypt), { Encrypt: encrypt });
    expect(r.status).toBe(400);
    expect(r.body.code).toBe('VALIDATION_FAILED');
  });

  it('refuses plain pushes, swapped bodies, other keys, other appids and garbage — writing nothing', async () => {
    const before = await rowCounts(app);
    const encrypt = encryptAsWechat(message(), APPID, AES_KEY);
    const other = encryptAsWechat(message({ result: { suggest: 'risky' } }), APPID, AES_KEY);
    const refused = [
      await send(plainQuery(TOKEN), JSON.parse(message())),
      await send(safeModeQuery(TOKEN, encrypt), { Encrypt: other }),
      await send(safeModeQuery(TOKEN, encrypt), JSON.parse(message())),
      await send({ ...safeModeQuery(TOKEN, encrypt), encrypt_type: 'raw' }, { Encrypt: encrypt }),
      await send(safeModeQuery(TOKEN, encryptAsWechat(message(), APPID, newEncodingAesKey())), {
        Encrypt: encryptAsWechat(message(), APPID, newEncodingAesKey()),
      }),
    ];
    const wrongKey = encryptAsWechat(message(), APPID, newEncodingAesKey());
    refused.push(await send(safeModeQuery(TOKEN, wrongKey), { Encrypt: wrongKey }));
    const wrongApp = encryptAsWechat(message(), 'wxsomeoneelse', AES_KEY);
    refused.push(await send(safeModeQuery(TOKEN, wrongApp), { Encrypt: wrongApp }));
    const garbage = Buffer.from('not a ciphertext at all').toString('base64');
    refused.push(await send(safeModeQuery(TOKEN, garbage), { Encrypt: garbage }));
    const stale = safeModeQuery(TOKEN, encrypt, Math.floor(Date.now() / 1000) - 3600);
    refused.push(await send(stale, { Encrypt: encrypt }));
    const ts = String(Math.floor(Date.now() / 1000));
    refused.push(
      await send({ timestamp: ts, nonce: 'n', encrypt_type: 'aes', msg_signature: sha1Sorted('wrong-token', ts, 'n', encrypt) }, { Encrypt: encrypt }),
    );
    for (const r of refused) {
      expect(r.status).toBe(401);
      expect(r.body.code).toBe('CALLBACK_INVALID');
    }
    expect(await rowCounts(app)).toEqual(before);
  });
});
