import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { ApiProperty } from '@nestjs/swagger';
import { buildMessage, IsLatitude, IsLongitude, IsNotEmpty, IsNumber, IsString, isISO8601, Matches, MaxLength, ValidateBy } from 'class-validator';
import { CATEGORY_CODE_PATTERN, LIMITS } from '#contracts';

const trim = Transform(({ value }) => (typeof value === 'string' ? value.trim() : value));

/** A name or title: a trimmed string of 1–200 characters. */
export const IsName = () => applyDecorators(trim, IsString(), IsNotEmpty(), MaxLength(LIMITS.name));
/** A description, comment or outcome: a trimmed string of 1–4,000 characters. */
export const IsText = () => applyDecorators(trim, IsString(), IsNotEmpty(), MaxLength(LIMITS.text));

/** A category code (which ones a collaboration takes is its list: checked by the service, 400 naming the field). */
export const IsCategoryCode = (each = false) => applyDecorators(IsString({ each }),
  Matches(CATEGORY_CODE_PATTERN, { each, message: `${each ? 'each value in ' : ''}$property must be a category code such as vandalism (GET /api/categories)` }));

// A calendar date, or a date-time with minutes, optional seconds and fraction, and an optional offset in whole minutes.
const DATE_TIME = /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/i;

/**
 * An ISO 8601 instant that JavaScript and PostgreSQL both read, and read alike. class-validator's IsISO8601 alone
 * also passes week dates ("2024-W01") and ordinal dates ("2024-123"): PostgreSQL refuses the first (a 500 for bad
 * input) and reads the second differently from Date.parse, so the "not in the future" check could be skipped.
 */
export function isIsoDateTime(value: unknown): value is string {
  return typeof value === 'string' && DATE_TIME.test(value) && isISO8601(value, { strict: true, strictSeparator: true }) && !Number.isNaN(Date.parse(value));
}

export const IsIsoDateTime = () =>
  ValidateBy({
    name: 'isIsoDateTime',
    validator: {
      validate: isIsoDateTime,
      defaultMessage: buildMessage((each) => `${each}$property must be an ISO 8601 date-time such as 2026-11-26T14:30:00+01:00`),
    },
  });

/** A point in WGS84, as every context takes it. */
export class LatLngDto {
  @ApiProperty({ example: 58.5035, minimum: -90, maximum: 90 }) @IsNumber({ allowNaN: false, allowInfinity: false }) @IsLatitude() lat: number;
  @ApiProperty({ example: 13.1577, minimum: -180, maximum: 180 }) @IsNumber({ allowNaN: false, allowInfinity: false }) @IsLongitude() lng: number;
}
