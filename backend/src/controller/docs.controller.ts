import { Controller, Get, Inject, MidwayWebRouterService } from '@midwayjs/core';
import { answers } from '../openapi/responses';
import { ApiResponse, ApiTags, SwaggerExplorer } from '@midwayjs/swagger';
import { completeDocument } from '../openapi/openapi.document';

/** The machine-readable contract: OpenAPI 3 at /openapi.json (Swagger UI at /docs reads it). */
@ApiTags('docs')
@Controller('/')
export class DocsController {
  @Inject()
  explorer: SwaggerExplorer;

  @Inject()
  router: MidwayWebRouterService;

  private doc?: object;

  @ApiResponse(answers(200, 'OpenApiDocument'))
  @Get('/openapi.json')
  async openapi() {
    this.doc ??= completeDocument(this.explorer.getData(), await this.router.getFlattenRouterTable());
    return this.doc;
  }
}
