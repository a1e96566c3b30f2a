import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

@Entity('partners')
export class Partner {
  @PrimaryColumn('uuid') id: string;
  @Column('text') name: string;
  @Column('text') agency: string;
  @Column('text', { nullable: true }) organisation: string | null;
  @Column('integer', { name: 'rate_limit_per_minute', nullable: true }) rateLimitPerMinute: number | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}
