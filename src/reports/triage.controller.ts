import { Body, Controller, Delete, Get, HttpCode, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Actor, CurrentActor } from '../common/actor.js';
import { ApiPageResponse } from '../common/api-page.js';
import { CoordinatorOnly } from '../common/decorators.js';
import { UuidParam } from '../common/validation.js';
import { AcknowledgeReportsDto, AnswerReportDto, AssignReportDto, CreateAnswerTemplateDto, MergeReportDto, TriageSettingsDto } from './reports.dto.js';
import { AcknowledgeResponseDoc, AnswerTemplateDoc, DuplicateCandidateDoc, ReportResponseDoc, TriageSettingsDoc } from './reports.responses.js';
import { TriageService } from './triage.service.js';

/** The coordinators' triage of the reports (api-contract.md, "Triage"). */
@ApiTags('triage')
@ApiBearerAuth()
@CoordinatorOnly()
@Controller()
export class TriageController {
  constructor(private readonly triage: TriageService) {}

  @Post('reports/acknowledge')
  @HttpCode(200)
  @ApiOperation({ summary: 'Acknowledge many new reports at once (each its own change and feed event); answers every report asked about as it is now' })
  @ApiOkResponse({ type: AcknowledgeResponseDoc })
  acknowledge(@CurrentActor() actor: Actor, @Body() dto: AcknowledgeReportsDto) {
    return this.triage.acknowledge(actor, dto);
  }

  @Post('reports/:id/assign')
  @HttpCode(200)
  @ApiOperation({ summary: 'Give a report to an organisation that may see it (null takes it back)' })
  @ApiOkResponse({ type: ReportResponseDoc })
  @ApiConflictResponse({ description: 'stale version' })
  assign(@CurrentActor() actor: Actor, @UuidParam() id: string, @Body() dto: AssignReportDto) {
    return this.triage.assign(actor, id, dto);
  }

  @Post('reports/:id/answer')
  @HttpCode(200)
  @ApiOperation({ summary: 'Answer the reporter (what was done); with resolve: true also mark it resolved' })
  @ApiOkResponse({ type: ReportResponseDoc })
  answer(@CurrentActor() actor: Actor, @UuidParam() id: string, @Body() dto: AnswerReportDto) {
    return this.triage.answer(actor, id, dto);
  }

  @Get('reports/:id/duplicates')
  @ApiOperation({
    summary: 'Reports you may see of the same category near in place and time (thresholds: /api/triage/settings)',
    description: 'Each candidate says which merges the rules allow: mergeInto (this report into it) and mergeFrom (it into this report).',
  })
  @ApiPageResponse(DuplicateCandidateDoc)
  duplicates(@CurrentActor() actor: Actor, @UuidParam() id: string) {
    return this.triage.duplicates(actor, id);
  }

  @Post('reports/:id/merge')
  @HttpCode(200)
  @ApiOperation({ summary: 'Merge a duplicate into the report it repeats: it points there, is closed and leaves the lists' })
  @ApiOkResponse({ type: ReportResponseDoc })
  merge(@CurrentActor() actor: Actor, @UuidParam() id: string, @Body() dto: MergeReportDto) {
    return this.triage.merge(actor, id, dto);
  }

  @Get('answer-templates')
  @ApiPageResponse(AnswerTemplateDoc)
  templates(@CurrentActor() actor: Actor) {
    return this.triage.templates(actor);
  }

  @Post('answer-templates')
  @ApiCreatedResponse({ type: AnswerTemplateDoc })
  createTemplate(@CurrentActor() actor: Actor, @Body() dto: CreateAnswerTemplateDto) {
    return this.triage.createTemplate(actor, dto);
  }

  @Delete('answer-templates/:id')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'deleted' })
  deleteTemplate(@CurrentActor() actor: Actor, @UuidParam() id: string) {
    return this.triage.deleteTemplate(actor, id);
  }

  @Get('triage/settings')
  @ApiOkResponse({ type: TriageSettingsDoc })
  settings(@CurrentActor() actor: Actor) {
    return this.triage.settings(actor);
  }

  @Put('triage/settings')
  @ApiOkResponse({ type: TriageSettingsDoc })
  saveSettings(@CurrentActor() actor: Actor, @Body() dto: TriageSettingsDto) {
    return this.triage.saveSettings(actor, dto);
  }
}
