/** Rows for admin tests: tasks in any state and history, written straight to the database. */
import { randomBytes } from 'crypto';
import { DataSource } from 'typeorm';
import { freePort } from '../support/pipeline';
import { Task } from '../../src/entity/task.entity';
import { TaskEvent } from '../../src/entity/task-event.entity';

export const jobId = () => `job_${randomBytes(12).toString('hex')}`;

export async function insertTask(db: DataSource, fields: Partial<Task> & { userId: number }): Promise<Task> {
  const repo = db.getRepository(Task);
  const row = repo.create({
    jobId: jobId(),
    kind: 'text',
    mode: 't2v',
    status: 'SUCCEEDED',
    prompt: '一只跳舞的猫',
    credits: 20,
    showcaseAllowed: fields.kind !== 'image', // as TaskService.create sets it
    ...fields,
  });
  await repo.insert(row);
  // CreateDateColumn ignores a given value on insert: set it afterwards
  if (fields.createdAt) await repo.update({ id: row.id }, { createdAt: fields.createdAt });
  return repo.findOneOrFail({ where: { id: row.id }, withDeleted: true });
}

export async function insertEvent(db: DataSource, taskId: number, type: string, data: unknown, source = 'dispatcher'): Promise<TaskEvent> {
  const repo = db.getRepository(TaskEvent);
  const row = repo.create({ taskId, type, source, status: null, data: JSON.stringify(data) });
  await repo.insert(row);
  return row;
}

export async function waitFor<T>(fn: () => Promise<T | undefined | null | false>, timeoutMs = 15000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > until) throw new Error('waitFor: timed out');
    await new Promise(r => setTimeout(r, 200));
  }
}

/** Listen on a free port (not the default 7001, which other processes on the machine may hold). */
export async function ownPort(): Promise<Record<string, string>> {
  const port = await freePort();
  return { PORT: String(port), PUBLIC_BASE_URL: `http://127.0.0.1:${port}` };
}
