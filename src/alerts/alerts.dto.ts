import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min, MinLength } from 'class-validator';
import { EMAIL_MODES, type EmailMode, type Language, LANGUAGES, MAIL_DELIVERY_STATUSES, type MailDeliveryStatus, SEVERITY_MAX, SEVERITY_MIN } from '#contracts';
import { PageQuery } from '../common/pagination.js';
import { CreateSubscriptionDto } from '../feed/subscriptions.dto.js';

/** PATCH /api/subscriptions/:id: its filter (the fields of a create, each optional) and how it is e-mailed. */
export class UpdateSubscriptionEmailDto extends CreateSubscriptionDto {
  @ApiPropertyOptional({ enum: EMAIL_MODES, description: 'off; immediate (each matching report at once); daily or weekly (a digest at 07:00 Swedish time, Mondays for weekly)' })
  @IsOptional() @IsIn(EMAIL_MODES) email?: EmailMode;
  @ApiPropertyOptional({ minimum: SEVERITY_MIN, maximum: SEVERITY_MAX, nullable: true, type: Number,
    description: 'matching reports from this severity are mailed at once (in every mode but off; in immediate, only those); null: every one in immediate, none in a digest mode' })
  @IsOptional() @IsInt() @Min(SEVERITY_MIN) @Max(SEVERITY_MAX) emailMinSeverity?: number | null;
}

export class UpdateAlertPreferencesDto {
  @ApiPropertyOptional({ description: 'all alert e-mail on or off (the subscriptions keep their own settings)' })
  @IsOptional() @IsBoolean() emailAlerts?: boolean;
  @ApiPropertyOptional({ enum: LANGUAGES, description: 'the language of your e-mails (Swedish unless you choose English)' })
  @IsOptional() @IsIn(LANGUAGES) language?: Language;
}

export class UnsubscribeQuery {
  @ApiProperty({ description: 'the token of the link in the e-mail' }) @IsString() @MinLength(1) @MaxLength(200) token: string;
  @ApiPropertyOptional({ enum: ['subscription', 'all'], default: 'subscription', description: "all: turn off all of the person's alert e-mail" })
  @IsOptional() @IsIn(['subscription', 'all']) scope?: 'subscription' | 'all';
}

export class DeliveriesQuery extends PageQuery {
  @ApiPropertyOptional({ enum: MAIL_DELIVERY_STATUSES }) @IsOptional() @IsIn(MAIL_DELIVERY_STATUSES) status?: MailDeliveryStatus;
}
