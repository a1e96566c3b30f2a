import { Injectable, Module, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import express from 'express';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** Where the web UI's static files are: beside this file in the source and in dist (copied by the build). */
export const WEB_ROOT = join(__dirname, 'public');

/**
 * Serves the duty desk's web UI (plain HTML, CSS and JavaScript, no build step) at `/`. The pages hold no
 * data: everything they show comes from the /v1/ API with the worker's token, so they need no auth here.
 */
@Injectable()
class StaticWeb implements OnModuleInit {
  constructor(private readonly host: HttpAdapterHost) {}

  onModuleInit(): void {
    if (!existsSync(WEB_ROOT)) throw new Error(`web UI files missing at ${WEB_ROOT}`);
    const app = this.host.httpAdapter.getInstance() as express.Express;
    app.use(
      express.static(WEB_ROOT, {
        index: 'index.html',
        maxAge: 0,
        setHeaders: (res) => {
          res.setHeader('X-Content-Type-Options', 'nosniff');
          res.setHeader('Referrer-Policy', 'no-referrer');
          res.setHeader('Content-Security-Policy', "frame-ancestors 'none'");
        },
      }),
    );
  }
}

@Module({ providers: [StaticWeb] })
export class WebModule {}
