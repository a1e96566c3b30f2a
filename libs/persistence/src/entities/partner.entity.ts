import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

@Entity('partners')
export class Partner {
  @PrimaryColumn('uuid') id: string;
  @Column('text') name: string;
  /** The partner's own agency: the first it was registered for. */
  @Column('text') agency: string;
  /** Every agency the partner may send as. */
  @Column('text', { array: true }) agencies: string[];
  @Column('text', { nullable: true }) organisation: string | null;
  @Column('integer', { name: 'rate_limit_per_minute', nullable: true }) rateLimitPerMinute: number | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}
