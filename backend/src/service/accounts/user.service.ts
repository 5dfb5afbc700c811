import { Config, Inject, Provide, Scope, ScopeEnum } from '@midwayjs/core';
import { InjectDataSource, InjectEntityModel } from '@midwayjs/typeorm';
import { DataSource, EntityManager, Repository } from 'typeorm';
import { MeResult, PASSWORD_MIN_LENGTH } from '@app/shared';
import { User } from '../../entity/user.entity';
import { AppError, invalidPhone } from '../../error/app.error';
import { hashPassword, verifyPassword } from '../../util/password';
import { isMainlandMobile, maskPhone } from '../../util/phone';
import { isUniqueViolation } from '../../util/db-errors';
import { PlainSelect } from '../../util/plain-select';
import { CreditService } from '../credits/credit.service';
import { RateLimitService } from '../limits/rate-limit.service';
import { SmsService } from './sms.service';
import { TokenClaims, TokenService } from './token.service';
import { accepts } from './account-state.service';

const PROFILE = ['id', 'phone', 'credits', 'frozenCredits', 'role', 'createdAt', 'passwordHash', 'phoneVerified', 'tokenVersion', 'disabled'] as const;
type ProfileRow = Pick<User, (typeof PROFILE)[number]>;

export const shortPassword = () =>
  new AppError('PASSWORD_TOO_SHORT', `密码至少 ${PASSWORD_MIN_LENGTH} 位`, {
    legacyMessage: `password must be at least ${PASSWORD_MIN_LENGTH} characters`,
  });

function checkNewPassword(newPassword: unknown): asserts newPassword is string {
  if (typeof newPassword !== 'string' || newPassword.length < PASSWORD_MIN_LENGTH) throw shortPassword();
  if (newPassword.length > 128) throw new AppError('VALIDATION_FAILED', '密码过长（最多 128 位）', { legacyMessage: 'password is too long' });
}

const badCredentials = () => new AppError('INVALID_CREDENTIALS', '手机号或密码错误', { legacyMessage: 'invalid phone or password' });

/** Accounts: create, sign in, change password. */
@Provide()
@Scope(ScopeEnum.Singleton)
export class UserService {
  @InjectEntityModel(User)
  users: Repository<User>;

  @InjectDataSource()
  db: DataSource;

  @Inject()
  credits: CreditService;

  @Inject()
  tokens: TokenService;

  @Inject()
  limits: RateLimitService;

  @Inject()
  sms: SmsService;

  @Config('app.adminPhones')
  adminPhones: string[];

  @Config('auth')
  auth: { loginWindowSeconds: number; loginMaxPerPhone: number; loginMaxPerIp: number };

  /** /users/me polls: one plain select, no entity (util/plain-select.ts); with the account state the token check needs */
  private profile?: PlainSelect<User, (typeof PROFILE)[number]>;

  findById(id: number) {
    return this.users.findOneBy({ id });
  }

  findByPhone(phone: string) {
    return this.users.findOneBy({ phone });
  }

  /** seed 001 §2.1.1 */
  async register(phone: unknown, password: unknown): Promise<User> {
    if (!isMainlandMobile(phone)) throw invalidPhone();
    if (typeof password !== 'string' || password.length < PASSWORD_MIN_LENGTH) throw shortPassword();
    if (password.length > 128) throw new AppError('VALIDATION_FAILED', '密码过长（最多 128 位）', { legacyMessage: 'password is too long' });
    const taken = () => new AppError('PHONE_TAKEN', '该手机号已注册，请直接登录', { legacyMessage: 'user with this phone number already exists' });
    if (await this.findByPhone(phone)) throw taken();
    const passwordHash = await hashPassword(password);
    try {
      return await this.create(phone, { passwordHash });
    } catch (e) {
      if (isUniqueViolation(e)) throw taken(); // lost a race with a concurrent registration
      throw e;
    }
  }

  /**
   * seed 001 §2.1.2. Same answer for an unknown phone and a wrong password. Attempts are counted per address and
   * per (phone, address): someone guessing from other addresses cannot lock the owner out, and SMS login stays open.
   */
  async login(phone: unknown, password: unknown, ip: string): Promise<string> {
    const phoneKey = typeof phone === 'string' ? `login:phone:${phone.slice(0, 20)}:${ip}` : '';
    await this.limits.enforce(`login:ip:${ip}`, this.auth.loginMaxPerIp, this.auth.loginWindowSeconds, '登录尝试过于频繁，请稍后再试');
    if (phoneKey) {
      await this.limits.enforce(
        phoneKey,
        this.auth.loginMaxPerPhone,
        this.auth.loginWindowSeconds,
        '该手机号登录尝试过于频繁，请稍后再试，或使用短信验证码登录',
      );
    }
    const user = isMainlandMobile(phone) ? await this.findByPhone(phone) : null;
    const ok = await verifyPassword(typeof password === 'string' ? password : '', user?.passwordHash ?? null);
    if (!user || !ok) throw badCredentials();
    if (user.disabled) throw new AppError('ACCOUNT_DISABLED', '账号已被停用，请联系客服', { status: 401, legacyMessage: 'invalid phone or password' });
    await this.limits.reset(phoneKey);
    return this.tokens.issue(user.id, user.tokenVersion);
  }

  /**
   * seed 001 §2.1.3: a token and a new password, nothing else (the contract's form has no field for the current
   * password; the app uses changePasswordWithProof). Bumps tokenVersion so every earlier token stops working.
   */
  async changePassword(userId: number, newPassword: unknown): Promise<void> {
    checkNewPassword(newPassword);
    const passwordHash = await hashPassword(newPassword);
    await this.users.increment({ id: userId }, 'tokenVersion', 1);
    await this.users.update({ id: userId }, { passwordHash });
  }

  /**
   * The app's password change: the new password only with proof — the current password, or an SMS code sent to
   * the account's phone (which also proves the phone). Attempts are limited per account. Answers a fresh token.
   */
  async changePasswordWithProof(userId: number, newPassword: unknown, proof: { currentPassword?: string; smsCode?: string }): Promise<string> {
    const user = await this.findById(userId);
    if (!user) throw new AppError('UNAUTHORIZED', '登录已失效，请重新登录');
    checkNewPassword(newPassword);
    await this.limits.enforce(`password-change:${userId}`, this.auth.loginMaxPerPhone, this.auth.loginWindowSeconds, '尝试过于频繁，请稍后再试');
    let phoneProven = false;
    if (proof.smsCode) {
      await this.sms.verify(user.phone, proof.smsCode);
      phoneProven = true;
    } else if (proof.currentPassword) {
      if (!(await verifyPassword(proof.currentPassword, user.passwordHash))) {
        // 400, not 401: a wrong current password must not sign the user out of the app
        throw new AppError('INVALID_CREDENTIALS', '当前密码不正确', { status: 400, details: { field: 'currentPassword' } });
      }
    } else {
      throw new AppError('VALIDATION_FAILED', user.passwordHash ? '请输入当前密码或短信验证码' : '请输入短信验证码', { details: { field: 'proof' } });
    }
    await this.changePassword(userId, newPassword);
    if (phoneProven && !user.phoneVerified) await this.users.update({ id: userId }, { phoneVerified: true });
    return this.tokens.issue(userId, user.tokenVersion + 1);
  }

  /** Sends an SMS code to the signed-in account's own phone, for the password change. */
  async sendPasswordCode(userId: number, ip: string) {
    const user = await this.findById(userId);
    if (!user) throw new AppError('UNAUTHORIZED', '登录已失效，请重新登录');
    return this.sms.send(user.phone, ip);
  }

  /**
   * SMS and WeChat logins: the phone is proven, so sign in, creating the account on first use. The first
   * verified sign-in to an account made by seed 001's register (which proves nothing) takes it over for the
   * phone's owner: its password is cleared and every token issued before stops working.
   */
  async signInVerifiedPhone(phone: string, openid?: string): Promise<{ token: string; created: boolean }> {
    let user = await this.findByPhone(phone);
    let created = false;
    if (!user) {
      try {
        user = await this.create(phone, { openid: openid ?? null, phoneVerified: true });
        created = true;
      } catch (e) {
        if (!isUniqueViolation(e)) throw e;
        user = await this.findByPhone(phone); // created by a concurrent request
      }
    }
    if (!user) throw new AppError('INTERNAL_ERROR', '账号创建失败，请重试');
    if (user.disabled) throw new AppError('ACCOUNT_DISABLED', '账号已被停用，请联系客服', { status: 401 });
    if (!user.phoneVerified) user = await this.verifyPhone(user);
    if (this.adminPhones.includes(phone) && user.role !== 'admin') {
      await this.users.update({ id: user.id }, { role: 'admin' });
    }
    if (openid && user.openid !== openid) await this.users.update({ id: user.id }, { openid });
    return { token: await this.tokens.issue(user.id, user.tokenVersion), created };
  }

  /** Marks the phone proven, clears the unproven password and revokes earlier tokens (once, even when racing). */
  private async verifyPhone(user: User): Promise<User> {
    await this.users
      .createQueryBuilder()
      .update(User)
      .set({ phoneVerified: true, passwordHash: null, tokenVersion: () => 'tokenVersion + 1' })
      .where('id = :id AND phoneVerified = :no', { id: user.id, no: false })
      .execute();
    return (await this.findById(user.id)) as User;
  }

  async me(userId: number): Promise<MeResult> {
    const u = await this.profileRow(userId);
    if (!u) throw new AppError('UNAUTHORIZED', '登录已失效，请重新登录');
    return this.meResult(u);
  }

  /** /users/me and the token check in one read (the fast lane): null when the account does not take the token */
  async meFor(claims: TokenClaims): Promise<MeResult | null> {
    const u = await this.profileRow(claims.sub);
    return u && accepts(claims, u) ? this.meResult(u) : null;
  }

  private async profileRow(userId: number): Promise<ProfileRow | undefined> {
    this.profile ??= new PlainSelect(this.db, User, PROFILE);
    return (await this.profile.rows(`WHERE ${this.profile.col('id')} = ?`, [userId]))[0];
  }

  private meResult(u: ProfileRow): MeResult {
    return {
      id: u.id,
      phone: maskPhone(u.phone),
      credits: u.credits,
      frozenCredits: u.frozenCredits,
      role: u.role,
      createdAt: u.createdAt.toISOString(),
      hasPassword: !!u.passwordHash,
      phoneVerified: u.phoneVerified,
    };
  }

  /** New account + signup bonus, in one transaction: no account without its bonus, no bonus without its account. */
  private create(phone: string, fields: Partial<User>): Promise<User> {
    return this.credits.transaction(async (em: EntityManager) => {
      const user = em.create(User, {
        phone,
        passwordHash: null,
        openid: null,
        phoneVerified: false,
        ...fields,
        // the admin role goes only to a phone an SMS code or WeChat has proven
        role: fields.phoneVerified && this.adminPhones.includes(phone) ? 'admin' : 'user',
      });
      await em.save(user);
      await this.credits.signupBonus(em, user.id);
      return (await em.findOneBy(User, { id: user.id })) as User;
    });
  }
}
