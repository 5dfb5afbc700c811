import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * One row per provider: the lock that makes "count in-flight, then take a slot" atomic across instances.
 * A claimer first UPDATEs its provider's row (a row lock on MySQL/MariaDB, the write lock on SQLite), then
 * counts and records its intent in the same transaction, so two claimers never both see the last free slot.
 * `claims` only counts slots taken (for operators); the in-flight count itself is read from the task rows.
 */
@Entity('provider_gate')
export class ProviderGate {
  @PrimaryColumn({ type: 'varchar', length: 16 })
  provider: string;

  @Column({ type: 'int', default: 0 })
  claims: number;
}
