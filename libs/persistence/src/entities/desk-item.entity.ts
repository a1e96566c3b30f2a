import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

export type DeskItemState = 'awaiting' | 'decided' | 'closed';

/** The duty desk's queue: one row per contact awaiting (or past) a duty decision, ordered by due time. */
@Entity('desk_items')
export class DeskItem {
  @PrimaryColumn('uuid', { name: 'contact_id' }) contactId: string;
  @Column('uuid', { name: 'child_id' }) childId: string;
  @Column('smallint', { name: 'need_level' }) needLevel: number;
  @Column('text') route: string;
  @Column('text', { nullable: true }) team: string | null;
  @Column('text') locality: string;
  @Column('text') priority: string;
  /** 0 = IMMEDIATE … 4 = FIVE_WORKING_DAYS: the tie-break after due time. */
  @Column('smallint', { name: 'priority_rank' }) priorityRank: number;
  @Column('timestamptz', { name: 'due_at' }) dueAt: Date;
  @Column('text') state: DeskItemState;
  @Column('boolean') overdue: boolean;
  @Column('text', { name: 'claimed_by', nullable: true }) claimedBy: string | null;
  @Column('timestamptz', { name: 'claimed_at', nullable: true }) claimedAt: Date | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
