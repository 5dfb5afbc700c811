import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The owner's "允许展示" switch (task.showcaseAllowed). Existing text and web-search stickers keep their
 * permission (on, as new ones get); stickers made from a user's photo start without it, so any featured one
 * leaves the showcase until its owner allows it.
 */
export class ShowcasePermission1795400000001 implements MigrationInterface {
  name = 'ShowcasePermission1795400000001';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE `task` ADD `showcaseAllowed` tinyint NOT NULL DEFAULT 0');
    await queryRunner.query("UPDATE `task` SET `showcaseAllowed` = 1 WHERE `kind` <> 'image'");
    await queryRunner.query("UPDATE `task` SET `showcase` = 0 WHERE `kind` = 'image'");
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE `task` DROP COLUMN `showcaseAllowed`');
  }
}
