import type { ReindexSummary } from "../citebot.js";
import { CitebotError } from "../errors.js";
import type { ProgressListener } from "../index/build.js";
import type { CitebotService } from "./command.js";

export interface RunningRebuild {
  userId: string;
  startedAt: Date;
}

/**
 * One rebuild at a time, and whoever asks for a second one learns who started the running
 * one and when. The pipeline refuses a concurrent rebuild too, but cannot say by whom.
 */
export class ReindexCoordinator {
  private current: RunningRebuild | undefined;

  constructor(
    private readonly citebot: Pick<CitebotService, "reindex">,
    private readonly now: () => Date = () => new Date(),
  ) {}

  get running(): RunningRebuild | undefined {
    return this.current;
  }

  async run(userId: string, onProgress: ProgressListener): Promise<ReindexSummary> {
    const running = this.current;
    if (running) {
      const startedAt = Math.floor(running.startedAt.getTime() / 1000);
      throw new CitebotError(
        "REINDEX_RUNNING",
        `A rebuild is already running: <@${running.userId}> started it <t:${startedAt}:R> (<t:${startedAt}:T>). Questions are answered from the current index until it finishes.`,
      );
    }
    this.current = { userId, startedAt: this.now() };
    try {
      return await this.citebot.reindex(onProgress);
    } finally {
      this.current = undefined;
    }
  }
}
