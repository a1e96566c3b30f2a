import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { ReleaseIdleClaimsUseCase } from './usecases/release-idle-claims/release-idle-claims.usecase';

/** Every minute, releases claims idle for 30 minutes, so a forgotten item goes back to the queue. */
@Injectable()
export class ClaimSweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ClaimSweeper.name);
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly releaseIdleClaims: ReleaseIdleClaimsUseCase) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.sweep(), 60_000);
    this.timer.unref();
  }

  async sweep(): Promise<number> {
    try {
      const released = await this.releaseIdleClaims.execute();
      if (released.length) this.logger.log(`released ${released.length} idle claim(s)`);
      return released.length;
    } catch (e) {
      this.logger.warn(`idle claim sweep failed: ${(e as Error).message}`);
      return 0;
    }
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }
}
