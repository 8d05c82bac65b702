import { applyDecorators, Injectable, type PipeTransform } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsInt, IsNotEmpty, IsOptional, IsString, Matches, MaxLength, Min } from 'class-validator';
import { CATEGORY_CODE_PATTERN, CATEGORY_LABEL_MAX } from '#contracts';
import { invalid } from '../common/domain-error.js';
import { NoPersonalData } from '../common/validation.js';

const trim = Transform(({ value }) => (typeof value === 'string' ? value.trim() : value));
const bool = Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value));
/** A label: a trimmed string of 1–100 characters (and, with @NoPersonalData, without personal data). */
const label = () => applyDecorators(trim, IsString(), IsNotEmpty(), MaxLength(CATEGORY_LABEL_MAX));

export class CategoryListQuery {
  @ApiPropertyOptional({ description: 'true: also the categories switched off (their reports keep them; for labels and filters)' })
  @IsOptional() @bool @IsBoolean() includeInactive?: boolean;
}

export class CreateCategoryDto {
  @ApiProperty({ example: 'moped_noise', description: 'lower-case letters, digits and _, 2–40, starting with a letter; never changes' })
  @IsString() @Matches(CATEGORY_CODE_PATTERN, { message: 'code must be 2–40 lower-case letters, digits or _, starting with a letter' }) code: string;
  @ApiProperty({ example: 'Mopedbuller', maxLength: CATEGORY_LABEL_MAX }) @label() @NoPersonalData() sv: string;
  @ApiProperty({ example: 'Moped noise', maxLength: CATEGORY_LABEL_MAX }) @label() @NoPersonalData() en: string;
}

export class UpdateCategoryDto {
  @ApiProperty({ description: 'the version you last read (1 for a default category never changed); a stale one is a 409' }) @IsInt() @Min(1) version: number;
  @ApiPropertyOptional({ type: String, nullable: true, maxLength: CATEGORY_LABEL_MAX, description: 'null: the default label again (default categories)' })
  @IsOptional() @label() @NoPersonalData() sv?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, maxLength: CATEGORY_LABEL_MAX, description: 'null: the default label again (default categories)' })
  @IsOptional() @label() @NoPersonalData() en?: string | null;
  @ApiPropertyOptional({ description: 'false: no new report or subscription may take it; its reports keep it' }) @IsOptional() @IsBoolean() active?: boolean;
  @ApiPropertyOptional({ description: 'switch it off although open reports or subscriptions use it (after a 409 CATEGORY_IN_USE)' })
  @IsOptional() @IsBoolean() force?: boolean;
}

/** A category code in the path: anything else is a 400 naming `code` (a code that is not the collaboration's: 404). */
@Injectable()
export class CategoryCodePipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!CATEGORY_CODE_PATTERN.test(value)) throw invalid('code', 'must be a category code such as drug_dealing');
    return value;
  }
}
