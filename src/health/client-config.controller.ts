import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '../common/decorators.js';
import { InjectConfig, type ResolvedConfig } from '../config/config.module.js';

@ApiTags('health')
@Controller('client-config')
export class ClientConfigController {
  constructor(@InjectConfig() private readonly config: ResolvedConfig) {}

  @Get()
  @Public()
  @ApiOperation({ summary: 'Settings the web client needs before login (map tiles); empty strings when not configured' })
  get() {
    return { mapTileUrl: this.config.mapTileUrl, mapTileAttribution: this.config.mapTileAttribution };
  }
}
