import { Injectable, Logger, Module, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import express from 'express';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { UUID_TEXT } from '@app/contracts';

/**
 * The web app's built bundle (apps/desk-web, built by `npm run build` to dist/apps/desk-web). From the source
 * (apps/desk/src/web) and from the build (dist/apps/desk/src/web) alike it is the repository's dist/apps/desk-web.
 */
export const DESK_WEB_ROOT =
  process.env.DESK_WEB_ROOT ??
  [join(__dirname, '../../../../dist/apps/desk-web'), join(__dirname, '../../../desk-web')].find((dir) =>
    existsSync(join(dir, 'index.html')),
  ) ??
  join(__dirname, '../../../../dist/apps/desk-web');

/** Paths the web app answers itself (history routing): each gets its index.html. */
const APP_PAGES = new RegExp(
  `^/(?:|index\\.html|login|login\\.html|items/${UUID_TEXT}|dashboard|dashboard\\.html|sufficiency|children(?:/${UUID_TEXT})?|child\\.html|alerts|alerts\\.html)$`,
  'i',
);
/** The placement pages (and the older placement page's address, which leads to them). */
const PLACEMENT_PAGES = new RegExp(`^/(?:placement\\.html|placements(?:/(?:new|panel|${UUID_TEXT}))?)$`, 'i');

const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'self'",
  "form-action 'self'",
].join('; ');

function securityHeaders(res: express.Response): void {
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('Content-Security-Policy', CSP);
}

/**
 * Serves the duty desk's web app at `/`: its pages (history routing) and its bundle. The pages hold no data:
 * everything they show comes from the /v1/ API with the worker's token, so they need no auth here. The bundle's hashed assets are cached for a year; index.html never.
 */
@Injectable()
class StaticWeb implements OnModuleInit {
  private readonly log = new Logger('WebModule');

  constructor(private readonly host: HttpAdapterHost) {}

  onModuleInit(): void {
    const indexHtml = join(DESK_WEB_ROOT, 'index.html');
    if (!existsSync(indexHtml))
      this.log.warn(`the web app is not built (${DESK_WEB_ROOT}): run npm run build; its pages answer 503`);
    const app = this.host.httpAdapter.getInstance() as express.Express;
    app.use((req, res, next) => {
      if (req.method !== 'GET' && req.method !== 'HEAD') return next();
      if (!APP_PAGES.test(req.path) && !PLACEMENT_PAGES.test(req.path)) return next();
      securityHeaders(res);
      res.setHeader('Cache-Control', 'no-cache');
      if (!existsSync(indexHtml))
        return res.status(503).type('text/plain').send('The web app is not built: run npm run build.');
      res.sendFile(indexHtml);
    });
    app.use(
      '/assets',
      express.static(join(DESK_WEB_ROOT, 'assets'), {
        index: false,
        fallthrough: true,
        setHeaders: (res, path) => {
          securityHeaders(res);
          // Vite's output names carry a content hash; the design systems' images do not.
          res.setHeader(
            'Cache-Control',
            /-[A-Za-z0-9_-]{8}\.\w+$/.test(path) ? 'public, max-age=31536000, immutable' : 'no-cache',
          );
        },
      }),
    );
  }
}

@Module({ providers: [StaticWeb] })
export class WebModule {}
