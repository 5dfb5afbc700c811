import { PHONE_PATTERN } from '@app/shared';

export const isMainlandMobile = (v: unknown): v is string => typeof v === 'string' && PHONE_PATTERN.test(v);

/** 13800000000 → 138****0000 */
export const maskPhone = (phone: string) => (phone.length === 11 ? `${phone.slice(0, 3)}****${phone.slice(7)}` : '****');
