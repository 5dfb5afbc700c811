import { MigrationInterface, QueryRunner } from 'typeorm';

/** Caption style on tasks, and the version counter of free re-captions. */
export class CaptionStyle1796050000000 implements MigrationInterface {
  name = 'CaptionStyle1796050000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE \`task\` ADD \`captionPosition\` varchar(8) NULL`);
    await queryRunner.query(`ALTER TABLE \`task\` ADD \`captionColor\` varchar(16) NULL`);
    await queryRunner.query(`ALTER TABLE \`task\` ADD \`captionVersion\` int NOT NULL DEFAULT '0'`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE \`task\` DROP COLUMN \`captionVersion\``);
    await queryRunner.query(`ALTER TABLE \`task\` DROP COLUMN \`captionColor\``);
    await queryRunner.query(`ALTER TABLE \`task\` DROP COLUMN \`captionPosition\``);
  }
}
