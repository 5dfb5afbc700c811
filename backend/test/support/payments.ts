import { randomUUID } from 'crypto';
import { simNotifySignature, SimOrderState } from '../../src/payment/simulator';
import { PaymentSimulatorService } from '../../src/service/payments/payment-simulator.service';
import type { PaymentSimulator } from '../../src/simulator/payment.sim';
import { App, dataSource, http } from './app';

/** The app's running payment simulator (the stand-in for the payment provider). */
export async function paymentSimulator(app: App): Promise<PaymentSimulator> {
  const s = (await app.getApplicationContext().getAsync(PaymentSimulatorService)).simulator;
  if (!s) throw new Error('the payment simulator is not running');
  return s;
}

/** A notification as the simulator signs it (tests use it to replay, tamper and race). */
export function signedNotify(app: App, sim: PaymentSimulator, state: SimOrderState, opts: { ts?: number; secret?: string } = {}) {
  const body = JSON.stringify(state);
  const ts = String(opts.ts ?? Math.floor(Date.now() / 1000));
  const nonce = randomUUID().replace(/-/g, '');
  return http(app)
    .post('/api/v1/payments/simulator/notify')
    .set('Content-Type', 'application/json')
    .set('X-Sim-Timestamp', ts)
    .set('X-Sim-Nonce', nonce)
    .set('X-Sim-Signature', simNotifySignature(opts.secret ?? sim.secret, ts, nonce, body))
    .send(body);
}

/** Marks an order paid at the simulator without notifying (a lost notification). */
export function payWithoutNotify(sim: PaymentSimulator, outTradeNo: string): SimOrderState {
  const o = sim.orders.get(outTradeNo);
  if (!o) throw new Error(`no simulated order ${outTradeNo}`);
  o.state = 'PAID';
  o.transactionId = `sim_lost_${outTradeNo}`;
  o.paidAt = new Date().toISOString();
  return { outTradeNo, state: o.state, amountFen: o.amountFen, transactionId: o.transactionId, paidAt: o.paidAt };
}

export async function orderRow(app: App, outTradeNo: string): Promise<Record<string, unknown>> {
  const db = await dataSource(app);
  const q = db.options.type === 'mysql' ? 'SELECT * FROM `order` WHERE outTradeNo = ?' : 'SELECT * FROM "order" WHERE outTradeNo = ?';
  return (await db.query(q, [outTradeNo]))[0];
}

export async function orderEvents(app: App, outTradeNo: string): Promise<Array<{ source: string; outcome: string; note: string }>> {
  const db = await dataSource(app);
  const q =
    db.options.type === 'mysql'
      ? 'SELECT e.source, e.outcome, e.note FROM order_event e JOIN `order` o ON o.id = e.orderId WHERE o.outTradeNo = ? ORDER BY e.id'
      : 'SELECT e.source, e.outcome, e.note FROM order_event e JOIN "order" o ON o.id = e.orderId WHERE o.outTradeNo = ? ORDER BY e.id';
  return db.query(q, [outTradeNo]);
}

export async function purchaseEntries(app: App, outTradeNo: string): Promise<number> {
  const db = await dataSource(app);
  return Number((await db.query("SELECT COUNT(*) AS n FROM credit_entry WHERE type = 'purchase' AND referenceId = ?", [outTradeNo]))[0].n);
}
