import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

export interface StoredReason {
  code: string;
  text: string;
}
export interface StoredPossibleMatch {
  contactId: string;
  childId: string | null;
  reason: string;
}

/** One triage of one contact at one time. The latest (is_current) is the recommendation shown. */
@Entity('decisions')
export class Decision {
  @PrimaryColumn('uuid') id: string;
  @Column('uuid', { name: 'contact_id' }) contactId: string;
  @Column('uuid', { name: 'child_id' }) childId: string;
  @Column('uuid', { name: 'triggered_by' }) triggeredBy: string;
  @Column('timestamptz', { name: 'triaged_at' }) triagedAt: Date;
  @Column('text', { name: 'criteria_version' }) criteriaVersion: string;
  @Column('smallint', { name: 'need_level' }) needLevel: number;
  @Column('text') route: string;
  @Column('text', { nullable: true }) team: string | null;
  @Column('text') priority: string;
  @Column('timestamptz', { name: 'due_at' }) dueAt: Date;
  @Column('boolean', { name: 'strategy_discussion' }) strategyDiscussion: boolean;
  @Column('boolean', { name: 'consent_required' }) consentRequired: boolean;
  @Column('jsonb') reasons: StoredReason[];
  @Column('jsonb') picture: { indicators: string[]; contactIds: string[] };
  @Column('integer') history: number;
  @Column('jsonb', { name: 'linked_contact_ids' }) linkedContactIds: string[];
  @Column('jsonb', { name: 'possible_matches' }) possibleMatches: StoredPossibleMatch[];
  @Column('boolean', { name: 'is_current' }) isCurrent: boolean;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}
