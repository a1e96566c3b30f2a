import { Controller, Get, Header, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import path from 'node:path';
import { Public } from '@app/auth';

// chart.js's package exports hide dist/ from require.resolve, but its main entry lives there.
const CHART_UMD = path.join(path.dirname(require.resolve('chart.js')), 'chart.umd.min.js');

/**
 * The dashboard's chart library: chart.js from npm, served from node_modules (the page itself,
 * web/public/dashboard.html, is served with the other static files by the web module).
 */
@ApiExcludeController()
@Public()
@Controller()
export class DashboardAssetsController {
  @Get('vendor/chart.umd.js')
  @Header('cache-control', 'public, max-age=86400')
  chart(@Res() res: Response) {
    res.type('application/javascript').sendFile(CHART_UMD);
  }
}
