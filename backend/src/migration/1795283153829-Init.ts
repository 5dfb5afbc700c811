import { MigrationInterface, QueryRunner } from 'typeorm';

export class Init1795283153829 implements MigrationInterface {
  name = 'Init1795283153829';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE \`user\` (
                \`id\` int NOT NULL AUTO_INCREMENT,
                \`phone\` varchar(20) NOT NULL,
                \`passwordHash\` varchar(200) NULL,
                \`openid\` varchar(64) NULL,
                \`role\` varchar(10) NOT NULL DEFAULT 'user',
                \`disabled\` tinyint NOT NULL DEFAULT 0,
                \`tokenVersion\` int NOT NULL DEFAULT '0',
                \`credits\` int NOT NULL DEFAULT '0',
                \`frozenCredits\` int NOT NULL DEFAULT '0',
                \`createdAt\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
                \`updatedAt\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6),
                UNIQUE INDEX \`uq_user_phone\` (\`phone\`),
                INDEX \`idx_user_openid\` (\`openid\`),
                PRIMARY KEY (\`id\`)
            ) ENGINE = InnoDB
        `);
    await queryRunner.query(`
            CREATE TABLE \`upload\` (
                \`id\` varchar(40) NOT NULL,
                \`userId\` int NOT NULL,
                \`storageKey\` varchar(255) NOT NULL,
                \`mime\` varchar(32) NOT NULL,
                \`width\` int NOT NULL,
                \`height\` int NOT NULL,
                \`bytes\` int NOT NULL,
                \`hidden\` tinyint NOT NULL DEFAULT 0,
                \`createdAt\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
                INDEX \`idx_upload_user\` (\`userId\`, \`createdAt\`),
                PRIMARY KEY (\`id\`)
            ) ENGINE = InnoDB
        `);
    await queryRunner.query(`
            CREATE TABLE \`task\` (
                \`id\` int NOT NULL AUTO_INCREMENT,
                \`jobId\` varchar(40) NOT NULL,
                \`userId\` int NOT NULL,
                \`kind\` varchar(16) NOT NULL,
                \`mode\` varchar(4) NOT NULL,
                \`status\` varchar(16) NOT NULL,
                \`prompt\` text NOT NULL,
                \`negativePrompt\` text NULL,
                \`caption\` varchar(64) NULL,
                \`size\` varchar(16) NULL,
                \`resolution\` varchar(8) NULL,
                \`imageKey\` varchar(255) NULL,
                \`role\` varchar(100) NULL,
                \`source\` varchar(100) NULL,
                \`providerPrompt\` text NULL,
                \`credits\` int NOT NULL,
                \`routeIndex\` int NOT NULL DEFAULT '0',
                \`provider\` varchar(16) NULL,
                \`model\` varchar(64) NULL,
                \`providerTaskId\` varchar(128) NULL,
                \`attempts\` int NOT NULL DEFAULT '0',
                \`convertAttempts\` int NOT NULL DEFAULT '0',
                \`nextAttemptAt\` datetime NULL,
                \`leaseOwner\` varchar(64) NULL,
                \`leaseUntil\` datetime NULL,
                \`lastPolledAt\` datetime NULL,
                \`progress\` int NOT NULL DEFAULT '0',
                \`providerVideoUrl\` text NULL,
                \`mp4Key\` varchar(255) NULL,
                \`gifKey\` varchar(255) NULL,
                \`thumbKey\` varchar(255) NULL,
                \`gifBytes\` int NULL,
                \`gifWidth\` int NULL,
                \`gifHeight\` int NULL,
                \`gifFrames\` int NULL,
                \`gifFps\` float NULL,
                \`gifRung\` varchar(64) NULL,
                \`convertMs\` int NULL,
                \`errorCode\` varchar(32) NULL,
                \`errorMessage\` varchar(500) NULL,
                \`providerError\` varchar(500) NULL,
                \`retryOf\` varchar(40) NULL,
                \`showcase\` tinyint NOT NULL DEFAULT 0,
                \`showcaseOrder\` int NOT NULL DEFAULT '0',
                \`hidden\` tinyint NOT NULL DEFAULT 0,
                \`submittedAt\` datetime NULL,
                \`providerDoneAt\` datetime NULL,
                \`finishedAt\` datetime NULL,
                \`createdAt\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
                \`updatedAt\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6),
                \`deletedAt\` datetime(6) NULL,
                UNIQUE INDEX \`uq_task_job_id\` (\`jobId\`),
                INDEX \`idx_task_provider_task\` (\`providerTaskId\`),
                INDEX \`idx_task_status_next\` (\`status\`, \`nextAttemptAt\`),
                INDEX \`idx_task_user_created\` (\`userId\`, \`createdAt\`),
                PRIMARY KEY (\`id\`)
            ) ENGINE = InnoDB
        `);
    await queryRunner.query(`
            CREATE TABLE \`task_event\` (
                \`id\` int NOT NULL AUTO_INCREMENT,
                \`taskId\` int NOT NULL,
                \`type\` varchar(32) NOT NULL,
                \`source\` varchar(16) NOT NULL,
                \`status\` varchar(16) NULL,
                \`data\` text NULL,
                \`createdAt\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
                INDEX \`idx_task_event_task\` (\`taskId\`, \`id\`),
                PRIMARY KEY (\`id\`)
            ) ENGINE = InnoDB
        `);
    await queryRunner.query(`
            CREATE TABLE \`sms_code\` (
                \`id\` int NOT NULL AUTO_INCREMENT,
                \`phone\` varchar(20) NOT NULL,
                \`codeHash\` varchar(64) NOT NULL,
                \`expiresAt\` datetime NOT NULL,
                \`attempts\` int NOT NULL DEFAULT '0',
                \`state\` varchar(10) NOT NULL DEFAULT 'open',
                \`ip\` varchar(64) NULL,
                \`createdAt\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
                INDEX \`idx_sms_code_phone_created\` (\`phone\`, \`createdAt\`),
                PRIMARY KEY (\`id\`)
            ) ENGINE = InnoDB
        `);
    await queryRunner.query(`
            CREATE TABLE \`media_check\` (
                \`id\` int NOT NULL AUTO_INCREMENT,
                \`traceId\` varchar(128) NOT NULL,
                \`userId\` int NOT NULL,
                \`storageKey\` varchar(255) NOT NULL,
                \`status\` varchar(8) NOT NULL DEFAULT 'pending',
                \`label\` varchar(64) NOT NULL DEFAULT '',
                \`createdAt\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
                \`checkedAt\` datetime NULL,
                UNIQUE INDEX \`uq_media_check_trace\` (\`traceId\`),
                INDEX \`idx_media_check_key\` (\`storageKey\`),
                PRIMARY KEY (\`id\`)
            ) ENGINE = InnoDB
        `);
    await queryRunner.query(`
            CREATE TABLE \`credit_lot\` (
                \`id\` int NOT NULL AUTO_INCREMENT,
                \`userId\` int NOT NULL,
                \`source\` varchar(16) NOT NULL,
                \`sourceRef\` varchar(100) NULL,
                \`amount\` int NOT NULL,
                \`remaining\` int NOT NULL DEFAULT '0',
                \`held\` int NOT NULL DEFAULT '0',
                \`createdAt\` datetime(3) NOT NULL,
                \`expiresAt\` datetime(3) NULL,
                INDEX \`idx_credit_lot_source_ref\` (\`sourceRef\`),
                INDEX \`idx_credit_lot_due\` (\`expiresAt\`, \`remaining\`),
                INDEX \`idx_credit_lot_user\` (\`userId\`, \`remaining\`),
                PRIMARY KEY (\`id\`)
            ) ENGINE = InnoDB
        `);
    await queryRunner.query(`
            CREATE TABLE \`credit_lot_move\` (
                \`id\` int NOT NULL AUTO_INCREMENT,
                \`entryId\` int NOT NULL,
                \`lotId\` int NOT NULL,
                \`userId\` int NOT NULL,
                \`availableDelta\` int NOT NULL,
                \`heldDelta\` int NOT NULL,
                INDEX \`idx_credit_lot_move_entry\` (\`entryId\`),
                INDEX \`idx_credit_lot_move_lot\` (\`lotId\`),
                PRIMARY KEY (\`id\`)
            ) ENGINE = InnoDB
        `);
    await queryRunner.query(`
            CREATE TABLE \`credit_hold\` (
                \`id\` int NOT NULL AUTO_INCREMENT,
                \`taskRef\` varchar(100) NOT NULL,
                \`userId\` int NOT NULL,
                \`amount\` int NOT NULL,
                \`state\` varchar(10) NOT NULL DEFAULT 'frozen',
                \`description\` varchar(255) NOT NULL DEFAULT '',
                \`createdAt\` datetime(3) NOT NULL,
                \`closedAt\` datetime(3) NULL,
                \`closeReason\` varchar(255) NULL,
                UNIQUE INDEX \`uq_credit_hold_task\` (\`taskRef\`),
                INDEX \`idx_credit_hold_user\` (\`userId\`),
                PRIMARY KEY (\`id\`)
            ) ENGINE = InnoDB
        `);
    await queryRunner.query(`
            CREATE TABLE \`credit_entry\` (
                \`id\` int NOT NULL AUTO_INCREMENT,
                \`userId\` int NOT NULL,
                \`type\` varchar(16) NOT NULL,
                \`amount\` int NOT NULL,
                \`balanceBefore\` int NOT NULL,
                \`balanceAfter\` int NOT NULL,
                \`availableBefore\` int NOT NULL,
                \`availableAfter\` int NOT NULL,
                \`referenceType\` varchar(16) NULL,
                \`referenceId\` varchar(100) NULL,
                \`idemKey\` varchar(120) NOT NULL,
                \`holdId\` int NULL,
                \`lotId\` int NULL,
                \`expiresAt\` datetime(3) NULL,
                \`actorId\` int NULL,
                \`description\` varchar(255) NOT NULL DEFAULT '',
                \`createdAt\` datetime(3) NOT NULL,
                UNIQUE INDEX \`uq_credit_entry_idem\` (\`idemKey\`),
                INDEX \`idx_credit_entry_hold\` (\`holdId\`),
                INDEX \`idx_credit_entry_user_type\` (\`userId\`, \`type\`, \`id\`),
                INDEX \`idx_credit_entry_user\` (\`userId\`, \`id\`),
                PRIMARY KEY (\`id\`)
            ) ENGINE = InnoDB
        `);
    await queryRunner.query(`
            CREATE TABLE \`content_rejection\` (
                \`id\` int NOT NULL AUTO_INCREMENT,
                \`userId\` int NOT NULL,
                \`kind\` varchar(8) NOT NULL,
                \`field\` varchar(16) NOT NULL,
                \`checker\` varchar(16) NOT NULL,
                \`action\` varchar(10) NOT NULL,
                \`label\` varchar(64) NOT NULL DEFAULT '',
                \`excerpt\` varchar(200) NOT NULL DEFAULT '',
                \`traceId\` varchar(128) NULL,
                \`createdAt\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
                INDEX \`idx_content_rejection_created\` (\`createdAt\`),
                INDEX \`idx_content_rejection_user\` (\`userId\`, \`id\`),
                PRIMARY KEY (\`id\`)
            ) ENGINE = InnoDB
        `);
    await queryRunner.query(`
            CREATE TABLE \`blocked_word\` (
                \`id\` int NOT NULL AUTO_INCREMENT,
                \`word\` varchar(64) NOT NULL,
                \`createdBy\` int NULL,
                \`createdAt\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
                UNIQUE INDEX \`uq_blocked_word\` (\`word\`),
                PRIMARY KEY (\`id\`)
            ) ENGINE = InnoDB
        `);
    await queryRunner.query(`
            CREATE TABLE \`admin_audit\` (
                \`id\` int NOT NULL AUTO_INCREMENT,
                \`actorId\` int NULL,
                \`action\` varchar(32) NOT NULL,
                \`targetType\` varchar(16) NOT NULL,
                \`targetId\` varchar(64) NOT NULL,
                \`reason\` varchar(255) NOT NULL DEFAULT '',
                \`details\` text NULL,
                \`createdAt\` datetime(3) NOT NULL,
                INDEX \`idx_admin_audit_created\` (\`createdAt\`),
                INDEX \`idx_admin_audit_actor\` (\`actorId\`, \`id\`),
                INDEX \`idx_admin_audit_target\` (\`targetType\`, \`targetId\`, \`id\`),
                PRIMARY KEY (\`id\`)
            ) ENGINE = InnoDB
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            DROP INDEX \`idx_admin_audit_target\` ON \`admin_audit\`
        `);
    await queryRunner.query(`
            DROP INDEX \`idx_admin_audit_actor\` ON \`admin_audit\`
        `);
    await queryRunner.query(`
            DROP INDEX \`idx_admin_audit_created\` ON \`admin_audit\`
        `);
    await queryRunner.query(`
            DROP TABLE \`admin_audit\`
        `);
    await queryRunner.query(`
            DROP INDEX \`uq_blocked_word\` ON \`blocked_word\`
        `);
    await queryRunner.query(`
            DROP TABLE \`blocked_word\`
        `);
    await queryRunner.query(`
            DROP INDEX \`idx_content_rejection_user\` ON \`content_rejection\`
        `);
    await queryRunner.query(`
            DROP INDEX \`idx_content_rejection_created\` ON \`content_rejection\`
        `);
    await queryRunner.query(`
            DROP TABLE \`content_rejection\`
        `);
    await queryRunner.query(`
            DROP INDEX \`idx_credit_entry_user\` ON \`credit_entry\`
        `);
    await queryRunner.query(`
            DROP INDEX \`idx_credit_entry_user_type\` ON \`credit_entry\`
        `);
    await queryRunner.query(`
            DROP INDEX \`idx_credit_entry_hold\` ON \`credit_entry\`
        `);
    await queryRunner.query(`
            DROP INDEX \`uq_credit_entry_idem\` ON \`credit_entry\`
        `);
    await queryRunner.query(`
            DROP TABLE \`credit_entry\`
        `);
    await queryRunner.query(`
            DROP INDEX \`idx_credit_hold_user\` ON \`credit_hold\`
        `);
    await queryRunner.query(`
            DROP INDEX \`uq_credit_hold_task\` ON \`credit_hold\`
        `);
    await queryRunner.query(`
            DROP TABLE \`credit_hold\`
        `);
    await queryRunner.query(`
            DROP INDEX \`idx_credit_lot_move_lot\` ON \`credit_lot_move\`
        `);
    await queryRunner.query(`
            DROP INDEX \`idx_credit_lot_move_entry\` ON \`credit_lot_move\`
        `);
    await queryRunner.query(`
            DROP TABLE \`credit_lot_move\`
        `);
    await queryRunner.query(`
            DROP INDEX \`idx_credit_lot_user\` ON \`credit_lot\`
        `);
    await queryRunner.query(`
            DROP INDEX \`idx_credit_lot_due\` ON \`credit_lot\`
        `);
    await queryRunner.query(`
            DROP INDEX \`idx_credit_lot_source_ref\` ON \`credit_lot\`
        `);
    await queryRunner.query(`
            DROP TABLE \`credit_lot\`
        `);
    await queryRunner.query(`
            DROP INDEX \`idx_media_check_key\` ON \`media_check\`
        `);
    await queryRunner.query(`
            DROP INDEX \`uq_media_check_trace\` ON \`media_check\`
        `);
    await queryRunner.query(`
            DROP TABLE \`media_check\`
        `);
    await queryRunner.query(`
            DROP INDEX \`idx_sms_code_phone_created\` ON \`sms_code\`
        `);
    await queryRunner.query(`
            DROP TABLE \`sms_code\`
        `);
    await queryRunner.query(`
            DROP INDEX \`idx_task_event_task\` ON \`task_event\`
        `);
    await queryRunner.query(`
            DROP TABLE \`task_event\`
        `);
    await queryRunner.query(`
            DROP INDEX \`idx_task_user_created\` ON \`task\`
        `);
    await queryRunner.query(`
            DROP INDEX \`idx_task_status_next\` ON \`task\`
        `);
    await queryRunner.query(`
            DROP INDEX \`idx_task_provider_task\` ON \`task\`
        `);
    await queryRunner.query(`
            DROP INDEX \`uq_task_job_id\` ON \`task\`
        `);
    await queryRunner.query(`
            DROP TABLE \`task\`
        `);
    await queryRunner.query(`
            DROP INDEX \`idx_upload_user\` ON \`upload\`
        `);
    await queryRunner.query(`
            DROP TABLE \`upload\`
        `);
    await queryRunner.query(`
            DROP INDEX \`idx_user_openid\` ON \`user\`
        `);
    await queryRunner.query(`
            DROP INDEX \`uq_user_phone\` ON \`user\`
        `);
    await queryRunner.query(`
            DROP TABLE \`user\`
        `);
  }
}
