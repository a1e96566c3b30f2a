import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** A partner's API key, kept only as a SHA-256 hash (keys are long random strings, so no slow hash is needed). */
@Entity('partner_keys')
export class PartnerKey {
  @PrimaryColumn('uuid') id: string;
  @Column('uuid', { name: 'partner_id' }) partnerId: string;
  @Column('text', { name: 'key_hash' }) keyHash: string;
  /** The first characters of the key, so an operator can tell keys apart without seeing one. */
  @Column('text', { name: 'key_prefix' }) keyPrefix: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @Column('timestamptz', { name: 'revoked_at', nullable: true }) revokedAt: Date | null;
}
