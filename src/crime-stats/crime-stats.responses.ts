import { ApiProperty } from '@nestjs/swagger';
import type { CrimeStatRow, CrimeStatsUploadResponse } from '#contracts';
import { RefDoc } from '../common/api-refs.js';

/** OpenAPI shapes of the crime statistics context; `implements` keeps them equal to the contract types. */
export class CrimeStatRowDoc implements CrimeStatRow {
  @ApiProperty({ example: '2026-03', description: 'YYYY-MM' }) month: string;
  @ApiProperty({ type: RefDoc }) area: RefDoc;
  @ApiProperty({ example: 'Skadegörelse', description: "as the police's statistics name it" }) crimeType: string;
  @ApiProperty({ minimum: 0, description: 'police-reported crimes of that type, area and month' }) count: number;
}

export class CrimeStatsUploadDoc implements CrimeStatsUploadResponse {
  @ApiProperty({ type: [String], example: ['2026-01', '2026-02'], description: 'the months the file held, oldest first: their rows were replaced by its' })
  months: string[];
  @ApiProperty({ minimum: 1, description: 'rows stored' }) rows: number;
}

/** One fault of a refused file (the header is line 1; `column` as the header names it, null for the whole line). */
export class CrimeStatsCsvErrorDoc {
  @ApiProperty({ minimum: 1 }) line: number;
  @ApiProperty({ type: String, nullable: true, example: 'count' }) column: string | null;
  @ApiProperty({ example: 'must be a whole number ≥ 0 (was "12 st")' }) reason: string;
  @ApiProperty({ required: false, enum: ['PERSONAL_DATA'] }) code?: string;
}

export class CrimeStatsRefusedDoc {
  @ApiProperty({ example: 400 }) statusCode: number;
  @ApiProperty({ example: 'Bad Request' }) error: string;
  @ApiProperty({ enum: ['CSV_INVALID', 'PERSONAL_DATA'] }) code: string;
  @ApiProperty({ type: [String], example: ['line 7, column count: must be a whole number ≥ 0 (was "12 st")'] }) message: string[];
  @ApiProperty({ type: [CrimeStatsCsvErrorDoc], description: 'the first 100 faults' }) errors: CrimeStatsCsvErrorDoc[];
  @ApiProperty({ description: 'every fault of the file' }) errorCount: number;
}
