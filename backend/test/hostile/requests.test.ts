import { App, freshPhone, http, startApp, stopApp } from '../support/app';
import { craftJwt, HostileCase, rawPost, runHostileCases } from '../support/hostile';
import { expectLedgerClean, pipelineEnv } from '../support/pipeline';
import { Account, settleTasks, passwordAccount, pngBytes } from '../support/rows';

/**
 * Hostile input at the accounts, sticker, seed 001 video and upload endpoints: each gets a 4xx with a stable
 * code, never a 5xx, and writes no row (rows counted in every table before and after).
 */
let app: App;
let port = 0;
let victim: Account;
let attacker: Account;
let victimJob = '';
let victimUpload = '';
const JWT_SECRET = process.env.JWT_SECRET!;
const png = () => PNG;
let PNG: Buffer;

const api = () => http(app);
const as = (u: () => Account) => ({ Authorization: u().auth });
const dataUri = (mime: string, bytes: Buffer) => `data:${mime};base64,${bytes.toString('base64')}`;
const now = () => Math.floor(Date.now() / 1000);

const jwtCases: HostileCase[] = [
  { name: 'no Authorization header', send: () => api().get('/api/v1/users/me'), status: 401, code: 'UNAUTHORIZED' },
  { name: 'Bearer without a token', send: () => api().get('/api/v1/users/me').set('Authorization', 'Bearer '), status: 401, code: 'UNAUTHORIZED' },
  {
    name: 'Basic credentials instead of Bearer',
    send: () => api().get('/api/v1/users/me').set('Authorization', 'Basic YWRtaW46YWRtaW4='),
    status: 401,
    code: 'UNAUTHORIZED',
  },
  { name: 'garbage token', send: () => api().get('/api/v1/users/me').set('Authorization', 'Bearer abc.def.ghi'), status: 401, code: 'UNAUTHORIZED' },
  {
    name: 'alg=none JWT for the victim',
    send: () =>
      api()
        .get('/api/v1/users/me')
        .set('Authorization', `Bearer ${craftJwt({ sub: String(victim.id), tv: 0 }, { alg: 'none' })}`),
    status: 401,
    code: 'UNAUTHORIZED',
  },
  {
    name: 'JWT signed with another secret',
    send: () =>
      api()
        .get('/api/v1/users/me')
        .set('Authorization', `Bearer ${craftJwt({ sub: String(victim.id), tv: 0, exp: now() + 3600 })}`),
    status: 401,
    code: 'UNAUTHORIZED',
  },
  {
    name: 'expired JWT with the right secret',
    send: () =>
      api()
        .get('/api/v1/users/me')
        .set('Authorization', `Bearer ${craftJwt({ sub: String(victim.id), tv: 0, exp: now() - 60 }, { secret: JWT_SECRET })}`),
    status: 401,
    code: 'UNAUTHORIZED',
  },
  {
    name: 'HS512 JWT with the right secret (algorithm not allowed)',
    send: () =>
      api()
        .get('/api/v1/users/me')
        .set('Authorization', `Bearer ${craftJwt({ sub: String(victim.id), tv: 0, exp: now() + 3600 }, { secret: JWT_SECRET, alg: 'HS512' })}`),
    status: 401,
    code: 'UNAUTHORIZED',
  },
  {
    name: 'JWT for a user that does not exist',
    send: () =>
      api()
        .get('/api/v1/users/me')
        .set('Authorization', `Bearer ${craftJwt({ sub: '99999999', tv: 0, exp: now() + 3600 }, { secret: JWT_SECRET })}`),
    status: 401,
    code: 'UNAUTHORIZED',
  },
  {
    name: 'JWT with an old token version',
    send: () =>
      api()
        .get('/api/v1/users/me')
        .set('Authorization', `Bearer ${craftJwt({ sub: String(victim.id), tv: -1, exp: now() + 3600 }, { secret: JWT_SECRET })}`),
    status: 401,
    code: 'UNAUTHORIZED',
  },
  {
    name: 'JWT with an SQL-looking subject',
    send: () =>
      api()
        .get('/api/v1/users/me')
        .set('Authorization', `Bearer ${craftJwt({ sub: '1 OR 1=1', tv: 0, exp: now() + 3600 }, { secret: JWT_SECRET })}`),
    status: 401,
    code: 'UNAUTHORIZED',
  },
  {
    name: 'JWT with an object subject',
    send: () =>
      api()
        .get('/api/v1/users/me')
        .set('Authorization', `Bearer ${craftJwt({ sub: { $gt: 0 }, tv: 0, exp: now() + 3600 }, { secret: JWT_SECRET })}`),
    status: 401,
    code: 'UNAUTHORIZED',
  },
  {
    name: '8 KB Authorization header',
    send: () =>
      api()
        .get('/api/v1/users/me')
        .set('Authorization', `Bearer ${'a'.repeat(8000)}`),
    status: 401,
    code: 'UNAUTHORIZED',
  },
  {
    name: 'legacy change-password with a forged token',
    send: () =>
      api()
        .post('/api/v1/users/change-password')
        .set('Authorization', `Bearer ${craftJwt({ sub: String(victim.id), tv: 0 })}`)
        .send({ newPassword: 'hacked12345' }),
    status: 401,
    code: 1,
  },
];

const accountCases: HostileCase[] = [
  {
    name: 'register: phone as a JSON array',
    send: () =>
      api()
        .post('/api/v1/users/register')
        .send({ phone: ['13800000000'], password: 'secret123' }),
    status: 400,
    code: 1,
  },
  {
    name: 'register: phone as an operator object',
    send: () =>
      api()
        .post('/api/v1/users/register')
        .send({ phone: { $gt: '' }, password: 'secret123' }),
    status: 400,
    code: 1,
  },
  { name: 'register: phone as a boolean', send: () => api().post('/api/v1/users/register').send({ phone: true, password: 'secret123' }), status: 400, code: 1 },
  {
    name: 'register: password as an array',
    send: () =>
      api()
        .post('/api/v1/users/register')
        .send({ phone: freshPhone(), password: ['secret123'] }),
    status: 400,
    code: 1,
  },
  {
    name: 'register: 10 000-character password',
    send: () =>
      api()
        .post('/api/v1/users/register')
        .send({ phone: freshPhone(), password: 'p'.repeat(10000) }),
    status: 400,
    code: 1,
  },
  {
    name: 'register: SQL-looking phone',
    send: () => api().post('/api/v1/users/register').send({ phone: "13800000000' OR '1'='1", password: 'secret123' }),
    status: 400,
    code: 1,
  },
  {
    name: 'register: JSON body over 64 KB',
    send: () =>
      api()
        .post('/api/v1/users/register')
        .send({ phone: freshPhone(), password: 'secret123', pad: 'x'.repeat(70 * 1024) }),
    status: 413,
    code: 1,
  },
  {
    name: 'register: malformed JSON',
    send: () => api().post('/api/v1/users/register').set('Content-Type', 'application/json').send('{"phone":"1380'),
    status: 400,
    code: 1,
  },
  {
    name: 'register: JSON null body',
    send: () => api().post('/api/v1/users/register').set('Content-Type', 'application/json').send('null'),
    status: 400,
    code: 1,
  },
  {
    name: 'register: multipart without a boundary',
    send: () => rawPost(port, '/api/v1/users/register', { 'content-type': 'multipart/form-data' }, 'phone=13800000000'),
    status: 400,
    code: 1,
  },
  {
    name: 'register: multipart body cut off mid-part',
    send: () =>
      rawPost(
        port,
        '/api/v1/users/register',
        { 'content-type': 'multipart/form-data; boundary=XyZ' },
        `--XyZ\r\nContent-Disposition: form-data; name="phone"\r\n\r\n${freshPhone()}\r\n--XyZ\r\nContent-Disposition: form-data; name="password"\r\n\r\nsecret12`,
      ),
    status: 400,
    code: 1,
  },
  {
    name: 'register: multipart with 60 fields',
    send: () => {
      const r = api().post('/api/v1/users/register');
      for (let i = 0; i < 60; i++) r.field(`f${i}`, 'x');
      return r;
    },
    status: 400,
    code: 1,
  },
  {
    name: 'register: urlencoded with nested brackets',
    send: () => api().post('/api/v1/users/register').type('form').send('phone[$ne]=1&password[0]=secret123'),
    status: 400,
    code: 1,
  },
  {
    name: 'login: SQL injection in the phone',
    send: () => api().post('/api/v1/users/login').send({ phone: "' OR 1=1 --", password: "' OR '1'='1" }),
    status: 401,
    code: 1,
  },
  {
    name: 'login: password as an object',
    send: () =>
      api()
        .post('/api/v1/users/login')
        .send({ phone: victim.phone, password: { $ne: null } }),
    status: 401,
    code: 1,
  },
  {
    name: 'change-password: newPassword as an object',
    send: () =>
      api()
        .post('/api/v1/users/change-password')
        .set(as(() => attacker))
        .send({ newPassword: { length: 99 } }),
    status: 400,
    code: 1,
  },
  {
    name: 'sms/send: phone as an array',
    send: () =>
      api()
        .post('/api/v1/auth/sms/send')
        .send({ phone: ['13800000000', '13900000000'] }),
    status: 400,
    code: 'INVALID_PHONE',
  },
  {
    name: 'sms/send: comma-separated phones',
    send: () => api().post('/api/v1/auth/sms/send').send({ phone: '13800000000,13900000000' }),
    status: 400,
    code: 'INVALID_PHONE',
  },
  {
    name: 'sms/login: SQL-looking code',
    send: () => api().post('/api/v1/auth/sms/login').send({ phone: freshPhone(), code: "1' OR '1'='1" }),
    status: 400,
    code: 'SMS_CODE_INVALID',
  },
  {
    name: 'sms/login: code as an object',
    send: () =>
      api()
        .post('/api/v1/auth/sms/login')
        .send({ phone: freshPhone(), code: { $regex: '.*' } }),
    status: 400,
    code: 'SMS_CODE_INVALID',
  },
];

const stickerCases: HostileCase[] = [
  {
    name: 'stickers: kind missing',
    send: () =>
      api()
        .post('/api/v1/stickers')
        .set(as(() => attacker))
        .send({ prompt: '猫' }),
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  {
    name: 'stickers: kind as an array',
    send: () =>
      api()
        .post('/api/v1/stickers')
        .set(as(() => attacker))
        .send({ kind: ['text'], prompt: '猫' }),
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  {
    name: 'stickers: unknown kind',
    send: () =>
      api()
        .post('/api/v1/stickers')
        .set(as(() => attacker))
        .send({ kind: 'video', prompt: '猫' }),
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  {
    name: 'stickers: prompt as an object',
    send: () =>
      api()
        .post('/api/v1/stickers')
        .set(as(() => attacker))
        .send({ kind: 'text', prompt: { $ne: null } }),
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  {
    name: 'stickers: prompt as an array',
    send: () =>
      api()
        .post('/api/v1/stickers')
        .set(as(() => attacker))
        .send({ kind: 'text', prompt: ['a', 'b'] }),
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  {
    name: 'stickers: prompt of 801 characters',
    send: () =>
      api()
        .post('/api/v1/stickers')
        .set(as(() => attacker))
        .send({ kind: 'text', prompt: '猫'.repeat(801) }),
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  {
    name: 'stickers: prompt of whitespace only',
    send: () =>
      api()
        .post('/api/v1/stickers')
        .set(as(() => attacker))
        .send({ kind: 'text', prompt: ' \t\n ' }),
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  // several faults: the first in the DTO's field order answers (caption, negative prompt, size, resolution, role, action, source, prompt, photo)
  {
    name: 'stickers: long caption and unknown size',
    send: () =>
      api()
        .post('/api/v1/stickers')
        .set(as(() => attacker))
        .send({ kind: 'text', prompt: '猫', caption: '字'.repeat(17), size: '1*1' }),
    status: 400,
    code: 'CAPTION_TOO_LONG',
  },
  {
    name: 'stickers: image without prompt nor photo',
    send: () =>
      api()
        .post('/api/v1/stickers')
        .set(as(() => attacker))
        .send({ kind: 'image' }),
    status: 400,
    code: 'VALIDATION_FAILED',
    check: r => expect(r.body.message).toBe('请描述图片要怎么动'),
  },
  {
    name: 'stickers: image without a photo',
    send: () =>
      api()
        .post('/api/v1/stickers')
        .set(as(() => attacker))
        .send({ kind: 'image', prompt: '动' }),
    status: 400,
    code: 'IMAGE_INVALID',
    check: r => expect(r.body.message).toBe('请上传一张图片'),
  },
  {
    name: 'stickers: broken Data URI beside an upload id (the id wins)',
    send: () =>
      api()
        .post('/api/v1/stickers')
        .set(as(() => attacker))
        .send({ kind: 'image', prompt: '动', imageId: 'up_000000000000000000000000', imageDataUri: 'data:x' }),
    status: 400,
    code: 'IMAGE_INVALID',
    check: r => expect(r.body.message).toBe('图片不存在或已过期，请重新上传'),
  },
  {
    name: 'stickers: web_search without role',
    send: () =>
      api()
        .post('/api/v1/stickers')
        .set(as(() => attacker))
        .send({ kind: 'web_search', action: '跳舞' }),
    status: 400,
    code: 'VALIDATION_FAILED',
    check: r => expect(r.body.message).toBe('请填写角色名称'),
  },
  {
    name: 'stickers: caption of 17 characters',
    send: () =>
      api()
        .post('/api/v1/stickers')
        .set(as(() => attacker))
        .send({ kind: 'text', prompt: '猫', caption: '字'.repeat(17) }),
    status: 400,
    code: 'CAPTION_TOO_LONG',
  },
  {
    name: "stickers: another user's upload id",
    send: () =>
      api()
        .post('/api/v1/stickers')
        .set(as(() => attacker))
        .send({ kind: 'image', prompt: '动', imageId: victimUpload }),
    status: 400,
    code: 'IMAGE_INVALID',
  },
  {
    name: 'stickers: SQL-looking upload id',
    send: () =>
      api()
        .post('/api/v1/stickers')
        .set(as(() => attacker))
        .send({ kind: 'image', prompt: '动', imageId: "up_' OR '1'='1" }),
    status: 400,
    code: 'IMAGE_INVALID',
  },
  {
    name: 'stickers: image kind without an image',
    send: () =>
      api()
        .post('/api/v1/stickers')
        .set(as(() => attacker))
        .send({ kind: 'image', prompt: '动' }),
    status: 400,
    code: 'IMAGE_INVALID',
  },
  {
    name: 'stickers: Data URI declaring text/plain',
    send: () =>
      api()
        .post('/api/v1/stickers')
        .set(as(() => attacker))
        .send({ kind: 'image', prompt: '动', imageDataUri: dataUri('text/plain', Buffer.from('hello')) }),
    status: 400,
    code: 'UNSUPPORTED_MEDIA',
  },
  {
    name: 'stickers: web_search without a role',
    send: () =>
      api()
        .post('/api/v1/stickers')
        .set(as(() => attacker))
        .send({ kind: 'web_search', action: '跳舞' }),
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  {
    name: 'stickers: web_search role of 51 characters',
    send: () =>
      api()
        .post('/api/v1/stickers')
        .set(as(() => attacker))
        .send({ kind: 'web_search', role: '角'.repeat(51), action: '跳舞' }),
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  {
    name: 'stickers: JSON array body',
    send: () =>
      api()
        .post('/api/v1/stickers')
        .set(as(() => attacker))
        .send([{ kind: 'text', prompt: '猫' }]),
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  {
    name: 'stickers: JSON body over 64 KB',
    send: () =>
      api()
        .post('/api/v1/stickers')
        .set(as(() => attacker))
        .send({ kind: 'text', prompt: '猫', pad: 'x'.repeat(70 * 1024) }),
    status: 413,
    code: 'PAYLOAD_TOO_LARGE',
  },
  {
    name: 'stickers: deeply nested kind',
    send: () =>
      api()
        .post('/api/v1/stickers')
        .set(as(() => attacker))
        .set('Content-Type', 'application/json')
        .send(`{"kind":${'{"a":'.repeat(2000)}1${'}'.repeat(2000)},"prompt":"猫"}`),
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  {
    name: 'stickers: __proto__ pollution attempt',
    send: () =>
      api()
        .post('/api/v1/stickers')
        .set(as(() => attacker))
        .set('Content-Type', 'application/json')
        .send('{"__proto__":{"kind":"text"},"constructor":{"prototype":{"kind":"text"}},"prompt":"猫"}'),
    status: 400,
    code: 'VALIDATION_FAILED',
    check: () => expect(({} as Record<string, unknown>).kind).toBeUndefined(),
  },
  {
    name: 'stickers: text/plain body',
    send: () =>
      api()
        .post('/api/v1/stickers')
        .set(as(() => attacker))
        .set('Content-Type', 'text/plain')
        .send('kind=text&prompt=猫'),
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  {
    name: 'stickers: page=-1',
    send: () =>
      api()
        .get('/api/v1/stickers?page=-1')
        .set(as(() => attacker)),
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  {
    name: 'stickers: page_size=100000',
    send: () =>
      api()
        .get('/api/v1/stickers?page_size=100000')
        .set(as(() => attacker)),
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  {
    name: 'stickers: status filter as an array',
    send: () =>
      api()
        .get('/api/v1/stickers?status=FAILED&status=SUCCEEDED')
        .set(as(() => attacker)),
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  {
    name: 'stickers: unknown status filter',
    send: () =>
      api()
        .get("/api/v1/stickers?status=' OR 1=1")
        .set(as(() => attacker)),
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  {
    name: "stickers: another user's job (detail)",
    send: () =>
      api()
        .get(`/api/v1/stickers/${victimJob}`)
        .set(as(() => attacker)),
    status: 404,
    code: 'NOT_FOUND',
  },
  {
    name: "stickers: another user's job (delete)",
    send: () =>
      api()
        .delete(`/api/v1/stickers/${victimJob}`)
        .set(as(() => attacker)),
    status: 404,
    code: 'NOT_FOUND',
  },
  {
    name: "stickers: another user's job (retry)",
    send: () =>
      api()
        .post(`/api/v1/stickers/${victimJob}/retry`)
        .set(as(() => attacker)),
    status: 404,
    code: 'NOT_FOUND',
  },
  {
    name: "stickers: another user's job (cancel)",
    send: () =>
      api()
        .post(`/api/v1/stickers/${victimJob}/cancel`)
        .set(as(() => attacker)),
    status: 404,
    code: 'NOT_FOUND',
  },
  {
    name: 'stickers: job id with SQL',
    send: () =>
      api()
        .get(`/api/v1/stickers/${encodeURIComponent("job_1' OR '1'='1")}`)
        .set(as(() => attacker)),
    status: 404,
    code: 'NOT_FOUND',
  },
];

const videoCases: HostileCase[] = [
  {
    name: 'video/create: type missing',
    send: () =>
      api()
        .post('/api/v1/video/create')
        .set(as(() => attacker))
        .field('prompt', '猫'),
    status: 400,
    code: 'VALIDATION_FAILED',
    check: r => expect(typeof r.body.error).toBe('string'),
  },
  {
    name: 'video/create: type as a JSON object',
    send: () =>
      api()
        .post('/api/v1/video/create')
        .set(as(() => attacker))
        .send({ type: { t: 'text_to_video' }, prompt: '猫' }),
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  {
    name: 'video/create: size 9999*9999',
    send: () =>
      api()
        .post('/api/v1/video/create')
        .set(as(() => attacker))
        .field('type', 'text_to_video')
        .field('prompt', '猫')
        .field('size', '9999*9999'),
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  {
    name: 'video/create: resolution 8K',
    send: () =>
      api()
        .post('/api/v1/video/create')
        .set(as(() => attacker))
        .field('type', 'image_to_video')
        .field('prompt', '猫')
        .field('resolution', '8K')
        .field('img_base64', dataUri('image/png', png())),
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  {
    name: 'video/create: img_base64 that is not a Data URI',
    send: () =>
      api()
        .post('/api/v1/video/create')
        .set(as(() => attacker))
        .field('type', 'image_to_video')
        .field('prompt', '猫')
        .field('img_base64', 'http://169.254.169.254/latest/meta-data/'),
    status: 400,
    code: 'IMAGE_INVALID',
  },
  {
    name: 'video/create: img_base64 with invalid base64',
    send: () =>
      api()
        .post('/api/v1/video/create')
        .set(as(() => attacker))
        .field('type', 'image_to_video')
        .field('prompt', '猫')
        .field('img_base64', 'data:image/png;base64,@@@@!!!!'),
    status: 400,
    code: 'IMAGE_INVALID',
  },
  {
    name: 'video/create: PNG header on a text file',
    send: () =>
      api()
        .post('/api/v1/video/create')
        .set(as(() => attacker))
        .field('type', 'image_to_video')
        .field('prompt', '猫')
        .field(
          'img_base64',
          dataUri('image/png', Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('just some text '.repeat(200))])),
        ),
    status: 400,
    code: 'IMAGE_INVALID',
  },
  {
    name: 'video/create: truncated PNG',
    send: () =>
      api()
        .post('/api/v1/video/create')
        .set(as(() => attacker))
        .field('type', 'image_to_video')
        .field('prompt', '猫')
        .field('img_base64', dataUri('image/png', png().subarray(0, Math.floor(png().length / 2)))),
    status: 400,
    code: 'IMAGE_INVALID',
  },
  {
    name: 'video/create: Data URI declaring JPEG with PNG bytes',
    send: () =>
      api()
        .post('/api/v1/video/create')
        .set(as(() => attacker))
        .field('type', 'image_to_video')
        .field('prompt', '猫')
        .field('img_base64', dataUri('image/jpeg', png())),
    status: 400,
    code: 'IMAGE_INVALID',
  },
  {
    name: 'video/create: Data URI declaring image/svg+xml',
    send: () =>
      api()
        .post('/api/v1/video/create')
        .set(as(() => attacker))
        .field('type', 'image_to_video')
        .field('prompt', '猫')
        .field('img_base64', dataUri('image/svg+xml', Buffer.from('<svg onload="alert(1)"/>'))),
    status: 400,
    code: 'UNSUPPORTED_MEDIA',
  },
  {
    name: 'video/create: img_base64 field over 15 MB',
    send: () =>
      api()
        .post('/api/v1/video/create')
        .set(as(() => attacker))
        .field('type', 'image_to_video')
        .field('prompt', '猫')
        .field('img_base64', `data:image/png;base64,${'A'.repeat(15.5 * 1024 * 1024)}`),
    status: 413,
    code: 'PAYLOAD_TOO_LARGE',
  },
  {
    name: 'video/create: img_base64 of 14.6 M characters (over 10 MB decoded)',
    send: () =>
      api()
        .post('/api/v1/video/create')
        .set(as(() => attacker))
        .send({ type: 'image_to_video', prompt: '猫', img_base64: `data:image/png;base64,${'A'.repeat(14.6 * 1024 * 1024)}` }),
    status: 413,
    code: 'PAYLOAD_TOO_LARGE',
  },
  {
    name: 'video/create: JSON body over 16 MB',
    send: () =>
      api()
        .post('/api/v1/video/create')
        .set(as(() => attacker))
        .send({ type: 'text_to_video', prompt: '猫', pad: 'x'.repeat(17 * 1024 * 1024) }),
    status: 413,
    code: 'PAYLOAD_TOO_LARGE',
  },
  {
    name: 'video/create_with_prompt: action missing',
    send: () =>
      api()
        .post('/api/v1/video/create_with_prompt')
        .set(as(() => attacker))
        .field('role', '孙悟空'),
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  {
    name: 'video/create_with_prompt: body over 64 KB',
    send: () =>
      api()
        .post('/api/v1/video/create_with_prompt')
        .set(as(() => attacker))
        .send({ role: '孙悟空', action: '跳', pad: 'x'.repeat(70 * 1024) }),
    status: 413,
    code: 'PAYLOAD_TOO_LARGE',
  },
  {
    name: "video/query: another user's job",
    send: () =>
      api()
        .get(`/api/v1/video/query/${victimJob}`)
        .set(as(() => attacker)),
    status: 404,
    code: 500,
    check: r => expect(r.body).toMatchObject({ message: '任务不存在', data: { status: 'UNKNOWN' } }),
  },
  {
    name: 'video/query: encoded path traversal as the job id',
    send: () =>
      api()
        .get('/api/v1/video/query/..%2F..%2Fetc%2Fpasswd')
        .set(as(() => attacker)),
    status: 404,
    code: 500,
  },
];

const uploadCases: HostileCase[] = [
  {
    name: 'upload: no file part',
    send: () =>
      api()
        .post('/api/v1/upload/image')
        .set(as(() => attacker))
        .field('x', 'y'),
    status: 400,
    code: 'IMAGE_INVALID',
  },
  {
    name: 'upload: JSON instead of multipart',
    send: () =>
      api()
        .post('/api/v1/upload/image')
        .set(as(() => attacker))
        .send({ file: png().toString('base64') }),
    status: 400,
    code: 'IMAGE_INVALID',
  },
  {
    name: 'upload: a text file declared image/png',
    send: () =>
      api()
        .post('/api/v1/upload/image')
        .set(as(() => attacker))
        .attach('file', Buffer.from('hello world '.repeat(200)), { filename: 'a.png', contentType: 'image/png' }),
    status: 400,
    code: 'UNSUPPORTED_MEDIA',
  },
  {
    name: 'upload: PNG header on a text file',
    send: () =>
      api()
        .post('/api/v1/upload/image')
        .set(as(() => attacker))
        .attach('file', Buffer.concat([png().subarray(0, 33), Buffer.from('text '.repeat(400))]), { filename: 'a.png', contentType: 'image/png' }),
    status: 400,
    code: 'IMAGE_INVALID',
  },
  {
    name: 'upload: truncated PNG',
    send: () =>
      api()
        .post('/api/v1/upload/image')
        .set(as(() => attacker))
        .attach('file', png().subarray(0, png().length - 200), { filename: 'a.png', contentType: 'image/png' }),
    status: 400,
    code: 'IMAGE_INVALID',
  },
  {
    name: 'upload: PNG bytes declared image/jpeg',
    send: () =>
      api()
        .post('/api/v1/upload/image')
        .set(as(() => attacker))
        .attach('file', png(), { filename: 'a.jpg', contentType: 'image/jpeg' }),
    status: 400,
    code: 'IMAGE_INVALID',
  },
  {
    name: 'upload: path-traversal file name',
    send: () =>
      api()
        .post('/api/v1/upload/image')
        .set(as(() => attacker))
        .attach('file', Buffer.from('not an image '.repeat(100)), { filename: '../../../etc/passwd', contentType: 'image/png' }),
    status: 400,
    code: 'UNSUPPORTED_MEDIA',
  },
  {
    name: 'upload: two files',
    send: () =>
      api()
        .post('/api/v1/upload/image')
        .set(as(() => attacker))
        .attach('file', png(), 'a.png')
        .attach('file2', png(), 'b.png'),
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  {
    name: 'upload: 11 MB file',
    send: () =>
      api()
        .post('/api/v1/upload/image')
        .set(as(() => attacker))
        .attach('file', Buffer.alloc(11 * 1024 * 1024, 1), { filename: 'big.png', contentType: 'image/png' }),
    status: 413,
    code: 'PAYLOAD_TOO_LARGE',
  },
  {
    name: 'upload: declared Content-Length over 16 MB',
    send: () =>
      rawPost(
        port,
        '/api/v1/upload/image',
        { 'content-type': 'multipart/form-data; boundary=b', authorization: attacker.auth, 'content-length': String(17 * 1024 * 1024) },
        '--b--',
      ),
    status: 413,
    code: 'PAYLOAD_TOO_LARGE',
  },
  {
    name: 'upload: boundary that never appears',
    send: () =>
      rawPost(
        port,
        '/api/v1/upload/image',
        { 'content-type': 'multipart/form-data; boundary=nope', authorization: attacker.auth },
        'random bytes without any boundary at all',
      ),
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  { name: 'upload: without a token', send: () => api().post('/api/v1/upload/image').attach('file', png(), 'a.png'), status: 401, code: 'UNAUTHORIZED' },
];

describe('hostile input: accounts, stickers, seed 001 video, uploads', () => {
  beforeAll(async () => {
    try {
      PNG = pngBytes();
      const env = await pipelineEnv({ PIPELINE_WORKER: 'false' });
      port = Number(env.PORT);
      app = await startApp(env);
      victim = await passwordAccount(app);
      attacker = await passwordAccount(app);
      const t = await http(app).post('/api/v1/stickers').set('Authorization', victim.auth).send({ kind: 'text', prompt: '受害者的猫' }).expect(200);
      victimJob = t.body.data.jobId;
      const up = await http(app)
        .post('/api/v1/upload/image')
        .set('Authorization', victim.auth)
        .attach('file', PNG, { filename: 'v.png', contentType: 'image/png' })
        .expect(200);
      victimUpload = up.body.data.id;
    } catch (e) {
      console.error(e);
      throw e;
    }
  });
  afterAll(async () => {
    await settleTasks(app, [victim, attacker].filter(Boolean));
    await expectLedgerClean(app);
    await stopApp(app);
  });

  runHostileCases(() => app, [...jwtCases, ...accountCases, ...stickerCases, ...videoCases, ...uploadCases]);

  it("the victim's task is untouched", async () => {
    const r = await http(app).get(`/api/v1/stickers/${victimJob}`).set('Authorization', victim.auth).expect(200);
    expect(r.body.data.status).toBe('QUEUED');
  });
});
