import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** A value every node of one installation shares through its database (the generated JWT key), by name. */
@Entity({ name: 'settings' })
export class SettingEntity {
  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'settings_pkey' }) name: string;
  @Column({ type: 'text' }) value: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}
