import type { Citebot } from "../citebot.js";
import { CitebotError } from "../errors.js";
import { embeddingWork, type ProgressListener } from "../index/build.js";
import type { CitebotService } from "./command.js";

/**
 * The pipeline as the bot sees it while its index loads or builds in the background: the
 * bot is online from the first seconds, and a question or /sources asked meanwhile is told
 * how far the build has got instead of waiting (a first build of a large folder is minutes).
 */
export class IndexStartup implements CitebotService {
  private service: CitebotService | undefined;
  private percent: number | undefined;

  constructor(private readonly decorate: (citebot: Citebot) => CitebotService = (citebot) => citebot) {}

  /** Opens the pipeline; settles when its index serves, rejects when it can be neither loaded nor built. */
  async start(open: (onProgress: ProgressListener) => Promise<Citebot>): Promise<Citebot> {
    const citebot = await open((progress) => {
      this.percent = embeddingWork(progress).percent;
    });
    this.service = this.decorate(citebot);
    return citebot;
  }

  async ask(...args: Parameters<CitebotService["ask"]>): Promise<Awaited<ReturnType<CitebotService["ask"]>>> {
    return this.serving().ask(...args);
  }

  async reindex(...args: Parameters<CitebotService["reindex"]>): Promise<Awaited<ReturnType<CitebotService["reindex"]>>> {
    return this.serving().reindex(...args);
  }

  get status(): CitebotService["status"] {
    return this.serving().status;
  }

  paragraphText(...args: Parameters<CitebotService["paragraphText"]>): string | undefined {
    return this.serving().paragraphText(...args);
  }

  get isRebuilding(): boolean {
    return this.service?.isRebuilding ?? true;
  }

  private serving(): CitebotService {
    if (this.service) return this.service;
    throw new CitebotError(
      "INDEX_BUILDING",
      this.percent === undefined
        ? "The index is being loaded; ask again in a few seconds."
        : `The index is being built (${this.percent}%); ask again when it is done.`,
    );
  }
}
