import { applyDecorators, type Type } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, ApiProperty, getSchemaPath } from '@nestjs/swagger';

export class PageMeta {
  @ApiProperty({ type: String, nullable: true, description: 'pass as ?cursor= to get the next page; null on the last page' })
  nextCursor: string | null;
}

/** Documents a `{ items: T[], nextCursor }` list answer in OpenAPI. */
export const ApiPageResponse = <T extends Type<unknown>>(item: T, description?: string) =>
  applyDecorators(
    ApiExtraModels(PageMeta, item),
    ApiOkResponse({
      description,
      schema: {
        allOf: [{ $ref: getSchemaPath(PageMeta) }, { properties: { items: { type: 'array', items: { $ref: getSchemaPath(item) } } }, required: ['items', 'nextCursor'] }],
      },
    }),
  );
