import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** An event waiting to be published, written in the same transaction as the change it announces. */
@Entity('outbox')
export class OutboxMessage {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id: string;
  @Column('text') topic: string;
  @Column('text', { name: 'message_key', nullable: true }) messageKey: string | null;
  @Column('jsonb') payload: unknown;
  @Column('jsonb') headers: Record<string, string>;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}
