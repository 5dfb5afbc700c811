import { Config, Init, Inject, Provide, Scope, ScopeEnum } from '@midwayjs/core';
import { JwtService } from '@midwayjs/jwt';
import { createSecretKey, KeyObject } from 'crypto';

/** How many verified tokens TokenService keeps (about 300 bytes each). */
const VERIFIED_MAX = 10_000;

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

  /**
   * Tokens that passed verification, by their text, with their expiry. An HS256 signature checks out the same way
   * every time, so a token seen before is not verified again (that was a tenth of the CPU of an authenticated GET,
   * bench/api); its expiry is still compared on every request, and what a token is worth beyond that — token
   * version, disabled, role — is read from the account by the auth middleware on every request, as before. Only
   * valid tokens enter; the oldest entries leave first once VERIFIED_MAX are held.
   */
  private readonly verified = new Map<string, { claims: TokenClaims; expiresAt: number }>();

  /** Returns the claims, or null for anything invalid, expired or forged. */
  async read(token: string): Promise<TokenClaims | null> {
    const known = this.verified.get(token);
    if (known) {
      if (Date.now() < known.expiresAt) return known.claims;
      this.verified.delete(token);
      return null;
    }
    try {
      const payload = this.jwt.verifySync(token, this.key, { algorithms: ['HS256'] }) as unknown as Record<string, unknown>;
      const sub = Number(payload.sub);
      const tv = payload.tv;
      if (!Number.isSafeInteger(sub) || sub <= 0 || typeof tv !== 'number') return null;
      const claims = { sub, tv };
      this.remember(token, claims, typeof payload.exp === 'number' ? payload.exp * 1000 : Infinity);
      return claims;
    } catch {
      return null; // any verification failure means "not signed in"; the caller answers 401
    }
  }

  private remember(token: string, claims: TokenClaims, expiresAt: number) {
    if (this.verified.size >= VERIFIED_MAX) this.verified.delete(this.verified.keys().next().value as string);
    this.verified.set(token, { claims, expiresAt });
  }
}
