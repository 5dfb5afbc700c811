import { Config, Init, Inject, Provide, Scope, ScopeEnum } from '@midwayjs/core';
import { JwtService } from '@midwayjs/jwt';
import { createSecretKey, KeyObject } from 'crypto';

export interface TokenClaims {
  /** user id */
  sub: number;
  /** the user's tokenVersion when the token was issued */
  tv: number;
}

/** Issues and checks access tokens (HS256 only: `alg: none` and other algorithms are refused). */
@Provide()
@Scope(ScopeEnum.Singleton)
export class TokenService {
  @Inject()
  jwt: JwtService;

  @Config('jwt.expiresIn')
  expiresIn: string;

  @Config('jwt.secret')
  secret: string;

  /**
   * The secret as a KeyObject, made once: given a string, jsonwebtoken builds a new KeyObject on every
   * sign and verify, which was a third of the CPU time of an authenticated GET (bench/api).
   */
  private key: KeyObject;

  @Init()
  init() {
    this.key = createSecretKey(Buffer.from(this.secret, 'utf8'));
  }

  async issue(userId: number, tokenVersion: number): Promise<string> {
    // jsonwebtoken accepts '7d'-style strings; its types want a template literal type
    const expiresIn = this.expiresIn as unknown as number;
    return this.jwt.sign({ tv: tokenVersion }, this.key, { subject: String(userId), expiresIn, algorithm: 'HS256' });
  }

  /** Returns the claims, or null for anything invalid, expired or forged. */
  async read(token: string): Promise<TokenClaims | null> {
    try {
      const payload = this.jwt.verifySync(token, this.key, { algorithms: ['HS256'] }) as unknown as Record<string, unknown>;
      const sub = Number(payload.sub);
      const tv = payload.tv;
      if (!Number.isSafeInteger(sub) || sub <= 0 || typeof tv !== 'number') return null;
      return { sub, tv };
    } catch {
      return null; // any verification failure means "not signed in"; the caller answers 401
    }
  }
}
