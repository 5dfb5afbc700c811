import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** One SMS login code. Only its hash is stored; 5 wrong tries burn it. */
@Entity('sms_code')
@Index('idx_sms_code_phone_created', ['phone', 'createdAt'])
export class SmsCode {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'varchar', length: 20 })
  phone: string;

  /** HMAC-SHA256(code) with the app key, hex */
  @Column({ type: 'varchar', length: 64 })
  codeHash: string;

  @Column({ type: 'datetime' })
  expiresAt: Date;

  @Column({ type: 'int', default: 0 })
  attempts: number;

  /** 'open' | 'used' | 'burned' */
  @Column({ type: 'varchar', length: 10, default: 'open' })
  state: 'open' | 'used' | 'burned';

  @Column({ type: 'varchar', length: 64, nullable: true })
  ip: string | null;

  @CreateDateColumn()
  createdAt: Date;
}
