import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { LIMITS } from '#contracts';

const trim = Transform(({ value }) => (typeof value === 'string' ? value.trim() : value));

/** A name or title: a trimmed string of 1–200 characters. */
export const IsName = () => applyDecorators(trim, IsString(), IsNotEmpty(), MaxLength(LIMITS.name));
/** A description, comment or outcome: a trimmed string of 1–4,000 characters. */
export const IsText = () => applyDecorators(trim, IsString(), IsNotEmpty(), MaxLength(LIMITS.text));
