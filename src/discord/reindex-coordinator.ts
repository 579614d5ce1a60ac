import type { ReindexSummary } from "../citebot.js";
import { CitebotError } from "../errors.js";
import type { ProgressListener } from "../index/build.js";
import type { CitebotService } from "./command.js";

interface RunningRebuild {
  userId: string;
  startedAt: Date;
}

/** The right to run the one rebuild; released when the rebuild ends, or by release() if it never starts. */
export interface RebuildClaim {
  rebuild(onProgress: ProgressListener): Promise<ReindexSummary>;
  release(): void;
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

  /** Synchronous, so two requests arriving together cannot both get through. */
  claim(userId: string): RebuildClaim {
    if (this.current) throw busy(this.current);
    const run: RunningRebuild = { userId, startedAt: this.now() };
    this.current = run;
    const release = (): void => {
      if (this.current === run) this.current = undefined;
    };
    return {
      rebuild: async (onProgress) => {
        try {
          return await this.citebot.reindex(onProgress);
        } finally {
          release();
        }
      },
      release,
    };
  }
}

function busy(running: RunningRebuild): CitebotError {
  const startedAt = Math.floor(running.startedAt.getTime() / 1000);
  return new CitebotError(
    "REINDEX_RUNNING",
    `A rebuild is already running: <@${running.userId}> started it <t:${startedAt}:R> (at <t:${startedAt}:T>). Questions are answered from the current index until it finishes.`,
  );
}
