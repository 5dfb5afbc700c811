import { MigrationInterface, QueryRunner } from 'typeorm';

/** Exact provider limits across instances: the per-provider gate row, the submission intent and orphan slots on tasks. */
export class ProviderSlots1796100000000 implements MigrationInterface {
  name = 'ProviderSlots1796100000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE \`provider_gate\` (\`provider\` varchar(16) NOT NULL, \`claims\` int NOT NULL DEFAULT '0', PRIMARY KEY (\`provider\`))`,
    );
    await queryRunner.query(`ALTER TABLE \`task\` ADD \`submittingSince\` datetime NULL`);
    await queryRunner.query(`ALTER TABLE \`task\` ADD \`orphanProvider\` varchar(16) NULL`);
    await queryRunner.query(`ALTER TABLE \`task\` ADD \`orphanUntil\` datetime NULL`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE \`task\` DROP COLUMN \`orphanUntil\``);
    await queryRunner.query(`ALTER TABLE \`task\` DROP COLUMN \`orphanProvider\``);
    await queryRunner.query(`ALTER TABLE \`task\` DROP COLUMN \`submittingSince\``);
    await queryRunner.query(`DROP TABLE \`provider_gate\``);
  }
}
