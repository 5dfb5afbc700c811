import { SmsCode } from '../src/entity/sms-code.entity';
import { App, dataSource, freshPhone, http, startApp, stopApp } from './support/app';

describe('SMS without configuration (development)', () => {
  let app: App;
  beforeAll(async () => {
    app = await startApp({ SMS_ACCESS_KEY_ID: '', SMS_ACCESS_KEY_SECRET: '', SMS_SIGN_NAME: '', SMS_TEMPLATE_CODE: '' });
  });
  afterAll(() => stopApp(app));

  it('accepts the send and stores a code (the code goes to the server log)', async () => {
    const phone = freshPhone();
    const r = await http(app).post('/api/v1/auth/sms/send').send({ phone });
    expect(r.status).toBe(200);
    const db = await dataSource(app);
    expect(await db.getRepository(SmsCode).countBy({ phone, state: 'open' })).toBe(1);
  });
});
