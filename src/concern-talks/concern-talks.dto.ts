import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { buildMessage, IsInt, IsOptional, IsUUID, Max, Min, ValidateBy } from 'class-validator';
import { LIMITS } from '#contracts';
import { PageQuery } from '../common/pagination.js';
import { MONTH } from './concern-talk.rules.js';

/** A month as YYYY-MM. Whether it may be written (not before 2000, not in the future) is a rule of the service. */
const IsMonth = () =>
  ValidateBy({
    name: 'isMonth',
    validator: {
      validate: (value: unknown) => typeof value === 'string' && MONTH.test(value),
      defaultMessage: buildMessage((each) => `${each}$property must be a month as YYYY-MM, such as 2026-03`),
    },
  });

/** A count of a record: a whole number from 0 to LIMITS.concernTalkCountMax (JSON numbers only: "3" is refused). */
const IsCount = () => applyDecorators(IsInt(), Min(0), Max(LIMITS.concernTalkCountMax));

const count = (description: string) => ({ minimum: 0, maximum: LIMITS.concernTalkCountMax, description });
const TALKS = count('talks held');
const YOUTHS = count('youths talked with');
const GUARDIANS = count('talks with a guardian present; at most talks');
const SOCIAL = count('talks with social services present; at most talks');

/** Counts only: there is no field for a name or any text, and every unknown field is refused (400). */
export class CreateConcernTalkDto {
  @ApiProperty({ example: '2026-11', description: 'YYYY-MM; from 2000-01, not in the future (Swedish time)' }) @IsMonth() month: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'an area of your collaboration' }) @IsOptional() @IsUUID() areaId?: string;
  @ApiProperty(TALKS) @IsCount() talks: number;
  @ApiProperty(YOUTHS) @IsCount() youths: number;
  @ApiProperty(GUARDIANS) @IsCount() guardiansPresent: number;
  @ApiProperty(SOCIAL) @IsCount() socialServicesPresent: number;
}

/** New counts of a record (the month and area stay: a record entered for the wrong one is deleted and entered anew). */
export class UpdateConcernTalkDto {
  @ApiProperty({ description: 'the version you last read; a stale one is a 409' }) @IsInt() @Min(1) version: number;
  @ApiPropertyOptional(TALKS) @IsOptional() @IsCount() talks?: number;
  @ApiPropertyOptional(YOUTHS) @IsOptional() @IsCount() youths?: number;
  @ApiPropertyOptional(GUARDIANS) @IsOptional() @IsCount() guardiansPresent?: number;
  @ApiPropertyOptional(SOCIAL) @IsOptional() @IsCount() socialServicesPresent?: number;
}

export class ConcernTalkListQuery extends PageQuery {
  @ApiPropertyOptional({ example: '2026-01', description: 'from this month (YYYY-MM), included' }) @IsOptional() @IsMonth() from?: string;
  @ApiPropertyOptional({ example: '2026-11', description: 'up to this month (YYYY-MM), included' }) @IsOptional() @IsMonth() to?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() areaId?: string;
}

export class ConcernTalkSummaryQuery {
  @ApiProperty({ example: '2026-01', description: 'from this month (YYYY-MM), included' }) @IsMonth() from: string;
  @ApiProperty({ example: '2026-11', description: 'up to this month (YYYY-MM), included' }) @IsMonth() to: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'the records of one area only' }) @IsOptional() @IsUUID() areaId?: string;
}
