import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** A child as the service knows it: a stable id that contacts matched by person matching point at. */
@Entity('children')
export class Child {
  @PrimaryColumn('uuid') id: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  /** Set when a confirmed match merged this child into another: the other id is the one to use. */
  @Column('uuid', { name: 'merged_into', nullable: true }) mergedInto: string | null;
}
