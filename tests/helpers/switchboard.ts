import type { AskOptions, AskResult, Citebot, IndexStatus, ReindexSummary } from "../../src/citebot.js";
import type { CitebotService } from "../../src/discord/command.js";
import type { ProgressListener } from "../../src/index/build.js";

/**
 * The real pipeline with switches a test can throw: a scripted answer for one question, or
 * a failure where a plain bug would surface. Everything else goes to the real Citebot.
 */
export class Switchboard implements CitebotService {
  private readonly scripted = new Map<string, () => Promise<AskResult>>();
  statusFailure: Error | undefined;

  constructor(private readonly real: Citebot) {}

  /** Answers this exact question with `answer` (or its rejection) instead of asking the pipeline. */
  script(question: string, answer: () => Promise<AskResult>): void {
    this.scripted.set(question, answer);
  }

  ask(question: string, options?: AskOptions): Promise<AskResult> {
    const scripted = this.scripted.get(question);
    return scripted ? scripted() : this.real.ask(question, options);
  }

  get status(): IndexStatus {
    if (this.statusFailure) throw this.statusFailure;
    return this.real.status;
  }

  get isRebuilding(): boolean {
    return this.real.isRebuilding;
  }

  paragraphText(file: string, paragraph: number): string | undefined {
    return this.real.paragraphText(file, paragraph);
  }

  reindex(onProgress?: ProgressListener): Promise<ReindexSummary> {
    return this.real.reindex(onProgress);
  }
}
