import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import type { CanonicalContact } from '@app/contracts';

export type ContactStatus = 'received' | 'triaged' | 'decided' | 'closed';

/**
 * One contact about one child, as the partner sent it (normalised), with the identifiers person matching
 * searches on pulled out into indexed columns.
 */
@Entity('contacts')
export class Contact {
  @PrimaryColumn('uuid') id: string;
  @Column('uuid', { name: 'partner_id' }) partnerId: string;
  @Column('text', { name: 'idempotency_key' }) idempotencyKey: string;
  @Column('text', { name: 'request_hash' }) requestHash: string;
  @Column('timestamptz', { name: 'received_at' }) receivedAt: Date;
  @Column('text') agency: string;
  @Column('text', { name: 'cin_code' }) cinCode: string;
  @Column('text', { name: 'source_group' }) sourceGroup: string;
  @Column('text') locality: string;
  @Column('jsonb') body: CanonicalContact;
  @Column('text', { name: 'nhs_number', nullable: true }) nhsNumber: string | null;
  @Column('text', { nullable: true }) upn: string | null;
  @Column('text', { name: 'last_name_norm' }) lastNameNorm: string;
  @Column('text', { name: 'first_name_norm', nullable: true }) firstNameNorm: string | null;
  @Column('date', { name: 'birth_date', nullable: true }) birthDate: string | null;
  @Column('text', { nullable: true }) postcode: string | null;
  @Column('text', { name: 'household_ref', nullable: true }) householdRef: string | null;
  @Column('uuid', { name: 'child_id', nullable: true }) childId: string | null;
  @Column('text') status: ContactStatus;
  @Column('boolean') imported: boolean;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}
