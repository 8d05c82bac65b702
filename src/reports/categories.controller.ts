import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CATEGORIES } from '#contracts';
import { ApiPageResponse } from '../common/api-page.js';
import { Public } from '../common/decorators.js';
import { CategoryDoc } from './reports.responses.js';

/** Apart from the reports controller because it is public: its OpenAPI operation must not ask for a bearer token. */
@ApiTags('reports')
@Controller()
export class CategoriesController {
  @Get('categories')
  @Public()
  @ApiOperation({ summary: 'Report categories with Swedish and English labels' })
  @ApiPageResponse(CategoryDoc)
  categories() {
    return { items: CATEGORIES.map((c) => ({ ...c })), nextCursor: null };
  }
}
