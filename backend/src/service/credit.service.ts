import { Config, Provide } from '@midwayjs/core';
import { EntityManager } from 'typeorm';
import { User } from '../entity/user.entity';

/**
 * INTERIM (replaced by the credit ledger issue): the signup bonus as a balance column update.
 */
@Provide()
export class CreditService {
  @Config('app.signupBonus')
  signupBonusAmount: number;

  async signupBonus(em: EntityManager, userId: number): Promise<void> {
    if (this.signupBonusAmount > 0) await em.increment(User, { id: userId }, 'credits', this.signupBonusAmount);
  }
}
