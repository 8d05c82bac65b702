import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsInt, IsNotEmpty, IsObject, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min, ValidateNested,
} from 'class-validator';
import {
  type Category, COMMITMENT_TARGET_KINDS, type CommitmentTargetKind, DOCUMENT_FORMATS, type DocumentFormat, EFFORT_TYPES, type EffortType,
  LIMITS, PROMISE_LIMITS,
} from '#contracts';
import { IsCategoryCode, IsIsoDateTime, IsName, IsText } from '../common/dto-helpers.js';
import { PageQuery } from '../common/pagination.js';
import { NoPersonalData } from '../common/validation.js';

const Year = () => (target: object, key: string | symbol) => {
  IsInt()(target, key);
  Min(PROMISE_LIMITS.yearMin)(target, key);
  Max(PROMISE_LIMITS.yearMax)(target, key);
};

export class CommitmentTargetDto {
  @ApiProperty({ enum: COMMITMENT_TARGET_KINDS, description: 'efforts done, actions recorded, or a fall in reports against the year before' })
  @IsIn(COMMITMENT_TARGET_KINDS) kind: CommitmentTargetKind;
  @ApiPropertyOptional({ type: Number, nullable: true, minimum: 0, maximum: PROMISE_LIMITS.targetCountMax, example: 20,
    description: 'how many (required for efforts and actions; for reports_trend: how many fewer, default any fall)' })
  @IsOptional() @IsInt() @Min(0) @Max(PROMISE_LIMITS.targetCountMax) count?: number | null;
}

export class CreateCommitmentDto {
  @ApiProperty({ maxLength: LIMITS.text, example: 'Polisen genomför minst 20 hastighets- och nykterhetskontroller där boende upplever otrygghet.' })
  @IsText() @NoPersonalData() text: string;
  @ApiProperty({ format: 'uuid', description: 'the organisation that answers for it (of your collaboration)' }) @IsUUID() ownerOrganisationId: string;
  @ApiPropertyOptional({ enum: EFFORT_TYPES, isArray: true, description: 'the effort types it covers (none: every type)' })
  @IsOptional() @IsArray() @ArrayMaxSize(PROMISE_LIMITS.commitmentListMax) @IsIn(EFFORT_TYPES, { each: true }) effortTypes?: EffortType[];
  @ApiPropertyOptional({ type: [String], format: 'uuid', description: 'the areas it covers (none: the whole municipality)' })
  @IsOptional() @IsArray() @ArrayMaxSize(PROMISE_LIMITS.commitmentListMax) @IsUUID('all', { each: true }) areaIds?: string[];
  @ApiPropertyOptional({ type: [String], example: ['drugs'], description: "the report categories whose trend it follows, of your collaboration's (GET /api/categories; none: every category)" })
  @IsOptional() @IsArray() @ArrayMaxSize(PROMISE_LIMITS.commitmentListMax) @IsCategoryCode(true) categories?: Category[];
  @ApiProperty({ type: () => CommitmentTargetDto })
  @IsObject() @ValidateNested() @Type(() => CommitmentTargetDto) target: CommitmentTargetDto;
  @ApiPropertyOptional({ type: String, nullable: true, format: 'date-time', example: '2020-12-31', description: 'a day within the promise\'s years; default its last day' })
  @IsOptional() @IsIsoDateTime() dueAt?: string | null;
}

export class UpdateCommitmentDto extends CreateCommitmentDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'a commitment of this promise, to keep it; none: a new one' }) @IsOptional() @IsUUID() id?: string;
}

export class CreateFocusAreaDto {
  @ApiProperty({ maxLength: LIMITS.name, example: 'Ökad trygghet i centrum' }) @IsName() @NoPersonalData() title: string;
  @ApiProperty({ maxLength: LIMITS.text, description: 'why this focus, and what the partners promise' }) @IsText() @NoPersonalData() text: string;
  @ApiProperty({ type: () => [CreateCommitmentDto] })
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(PROMISE_LIMITS.commitmentsPerFocusAreaMax) @ValidateNested({ each: true }) @Type(() => CreateCommitmentDto)
  commitments: CreateCommitmentDto[];
}

export class UpdateFocusAreaDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'a focus area of this promise, to keep it; none: a new one' }) @IsOptional() @IsUUID() id?: string;
  @ApiProperty({ maxLength: LIMITS.name }) @IsName() @NoPersonalData() title: string;
  @ApiProperty({ maxLength: LIMITS.text }) @IsText() @NoPersonalData() text: string;
  @ApiProperty({ type: () => [UpdateCommitmentDto] })
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(PROMISE_LIMITS.commitmentsPerFocusAreaMax) @ValidateNested({ each: true }) @Type(() => UpdateCommitmentDto)
  commitments: UpdateCommitmentDto[];
}

export class CreatePromiseDto {
  @ApiProperty({ minimum: PROMISE_LIMITS.yearMin, maximum: PROMISE_LIMITS.yearMax, example: 2020 }) @Year() year: number;
  @ApiPropertyOptional({ type: Number, nullable: true, description: 'the last year of a promise over several years (at most 5 in all)' })
  @IsOptional() @Year() toYear?: number | null;
  @ApiProperty({ maxLength: LIMITS.name, example: 'Medborgarlöfte Lidköping 2020' }) @IsName() @NoPersonalData() title: string;
  @ApiProperty({ type: () => [CreateFocusAreaDto] })
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(PROMISE_LIMITS.focusAreasMax) @ValidateNested({ each: true }) @Type(() => CreateFocusAreaDto)
  focusAreas: CreateFocusAreaDto[];
}

export class UpdatePromiseDto {
  @ApiProperty({ description: 'the version you last read; a stale one is a 409' }) @IsInt() @Min(1) version: number;
  @ApiPropertyOptional({ minimum: PROMISE_LIMITS.yearMin, maximum: PROMISE_LIMITS.yearMax }) @IsOptional() @Year() year?: number;
  @ApiPropertyOptional({ type: Number, nullable: true }) @IsOptional() @Year() toYear?: number | null;
  @ApiPropertyOptional({ maxLength: LIMITS.name }) @IsOptional() @IsName() @NoPersonalData() title?: string;
  @ApiPropertyOptional({ type: () => [UpdateFocusAreaDto], description: 'the whole new list: focus areas and commitments left out are removed' })
  @IsOptional() @IsArray() @ArrayMinSize(1) @ArrayMaxSize(PROMISE_LIMITS.focusAreasMax) @ValidateNested({ each: true }) @Type(() => UpdateFocusAreaDto)
  focusAreas?: UpdateFocusAreaDto[];
}

export class PromiseListQuery extends PageQuery {
  @ApiPropertyOptional({ minimum: PROMISE_LIMITS.yearMin, maximum: PROMISE_LIMITS.yearMax, description: 'promises whose years include it' })
  @IsOptional() @Type(() => Number) @Year() year?: number;
}

export class GenerateFollowUpDto {
  @ApiPropertyOptional({ description: "one of the promise's years; default its last" }) @IsOptional() @Year() year?: number;
}

export class GenerateActionPlanDto {
  @ApiProperty({ minimum: PROMISE_LIMITS.yearMin, maximum: PROMISE_LIMITS.yearMax, example: 2027 }) @Year() year: number;
}

/** A section key: what an editor addresses a section by. */
const SECTION_KEY = /^[a-z0-9_:-]{1,100}$/;

export class DocumentSectionDto {
  @ApiProperty({ example: 'intro', pattern: SECTION_KEY.source, description: 'unique in the document' })
  @IsString() @Matches(SECTION_KEY, { message: 'key must be 1–100 characters of a-z, 0-9, _, - and :' }) key: string;
  @ApiProperty({ enum: [1, 2], description: '1 a chapter, 2 a part of one' }) @IsIn([1, 2]) level: 1 | 2;
  @ApiProperty({ maxLength: LIMITS.name }) @IsName() @NoPersonalData() heading: string;
  @ApiProperty({ type: [String], maxItems: PROMISE_LIMITS.documentParagraphsMax, description: 'each 1–4,000 characters; no personal data' })
  @IsArray() @ArrayMaxSize(PROMISE_LIMITS.documentParagraphsMax) @IsString({ each: true }) @IsNotEmpty({ each: true })
  @Matches(/\S/, { each: true, message: 'each paragraph must hold some text' }) @MaxLength(LIMITS.text, { each: true }) @NoPersonalData({ each: true })
  paragraphs: string[];
}

export class DocumentTextDto {
  @ApiProperty({ maxLength: LIMITS.name }) @IsName() @NoPersonalData() title: string;
  @ApiProperty({ type: () => [DocumentSectionDto] })
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(PROMISE_LIMITS.documentSectionsMax) @ValidateNested({ each: true }) @Type(() => DocumentSectionDto)
  sections: DocumentSectionDto[];
}

export class UpdateDocumentDto {
  @ApiProperty({ description: "the document's latest version, as you read it; a stale one is a 409" }) @IsInt() @Min(1) version: number;
  @ApiProperty({ type: () => DocumentTextDto }) @IsObject() @ValidateNested() @Type(() => DocumentTextDto) text: DocumentTextDto;
}

export class PublishDocumentDto {
  @ApiProperty({ description: 'the version to publish: the latest, a draft' }) @IsInt() @Min(1) version: number;
}

export class DocumentQuery {
  @ApiPropertyOptional({ enum: DOCUMENT_FORMATS, default: 'json' }) @IsOptional() @IsIn(DOCUMENT_FORMATS) format?: DocumentFormat;
}

export class DocumentListQuery extends PageQuery {
  @ApiPropertyOptional({ minimum: PROMISE_LIMITS.yearMin, maximum: PROMISE_LIMITS.yearMax }) @IsOptional() @Type(() => Number) @Year() year?: number;
  @ApiPropertyOptional({ format: 'uuid', description: 'the follow-ups of this promise' }) @IsOptional() @IsUUID() promiseId?: string;
}

export class ActionPlanListQuery extends PageQuery {
  @ApiPropertyOptional({ minimum: PROMISE_LIMITS.yearMin, maximum: PROMISE_LIMITS.yearMax }) @IsOptional() @Type(() => Number) @Year() year?: number;
}
