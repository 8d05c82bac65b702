import { Body, Controller, Get, Patch, Post, Query } from '@nestjs/common';
import { UuidParam } from '../common/validation.js';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiCreatedResponse, ApiOkResponse } from '@nestjs/swagger';
import { ApiPageResponse } from '../common/api-page.js';
import { UserResponseDoc } from './users.responses.js';
import { type Actor, CurrentActor } from '../common/actor.js';
import { AdminOnly } from '../common/decorators.js';
import { CreateUserDto, UpdateUserDto, UserListQuery } from './users.dto.js';
import { UsersService } from './users.service.js';

@ApiTags('users')
@ApiBearerAuth()
@Controller('users')
@AdminOnly()
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Post()
  @ApiOperation({ summary: 'Create a user in one of your organisations (admins)' })
  @ApiCreatedResponse({ type: UserResponseDoc })
  create(@CurrentActor() actor: Actor, @Body() dto: CreateUserDto) {
    return this.users.create(actor, dto);
  }

  @Get()
  @ApiOperation({ summary: 'Users of your collaboration (admins)' })
  @ApiPageResponse(UserResponseDoc)
  list(@CurrentActor() actor: Actor, @Query() q: UserListQuery) {
    return this.users.list(actor, q);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One user (admins)' })
  @ApiOkResponse({ type: UserResponseDoc })
  get(@CurrentActor() actor: Actor, @UuidParam() id: string) {
    return this.users.get(actor, id);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Change name, role or password, or disable a user (admins)' })
  @ApiOkResponse({ type: UserResponseDoc })
  update(@CurrentActor() actor: Actor, @UuidParam() id: string, @Body() dto: UpdateUserDto) {
    return this.users.update(actor, id, dto);
  }
}
