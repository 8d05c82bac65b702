import { ApiProperty } from '@nestjs/swagger';
import type { AuditEntryResponse } from '#contracts';

export class AuditUserDoc {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() email: string;
  @ApiProperty() name: string;
}

export class AuditEntryDoc implements AuditEntryResponse {
  @ApiProperty() id: string;
  @ApiProperty({ format: 'date-time' }) at: string;
  @ApiProperty({ example: 'report.read' }) action: string;
  @ApiProperty({ type: AuditUserDoc, nullable: true }) user: AuditUserDoc | null;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) organisationId: string | null;
  @ApiProperty({ type: String, nullable: true }) entityType: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) entityId: string | null;
  @ApiProperty({ type: [String], nullable: true }) entityIds: string[] | null;
  @ApiProperty({ type: String, nullable: true }) ip: string | null;
  @ApiProperty({ type: String, nullable: true }) requestId: string | null;
  @ApiProperty({ type: Object, nullable: true }) details: Record<string, unknown> | null;
}
