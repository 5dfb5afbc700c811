/**
 * The `simulator` channel: the local payment simulator (src/simulator/payment.sim.ts) over HTTP. Its
 * protocol is small and ours, modelled on WeChat Pay v3: register an order, the browser pays or cancels on
 * the simulator's page, the simulator POSTs a signed notification, orders can be queried and refunded.
 *
 * Notification signature: hex HMAC-SHA256(secret, `${timestamp}\n${nonce}\n${body}\n`) in
 * `X-Sim-Signature`, with `X-Sim-Timestamp` (unix seconds) and `X-Sim-Nonce` — the same message layout as
 * WeChat Pay v3's `Wechatpay-Signature`, with an HMAC in place of RSA.
 */
import { createHmac } from 'crypto';
import type { PaymentParams } from '@app/shared';
import { ChannelOrder, ChannelPayment, ChannelRefund, PayerContext, PaymentChannel, PaymentChannelError } from './channel';

export function simNotifySignature(secret: string, timestamp: string, nonce: string, body: string): string {
  return createHmac('sha256', secret).update(`${timestamp}\n${nonce}\n${body}\n`).digest('hex');
}

/** A simulator notification body (and query answer). */
export interface SimOrderState {
  outTradeNo: string;
  state: 'NOTPAY' | 'PAID' | 'CLOSED' | 'REFUNDED';
  amountFen: number;
  transactionId: string | null;
  paidAt: string | null;
}

export function toChannelPayment(s: SimOrderState): ChannelPayment {
  return {
    outTradeNo: s.outTradeNo,
    state: s.state,
    transactionId: s.transactionId ?? undefined,
    paidFen: s.state === 'PAID' || s.state === 'REFUNDED' ? s.amountFen : undefined,
    paidAt: s.paidAt ? new Date(s.paidAt) : undefined,
    raw: s,
  };
}

export function isSimOrderState(v: unknown): v is SimOrderState {
  const o = v as Record<string, unknown>;
  return (
    !!o &&
    typeof o === 'object' &&
    typeof o.outTradeNo === 'string' &&
    ['NOTPAY', 'PAID', 'CLOSED', 'REFUNDED'].includes(o.state as string) &&
    Number.isSafeInteger(o.amountFen) &&
    (o.transactionId === null || typeof o.transactionId === 'string') &&
    (o.paidAt === null || typeof o.paidAt === 'string')
  );
}

export class SimulatorChannel implements PaymentChannel {
  readonly name = 'simulator' as const;
  readonly simulated = true;

  constructor(private readonly opts: { baseUrl: string; notifyUrl: string; timeoutMs?: number }) {}

  async create(order: ChannelOrder, payer: PayerContext): Promise<PaymentParams> {
    const r = await this.call<{ payUrl: string }>('POST', '/pay/orders', {
      outTradeNo: order.outTradeNo,
      amountFen: order.priceFen,
      description: order.description,
      notifyUrl: this.opts.notifyUrl,
      returnUrl: payer.returnUrl ?? '',
      expiresAt: order.expiresAt.toISOString(),
    });
    if (typeof r.payUrl !== 'string') throw new PaymentChannelError('simulator', 'simulator answered without payUrl');
    return { channel: 'simulator', payUrl: r.payUrl };
  }

  async query(outTradeNo: string): Promise<ChannelPayment> {
    const r = await this.call<unknown>('GET', `/pay/orders/${encodeURIComponent(outTradeNo)}`);
    if (!isSimOrderState(r)) throw new PaymentChannelError('simulator', 'simulator answered an unreadable order');
    return toChannelPayment(r);
  }

  async refund(order: { outTradeNo: string; priceFen: number; refundNo: string }): Promise<ChannelRefund> {
    const r = await this.call<{ refundId?: unknown }>('POST', `/pay/orders/${encodeURIComponent(order.outTradeNo)}/refund`, {
      refundNo: order.refundNo,
      amountFen: order.priceFen,
    });
    if (typeof r.refundId !== 'string') throw new PaymentChannelError('simulator', 'simulator answered without refundId');
    return { refundId: r.refundId, raw: r };
  }

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    let res: Response;
    try {
      res = await fetch(`${this.opts.baseUrl}${path}`, {
        method,
        headers: body ? { 'Content-Type': 'application/json' } : undefined,
        body: body ? JSON.stringify(body) : undefined,
        signal: AbortSignal.timeout(this.opts.timeoutMs ?? 10000),
      });
    } catch (e) {
      throw new PaymentChannelError('simulator', `simulator unreachable: ${e instanceof Error ? e.message : String(e)}`);
    }
    const text = await res.text();
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new PaymentChannelError('simulator', `simulator answered HTTP ${res.status} without JSON`, { status: res.status });
    }
    if (!res.ok) {
      const p = parsed as { code?: string; message?: string };
      throw new PaymentChannelError('simulator', `simulator: ${p.message ?? res.status}`, { status: res.status, code: p.code });
    }
    return parsed as T;
  }
}
