import { MigrationInterface, QueryRunner } from 'typeorm';

/** Sticker packs: the sticker_pack table, each task's pack and slot, and the admins' expression presets. */
export class Packs1795300000000 implements MigrationInterface {
  name = 'Packs1795300000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE \`sticker_pack\` (
                \`id\` int NOT NULL AUTO_INCREMENT,
                \`packId\` varchar(40) NOT NULL,
                \`userId\` int NOT NULL,
                \`subject\` varchar(16) NOT NULL,
                \`title\` varchar(64) NOT NULL,
                \`size\` int NOT NULL,
                \`unitPrice\` int NOT NULL,
                \`discountPercent\` int NOT NULL,
                \`credits\` int NOT NULL,
                \`imageKey\` varchar(255) NULL,
                \`role\` varchar(100) NULL,
                \`source\` varchar(100) NULL,
                \`description\` text NULL,
                \`slots\` text NOT NULL,
                \`createdAt\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
                \`deletedAt\` datetime(6) NULL,
                UNIQUE INDEX \`uq_pack_pack_id\` (\`packId\`),
                INDEX \`idx_pack_user_created\` (\`userId\`, \`createdAt\`),
                PRIMARY KEY (\`id\`)
            ) ENGINE = InnoDB
        `);
    await queryRunner.query(`
            CREATE TABLE \`pack_preset\` (
                \`id\` int NOT NULL AUTO_INCREMENT,
                \`label\` varchar(20) NOT NULL,
                \`action\` varchar(100) NOT NULL,
                \`caption\` varchar(64) NOT NULL DEFAULT '',
                \`createdBy\` int NULL,
                \`createdAt\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
                PRIMARY KEY (\`id\`)
            ) ENGINE = InnoDB
        `);
    await queryRunner.query(`ALTER TABLE \`task\` ADD \`packId\` int NULL, ADD \`packSlot\` int NULL`);
    await queryRunner.query(`CREATE INDEX \`idx_task_pack\` ON \`task\` (\`packId\`)`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX \`idx_task_pack\` ON \`task\``);
    await queryRunner.query(`ALTER TABLE \`task\` DROP COLUMN \`packSlot\`, DROP COLUMN \`packId\``);
    await queryRunner.query(`DROP TABLE \`pack_preset\``);
    await queryRunner.query(`DROP TABLE \`sticker_pack\``);
  }
}
