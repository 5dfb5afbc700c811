import { MigrationInterface, QueryRunner } from 'typeorm';

/** Orders for credit packages and their event history (issue 12). */
export class Orders1796000000000 implements MigrationInterface {
  name = 'Orders1796000000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE \`order\` (
        \`id\` int NOT NULL AUTO_INCREMENT,
        \`outTradeNo\` varchar(32) NOT NULL,
        \`userId\` int NOT NULL,
        \`packageId\` varchar(32) NOT NULL,
        \`packageName\` varchar(50) NOT NULL,
        \`credits\` int NOT NULL,
        \`priceFen\` int NOT NULL,
        \`channel\` varchar(20) NOT NULL,
        \`simulated\` tinyint NOT NULL DEFAULT 0,
        \`status\` varchar(10) NOT NULL DEFAULT 'CREATED',
        \`transactionId\` varchar(64) NULL,
        \`paidFen\` int NULL,
        \`alert\` tinyint NOT NULL DEFAULT 0,
        \`refundedCredits\` int NOT NULL DEFAULT '0',
        \`createdAt\` datetime(3) NOT NULL,
        \`expiresAt\` datetime(3) NOT NULL,
        \`queriedAt\` datetime(3) NULL,
        \`paidAt\` datetime(3) NULL,
        \`deliveredAt\` datetime(3) NULL,
        \`closedAt\` datetime(3) NULL,
        \`refundedAt\` datetime(3) NULL,
        UNIQUE INDEX \`uq_order_out_trade_no\` (\`outTradeNo\`),
        INDEX \`idx_order_user\` (\`userId\`),
        INDEX \`idx_order_status_created\` (\`status\`, \`createdAt\`),
        PRIMARY KEY (\`id\`)
      ) ENGINE = InnoDB
    `);
    await queryRunner.query(`
      CREATE TABLE \`order_event\` (
        \`id\` int NOT NULL AUTO_INCREMENT,
        \`orderId\` int NOT NULL,
        \`source\` varchar(16) NOT NULL,
        \`outcome\` varchar(32) NOT NULL,
        \`note\` varchar(255) NOT NULL DEFAULT '',
        \`raw\` text NULL,
        \`createdAt\` datetime(3) NOT NULL,
        INDEX \`idx_order_event_order\` (\`orderId\`),
        PRIMARY KEY (\`id\`)
      ) ENGINE = InnoDB
    `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE `order_event`');
    await queryRunner.query('DROP TABLE `order`');
  }
}
