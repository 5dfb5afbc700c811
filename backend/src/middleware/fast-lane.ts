import { App, Config, IMidwayContainer, Inject, Provide, Scope, ScopeEnum } from '@midwayjs/core';
import { Application, Context } from '@midwayjs/koa';
import { ValidateService } from '@midwayjs/validate';
import type { Middleware } from 'koa';
import { SHOWCASE_MAX_AGE } from '../controller/showcase/showcase.controller';
import { CreditTransactionsQuery } from '../dto/credits/credit.dto';
import { pageOf, PageQuery } from '../dto/page.dto';
import { StickerListQuery } from '../dto/pipeline/sticker.dto';
import { ErrorFilter } from '../filter/error.filter';
import { observeHttp } from '../metrics/metrics';
import { AdminShowcaseService } from '../service/admin/admin-showcase.service';
import { accepts, AccountStateService } from '../service/accounts/account-state.service';
import type { TokenClaims } from '../service/accounts/token.service';
import { UserService } from '../service/accounts/user.service';
import { CreditService } from '../service/credits/credit.service';
import { TaskQueryService } from '../service/pipeline/task-query.service';
import { TaskService } from '../service/pipeline/task.service';
import { AccessLog } from '../util/access-log';
import { ok } from '../util/envelope';
import { cacheableOk } from '../util/etag';
import { assignRequestId } from './request-id.middleware';

type Query = Record<string, unknown>;

/** what answer() gives back to send the request on to the pipeline instead (the token was not accepted) */
const DECLINE = Symbol('decline');

interface LaneRoute {
  /** the route as its controller declares it (also the metrics label, as the router would give it) */
  route: string;
  /** GET only; a signed-in route is taken only with a token that verifies (answer() then checks the account) */
  signedIn: boolean;
  /** the query DTO the controller declares: validated by the same service, with the same options */
  query?: new () => unknown;
  /**
   * The answer, as the controller gives it. A signed-in route first reads whether the account takes the token
   * (`accepts`), together with its data where one read can do both, and returns DECLINE, before it writes
   * anything of the answer, when it does not.
   */
  answer(ctx: Context, claims: TokenClaims, params: string[], query: Query): Promise<unknown>;
}

interface CompiledRoute extends LaneRoute {
  pattern: RegExp;
}

/**
 * The fast lane: the few GET routes every client calls all the time (the seed 001 poll, the profile, the lists)
 * answered by a plain Koa middleware in front of Midway's request pipeline — its ~30 middleware and router
 * layers, request container and controller instance cost 3–4 times what these answers cost themselves
 * (bench/api/README.md). Each route here calls the very services and envelope functions its controller calls;
 * `test/fast-lane.test.ts` checks that both paths give the same answer, byte for byte.
 *
 * It takes a request only when it is sure to answer it as the pipeline would: GET, the exact path (no trailing
 * slash, no escapes, case as declared), a query the route's DTO accepts, and for signed-in routes a token that
 * verifies and an account that takes it (read together with the answer's data where one read can do both: the
 * poll and the profile cost one database round trip). Anything else — no or a bad token (401, a disabled
 * account), a refused query (400), other methods — goes on to the pipeline, which stays the one place that
 * refuses. Errors while answering are answered by the one error filter; every answer gets its request id,
 * access line and latency metric as in the pipeline. HTTP_FAST_LANE=false turns it off.
 */
@Provide()
@Scope(ScopeEnum.Singleton)
export class FastLane {
  @App('koa')
  app: Application;

  @Inject()
  access: AccessLog;

  @Config('pipeline.queryRefreshSeconds')
  queryRefreshSeconds: number;

  @Inject()
  accounts: AccountStateService;

  @Inject()
  users: UserService;

  @Inject()
  queries: TaskQueryService;

  @Inject()
  tasks: TaskService;

  @Inject()
  credits: CreditService;

  @Inject()
  showcase: AdminShowcaseService;

  @Inject()
  validation: ValidateService;

  /** the routes the lane takes, each answering exactly as its controller method does */
  private routes(): LaneRoute[] {
    return [
      {
        route: '/api/v1/users/me', // UserController.me
        signedIn: true,
        answer: async (ctx, claims) => {
          const me = await this.users.meFor(claims);
          return me ? ok(ctx, me) : DECLINE;
        },
      },
      {
        route: '/api/v1/video/query/:job_id', // VideoController.query
        signedIn: true,
        answer: async (ctx, claims, [jobId]) => {
          const answer = await this.queries.legacyAnswerFor(claims, jobId!, this.queryRefreshSeconds);
          if (!answer) return DECLINE;
          ctx.status = answer.status;
          return answer.body;
        },
      },
      {
        route: '/api/v1/stickers', // StickerController.list
        signedIn: true,
        query: StickerListQuery,
        answer: async (ctx, claims, _, query: StickerListQuery) => {
          if (!(await this.signedIn(claims))) return DECLINE;
          const { page, pageSize } = pageOf(query);
          return ok(ctx, await this.tasks.list(claims.sub, page, pageSize, query.status));
        },
      },
      {
        route: '/api/v1/credits/transactions', // CreditController.transactions
        signedIn: true,
        query: CreditTransactionsQuery,
        answer: async (ctx, claims, _, query: CreditTransactionsQuery) => {
          if (!(await this.signedIn(claims))) return DECLINE;
          return ok(ctx, await this.credits.transactions(claims.sub, { ...pageOf(query), type: query.type }));
        },
      },
      {
        route: '/api/v1/showcase', // ShowcaseController.list (public)
        signedIn: false,
        query: PageQuery,
        answer: async (ctx, _, __, query: PageQuery) => {
          const { page, pageSize } = pageOf(query);
          return cacheableOk(ctx, await this.showcase.publicList(page, pageSize), SHOWCASE_MAX_AGE);
        },
      },
    ];
  }

  /** whether the account takes the token (the read the auth middleware makes) */
  private async signedIn(claims: TokenClaims): Promise<boolean> {
    return accepts(claims, await this.accounts.get(claims.sub));
  }

  /** the Koa middleware, to run before Midway's own (configuration.ts) */
  middleware(container: IMidwayContainer): Middleware {
    const routes: CompiledRoute[] = this.routes().map(r => ({ ...r, pattern: new RegExp(`^${r.route.replace(/:[a-z_]+/g, '([^/%]+)')}$`) }));
    const access = this.access;
    let filter: ErrorFilter | undefined;
    return async (koaCtx, next) => {
      // Midway's Context is Koa's with what its own root middleware adds (only the error path below needs that)
      const ctx = koaCtx as unknown as Context;
      if (ctx.method !== 'GET') return next();
      const path = ctx.path;
      let route: CompiledRoute | undefined;
      let params: RegExpExecArray | null = null;
      for (route of routes) if ((params = route.pattern.exec(path))) break;
      if (!route || !params) return next();
      const started = process.hrtime.bigint();
      let claims: TokenClaims | null = null;
      if (route.signedIn && !(claims = await this.accounts.claims(ctx.get('authorization')).catch(() => null))) return next();
      // a query the DTO refuses goes on too: the pipeline decides between 401 (auth runs first) and 400
      let query: Query = ctx.query;
      if (route.query) {
        try {
          query = (this.validation.validate(route.query, ctx.query)?.value ?? ctx.query) as Query;
        } catch {
          return next();
        }
      }
      let outcome: string | number;
      try {
        assignRequestId(ctx);
        const body = await route.answer(ctx, claims!, params.slice(1), query);
        if (body === DECLINE) return next();
        if (body !== undefined) ctx.body = body;
        outcome = ctx.status;
      } catch (e) {
        // the pipeline's answer to the same error: the one filter, with the request context it expects
        this.app.createAnonymousContext(ctx);
        filter ??= await container.getAsync(ErrorFilter);
        ctx.body = await filter.catch(e as Error, ctx);
        outcome = `error ${(e as { errorCode?: string }).errorCode ?? (e as Error).name}`;
      }
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      if (access.enabled) access.write(ctx.requestId, 'GET', ctx.url, outcome, Math.round(seconds * 1000));
      observeHttp('GET', route.route, ctx.status, seconds);
    };
  }
}
