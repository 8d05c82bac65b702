import { ApiPropertyOptional } from '@nestjs/swagger';
import { buildMessage, IsOptional, IsUUID, ValidateBy } from 'class-validator';
import { MONTH } from './crime-stat.rules.js';

/** A month as YYYY-MM. Whether the period is in order and at most five years is a rule of the service. */
const IsMonth = () =>
  ValidateBy({
    name: 'isMonth',
    validator: {
      validate: (value: unknown) => typeof value === 'string' && MONTH.test(value),
      defaultMessage: buildMessage((each) => `${each}$property must be a month as YYYY-MM, such as 2026-03`),
    },
  });

export class CrimeStatsQuery {
  @ApiPropertyOptional({ example: '2025-01', description: 'from this month (YYYY-MM), included; default: eleven months before `to`' })
  @IsOptional() @IsMonth() from?: string;

  @ApiPropertyOptional({ example: '2025-12', description: 'up to this month (YYYY-MM), included; default: this month. At most five years after `from`' })
  @IsOptional() @IsMonth() to?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'one area of your collaboration only' })
  @IsOptional() @IsUUID() areaId?: string;
}
