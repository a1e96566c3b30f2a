import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import type { Response } from 'express';

/** The open live streams, ended when the app shuts down (an open stream would otherwise hold it up). */
@Injectable()
export class LiveStreams implements OnApplicationShutdown {
  private readonly open = new Map<Response, () => void>();

  add(res: Response, stop: () => void): void {
    this.open.set(res, stop);
  }

  remove(res: Response): void {
    this.open.get(res)?.();
    this.open.delete(res);
  }

  onApplicationShutdown(): void {
    for (const [res, stop] of this.open) {
      stop();
      res.end();
    }
    this.open.clear();
  }
}
