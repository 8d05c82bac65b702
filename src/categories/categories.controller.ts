import { Body, Controller, Get, Param, Patch, Post, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthService } from '../auth/auth.service.js';
import { type Actor, type AuthenticatedRequest, CurrentActor } from '../common/actor.js';
import { ApiPageResponse } from '../common/api-page.js';
import { bearerToken } from '../common/bearer-token.js';
import { CoordinatorOnly, Public } from '../common/decorators.js';
import { CategoryCodePipe, CategoryListQuery, CreateCategoryDto, UpdateCategoryDto } from './categories.dto.js';
import { CategoryDoc } from './categories.responses.js';
import { CategoriesService } from './categories.service.js';


@ApiTags('categories')
@Controller('categories')
export class CategoriesController {
  constructor(private readonly categories: CategoriesService, private readonly auth: AuthService) {}

  /**
   * Public, because a client shows categories before anyone signs in (and always has): without a token it answers the
   * default list; with one, the caller's collaboration's. A token that is given but not valid is a 401 (the client
   * would otherwise show the wrong list without knowing).
   */
  @Get()
  @Public()
  @ApiOperation({ summary: "Report categories with Swedish and English labels: your collaboration's active ones (with a token), or the defaults" })
  @ApiPageResponse(CategoryDoc)
  async list(@Req() req: AuthenticatedRequest, @Query() q: CategoryListQuery) {
    const token = bearerToken(req);
    const actor = token === undefined ? null : await this.auth.authenticate(token);
    return this.categories.list(actor?.collaborationId ?? null, q.includeInactive ?? false);
  }

  @Post()
  @CoordinatorOnly()
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Add a category of your collaboration\'s own, with Swedish and English labels (coordinators)' })
  @ApiCreatedResponse({ type: CategoryDoc })
  @ApiConflictResponse({ description: 'CATEGORY_EXISTS (the code), CATEGORY_LABEL_TAKEN (a label)' })
  create(@CurrentActor() actor: Actor, @Body() dto: CreateCategoryDto) {
    return this.categories.create(actor, dto);
  }

  @Patch(':code')
  @CoordinatorOnly()
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Rename a category, or switch it on or off (coordinators); its reports keep it' })
  @ApiOkResponse({ type: CategoryDoc })
  @ApiConflictResponse({ description: 'CATEGORY_IN_USE (with openReports and subscriptions; send force: true), LAST_ACTIVE_CATEGORY, CATEGORY_LABEL_TAKEN, VERSION_CONFLICT' })
  update(@CurrentActor() actor: Actor, @Param('code', CategoryCodePipe) code: string, @Body() dto: UpdateCategoryDto) {
    return this.categories.update(actor, code, dto);
  }
}
