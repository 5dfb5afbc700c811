import * as path from 'path';
import { DataSource } from 'typeorm';
import { User } from '../src/entity/user.entity';
import { unitOfWork } from '../src/unit-of-work';
import { PlainSelect } from '../src/util/plain-select';
import { App, dataSource, startApp, stopApp } from './support/app';
import { passwordAccount } from './support/rows';

/** Issue 14: the hot reads' plain selects (SQLite: a second, read-only connection; MySQL: the pool). */
describe('plain selects', () => {
  let app: App;
  let db: DataSource;
  beforeAll(async () => {
    try {
      // a SQLite file, not the tests' usual in-memory database: the second, read-only connection is what is tested
      app = await startApp({ DB_PATH: path.join(process.env.DATA_DIR!, 'plain-select.sqlite') });
      db = await dataSource(app);
    } catch (e) {
      console.error(e);
      throw e;
    }
  });
  afterAll(() => stopApp(app));

  it('answers the columns converted as TypeORM converts them (dates, booleans, numbers)', async () => {
    const account = await passwordAccount(app);
    const entity = await db.getRepository(User).findOneByOrFail({ id: account.id });
    const q = new PlainSelect(db, User, ['id', 'phone', 'credits', 'disabled', 'phoneVerified', 'createdAt', 'passwordHash']);
    const [row] = await q.rows(`WHERE ${q.col('id')} = ?`, [account.id]);
    expect(row).toEqual({
      id: entity.id,
      phone: entity.phone,
      credits: entity.credits,
      disabled: false,
      phoneVerified: false,
      createdAt: entity.createdAt,
      passwordHash: entity.passwordHash,
    });
    expect(row!.createdAt).toBeInstanceOf(Date);
    expect(await q.count(`WHERE ${q.col('id')} = ?`, [account.id])).toBe(1);
    expect(await q.rows(`WHERE ${q.col('id')} = ?`, [-1])).toEqual([]);
  });

  it('sees committed data only: a change inside an open transaction shows after its commit', async () => {
    const account = await passwordAccount(app);
    const q = new PlainSelect(db, User, ['tokenVersion']);
    const read = async () => (await q.rows(`WHERE ${q.col('id')} = ?`, [account.id]))[0]!.tokenVersion;
    const before = await read();
    let seenInside: number | undefined;
    await unitOfWork(db, async em => {
      await em.increment(User, { id: account.id }, 'tokenVersion', 1);
      seenInside = await read();
    });
    expect(seenInside).toBe(before);
    expect(await read()).toBe(before + 1);
  });
});
