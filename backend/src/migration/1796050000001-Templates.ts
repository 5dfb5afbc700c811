import { MigrationInterface, QueryRunner } from 'typeorm';

/** "做同款" templates. */
export class Templates1796050000001 implements MigrationInterface {
  name = 'Templates1796050000001';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE \`template\` (
                \`id\` int NOT NULL AUTO_INCREMENT,
                \`kind\` varchar(16) NOT NULL,
                \`title\` varchar(40) NOT NULL,
                \`prompt\` text NOT NULL,
                \`role\` varchar(100) NULL,
                \`source\` varchar(100) NULL,
                \`caption\` varchar(64) NULL,
                \`captionPosition\` varchar(8) NULL,
                \`captionColor\` varchar(16) NULL,
                \`exampleJobId\` varchar(40) NULL,
                \`sortOrder\` int NOT NULL DEFAULT '0',
                \`hidden\` tinyint NOT NULL DEFAULT 0,
                \`createdAt\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
                \`updatedAt\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6),
                INDEX \`idx_template_order\` (\`hidden\`, \`sortOrder\`),
                PRIMARY KEY (\`id\`)
            ) ENGINE = InnoDB
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE \`template\``);
  }
}
