import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Security (issue 17, point 1): `user.phoneVerified`. Accounts that already exist are verified when an SMS
 * or WeChat sign-in created or used them (no password, or an openid); accounts made by seed 001's register
 * start unverified, like new ones.
 */
export class PhoneVerified1795400000000 implements MigrationInterface {
  name = 'PhoneVerified1795400000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE `user` ADD `phoneVerified` tinyint NOT NULL DEFAULT 0');
    await queryRunner.query('UPDATE `user` SET `phoneVerified` = 1 WHERE `passwordHash` IS NULL OR `openid` IS NOT NULL');
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE `user` DROP COLUMN `phoneVerified`');
  }
}
