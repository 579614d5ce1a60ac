import { mkdir } from "node:fs/promises";
import { performance } from "node:perf_hooks";
import { loadCorpus, type Corpus, type SkippedFile } from "./corpus/load.js";
import { retrievalContext, withRetrievalContext, type Paragraph } from "./corpus/paragraphs.js";
import { SUPPORTED_EXTENSIONS } from "./corpus/readers/registry.js";
import { EmbeddingCache } from "./embeddings/cache.js";
import { UniversalSentenceEncoderEmbeddings } from "./embeddings/universal-sentence-encoder.js";
import type { TextEmbedder } from "./embeddings/types.js";
import { Turns } from "./event-loop.js";
import { wordVectors } from "./text/word-vectors.js";
import { CitebotError } from "./errors.js";
import { buildIndex, type IndexBuild, type ProgressListener } from "./index/build.js";
import { DEFAULT_HNSW } from "./index/hnsw.js";
import { diffFiles, fingerprintCorpus, manifestMismatch, type FileDiff, type HnswParameters, type IndexManifest } from "./index/manifest.js";
import { acquireIndexLock } from "./index/lock.js";
import { activateBuild, loadBuild, markServing, NoIndexError, pruneBuilds, readActiveBuildId, readManifest, removeBuild, writeBuild, type LoadedIndex } from "./index/store.js";
import type { Logger } from "./logger.js";
import { expectedAnswerType, statesAnswerType, type AnswerType } from "./answer/answer-type.js";
import { withoutExpansionAsk } from "./text/acronym.js";
import { maxTermWeight, termCoverage, termSet, weightedQuestionTerms, type WeightedTerm } from "./answer/coverage.js";
import { gatherEvidence } from "./answer/evidence.js";
import { composeExtractiveAnswer } from "./answer/extractive.js";
import { withLeadIns } from "./answer/lead-ins.js";
import { withHeadedCode } from "./answer/code-howto.js";
import { withContinuations } from "./answer/continuations.js";
import { measureCandidates, namesOf, NEGATION, stemPairs, type Candidate } from "./answer/features.js";
import { ANSWER_MODEL, type AnswerModel } from "./answer/model.js";
import { citationUrl } from "./answer/citation-text.js";
import { asTitle, isOverlong, readableForModel } from "./answer/reading-span.js";
import type { Answer, Citation } from "./answer/types.js";
import { chooseAnswer, type AnswerGeneratorKind, type ChosenAnswer } from "./answer/llm/choose.js";
import type { PartialListener } from "./answer/llm/generate.js";
import type { LlmAnswerGenerator } from "./answer/llm/generator.js";
import { continuityScorer, followUpCompanions, neighbourhoodOf, withoutRepeats } from "./conversation/continuity.js";
import { ownTerms, withCarriedTerms } from "./conversation/carried-terms.js";
import { MAX_CONTEXT_TURNS, quotesOf, resolveFollowUp, type ConversationTurn, type FollowUpQuery, type ParagraphRef } from "./conversation/follow-up.js";
import { checkRewrite } from "./conversation/rewrite-check.js";
import { validateQuestion } from "./question.js";
import { CANDIDATES_PER_RANKING, paragraphKey, Retriever, type RetrievedParagraph } from "./retrieval/retriever.js";

export interface CitebotOptions {
  seedsDir: string;
  indexDir: string;
  logger: Logger;
  embedder?: TextEmbedder;
  hnsw?: HnswParameters;
  /** The fitted ranking and refusal weights; `npm run calibrate` makes them. */
  model?: AnswerModel;
  /** Writes answers with a chat model, verified against the retrieved paragraphs; without it every answer is extractive. */
  generator?: LlmAnswerGenerator;
  /** Turns each citation into a link to its place (see citationUrl); unset, citations carry no URL. */
  sourceUrlTemplate?: string;
}

export interface AskOptions {
  /** Called with the model's raw reply so far, at most once a second; only when a generator is configured. */
  onPartial?: PartialListener;
  /** Earlier questions of the same conversation, oldest first: the question may be a follow-up of them. */
  previous?: readonly ConversationTurn[];
}

export interface AnswerTimings {
  embedMs: number;
  retrieveMs: number;
  answerMs: number;
}

export interface AskResult extends Answer {
  ms: number;
  timings: AnswerTimings;
  /** Who wrote the answer shown: "extractive" also when a model's answer was dropped in verification or failed. */
  generator: AnswerGeneratorKind;
  /** Ids the model cited that verification removed. */
  droppedCitations: number;
  /** The earlier questions the answer took as context, newest first; absent when the question stood alone. */
  contextQuestions?: string[];
  /** The follow-up as the language model reworded it to stand alone, and as it was then answered; absent offline. */
  standaloneQuestion?: string;
  /** The index build that answered. */
  buildId: string;
  /** The paragraphs the citations point at, as they read when answering: what the answer memory fingerprints. */
  citedParagraphs: Paragraph[];
}

export interface IndexStatus {
  files: Array<{ name: string; paragraphs: number }>;
  /** Files under SEEDS_DIR that are not indexed, with why, as of the last read of the folder. */
  skipped: SkippedFile[];
  paragraphs: number;
  chunks: number;
  builtAt: string;
  model: string;
  /** Why the serving index is older than the documents, when a rebuild at start-up failed. */
  stale?: string;
}

export interface ReindexSummary extends FileDiff {
  /** The build now serving. */
  buildId: string;
  files: number;
  paragraphs: number;
  chunks: number;
  /** Chunks whose text was new, run through the encoder. */
  chunksEmbedded: number;
  /** Chunks whose vector came from the embedding cache; chunksEmbedded + chunksReused = chunks. */
  chunksReused: number;
  /** Sentences the answer step weighs (those long enough to answer), embedded or reused the same way. */
  sentences: number;
  sentencesEmbedded: number;
  sentencesReused: number;
  skipped: SkippedFile[];
  ms: number;
}

/** How many paragraphs retrieval hands to the answer step: at 8 a gold paragraph that only the lexical ranking liked was fused out of reach. */
export const RETRIEVED_PARAGRAPHS = 12;

/**
 * The pipeline behind every front end: it owns the serving index and replaces it
 * only with a complete new one, so a question never sees a half-built index.
 */
export class Citebot {
  private retriever: Retriever;
  private rebuilding: Promise<ReindexSummary> | undefined;
  /** The main thread's share of an answer, one question at a time (see Turns). */
  private readonly turns = new Turns();

  private constructor(
    private readonly options: ResolvedOptions,
    index: LoadedIndex,
    private skipped: SkippedFile[],
    /** Why the serving index is older than the documents; cleared by a successful reindex. */
    private stale?: string,
  ) {
    this.retriever = new Retriever(index);
    // Read at start, not during the first question's answer.
    wordVectors();
    void markServing(options.indexDir, index.buildId).catch((error: unknown) => options.logger.warn({ err: error }, "could not record which build this process serves"));
  }

  /** Loads the saved index, or builds one (reporting its progress) when there is none that fits. */
  static async open(options: CitebotOptions, onProgress?: ProgressListener): Promise<Citebot> {
    const resolved = await resolveOptions(options);
    const corpus = await readCorpus(resolved);
    const saved = await loadServingIndex(resolved, corpus);
    if (saved.index) {
      await tidyIndexDir(resolved);
      return new Citebot(resolved, saved.index, corpus.skipped);
    }
    try {
      return new Citebot(resolved, (await rebuild(resolved, corpus, onProgress)).index, corpus.skipped);
    } catch (error) {
      // A full or read-only disk must not take a bot offline that has a complete older index to serve.
      if (!saved.outdated) throw error;
      const { buildId, manifest, reason } = saved.outdated;
      const index = await loadBuild(resolved.indexDir, buildId, manifest, resolved.embedder).catch(() => undefined);
      if (!index) throw error;
      const stale = `${reason}, but the rebuild failed (${error instanceof Error ? error.message : String(error)})`;
      resolved.logger.error({ buildId, builtAt: manifest.builtAt, reason: stale }, "serving the previous index, which is out of date; /reindex tries again");
      return new Citebot(resolved, index, corpus.skipped, stale);
    }
  }

  /** Ends the embedder's worker threads, if it has any. */
  async close(): Promise<void> {
    await this.options.embedder.close?.();
  }

  /**
   * Rebuilds and activates the index without serving it, for `npm run reindex`: the saved
   * index is never loaded, only its manifest read to say what changed.
   */
  static async rebuildIndex(options: CitebotOptions, onProgress?: ProgressListener): Promise<ReindexSummary> {
    const started = performance.now();
    const resolved = await resolveOptions(options);
    const previous = await readServingManifest(resolved.indexDir);
    const corpus = await readCorpus(resolved);
    const { index, build } = await rebuild(resolved, corpus, onProgress);
    return summarise(previous?.files ?? [], corpus, build, index.buildId, started);
  }

  get embedder(): TextEmbedder {
    return this.options.embedder;
  }

  get status(): IndexStatus {
    const { manifest } = this.retriever.index;
    return {
      files: manifest.files.map(({ name, paragraphs }) => ({ name, paragraphs })),
      skipped: this.skipped,
      paragraphs: manifest.paragraphs,
      chunks: manifest.chunks,
      builtAt: manifest.builtAt,
      model: manifest.model.id,
      ...(this.stale === undefined ? {} : { stale: this.stale }),
    };
  }

  get isRebuilding(): boolean {
    return this.rebuilding !== undefined;
  }

  /** The build serving now. */
  get buildId(): string {
    return this.retriever.index.buildId;
  }

  /** A paragraph of the serving index, for checking a citation against its source. */
  paragraphText(file: string, paragraph: number): string | undefined {
    return this.retriever.paragraph(file, paragraph)?.text;
  }

  async ask(rawQuestion: string, options: AskOptions = {}): Promise<AskResult> {
    const question = validateQuestion(rawQuestion);
    const started = performance.now();
    const previous = options.previous ?? [];
    const { generator, logger } = this.options;
    const leaning = resolveFollowUp(question, previous);
    // With a model, a follow-up is first reworded to stand alone; from then on it is a first question.
    const standalone = leaning && generator ? await standaloneQuestion(generator, question, previous, logger) : undefined;
    const followUp = standalone === undefined ? leaning : undefined;
    const asked = standalone ?? question;
    const { candidates, paragraphs, terms, buildId, vectorAt, retrievedAt } = await this.collectEvidence(asked, followUp);
    const paragraphOf = (file: string, paragraph: number): Paragraph | undefined => this.retriever.paragraph(file, paragraph);
    const composed = composeExtractiveAnswer(asked, candidates, paragraphs, this.options.model, followUp ? followUpCompanions(followUp.cited) : undefined);
    const extractive = withLeadIns(withContinuations(withHeadedCode(composed, terms, paragraphs), paragraphOf), paragraphOf);
    // Offline, the model reads the conversation as the offline answer does: the follow-up with what it refers to.
    const modelQuestion = followUp ? `${question} (a follow-up to: ${followUp.contextQuestions.join(" / ")})` : asked;
    const { answer, ...source }: ChosenAnswer = generator
      ? chooseAnswer(extractive, await generator.generate(modelQuestion, readableForModel(paragraphs, candidates.map((candidate) => candidate.sentence)), options.onPartial), logger)
      : { answer: extractive, generator: "extractive", droppedCitations: 0 };
    const finished = performance.now();
    const template = this.options.sourceUrlTemplate;
    const cited = new Set(answer.citations.map((citation) => paragraphKey(citation.file, citation.paragraph)));
    return {
      ...answer,
      ...(template ? { citations: answer.citations.map((citation) => withUrl(citation, template)) } : {}),
      ...source,
      question,
      ...(leaning ? { contextQuestions: leaning.contextQuestions } : {}),
      ...(standalone === undefined ? {} : { standaloneQuestion: standalone }),
      buildId,
      citedParagraphs: paragraphs.filter((paragraph) => cited.has(paragraphKey(paragraph.file, paragraph.paragraph))),
      ms: Math.round(finished - started),
      timings: { embedMs: vectorAt - started, retrieveMs: retrievedAt - vectorAt, answerMs: finished - retrievedAt },
    };
  }

  /** Everything the answer step weighs, before any weights: what calibration fits them on. */
  async collectEvidence(question: string, followUp?: FollowUpQuery): Promise<{ candidates: Candidate[]; paragraphs: RetrievedParagraph[]; terms: WeightedTerm[]; buildId: string; vectorAt: number; retrievedAt: number }> {
    const retriever = this.retriever;
    const searchText = followUp?.searchText ?? question;
    const vector = await this.options.embedder.embedQuery(searchText);
    const vectorAt = performance.now();
    return this.turns.run(() => this.weighEvidence(retriever, question, searchText, vector, vectorAt, followUp));
  }

  private async weighEvidence(retriever: Retriever, question: string, searchText: string, vector: number[], vectorAt: number, followUp: FollowUpQuery | undefined): ReturnType<Citebot["collectEvidence"]> {
    const answerType = followUp ? followUp.answerType : expectedAnswerType(question);
    const retrieved = await retrieveFor(retriever, searchText, vector, answerType);
    const paragraphs = followUp ? withConversation(retriever, retrieved, await retriever.retrieve(question, vector, OWN_WORDS_PARAGRAPHS), followUp) : retrieved;
    const retrievedAt = performance.now();
    const { lexical } = retriever.index;
    const weigh = (text: string): ReturnType<typeof weightedQuestionTerms> => weightedQuestionTerms(text, (stem) => lexical.documentFrequency(stem), lexical.documentCount);
    const asked = withoutExpansionAsk(question);
    const own = followUp ? ownTerms(weigh(asked)) : weigh(asked);
    const terms = followUp ? withCarriedTerms(own, weigh(followUp.carriedText)) : own;
    const byKey = new Map(paragraphs.map((paragraph) => [paragraphKey(paragraph.file, paragraph.paragraph), paragraph]));
    const statesOwnWords = (file: string, paragraph: number): boolean => statesAnyOf(own, byKey.get(paragraphKey(file, paragraph)));
    const conversation = followUp ? { continuity: continuityScorer(followUp.cited, statesOwnWords), requireAnswerType: followUp.asksOnlyForType } : {};
    const gathered = gatherEvidence({ terms, vector, answerType, ...conversation }, paragraphs);
    const evidence = followUp ? withoutRepeats(gathered, followUp.cited) : gathered;
    const candidates = measureCandidates(evidence, paragraphs, {
      terms,
      names: namesOf(question),
      phrases: stemPairs(question),
      negated: NEGATION.test(question),
      maxWeight: maxTermWeight(lexical.documentCount),
      // A paragraph's headings where its format has them, else its document's first line (a .txt title).
      titleOf: (paragraph) => retrievalContext(paragraph) ?? asTitle(retriever.paragraph(paragraph.file, 1)?.text ?? ""),
    });
    return { candidates, paragraphs, terms, buildId: retriever.index.buildId, vectorAt, retrievedAt };
  }

  /** Rebuilds from the seeds and swaps the new index in; until then, and if it fails, the old one serves. */
  async reindex(onProgress?: ProgressListener): Promise<ReindexSummary> {
    if (this.rebuilding) throw new CitebotError("REINDEX_RUNNING", "A reindex is already running.");
    this.rebuilding = this.runReindex(onProgress);
    try {
      return await this.rebuilding;
    } finally {
      this.rebuilding = undefined;
    }
  }

  private async runReindex(onProgress?: ProgressListener): Promise<ReindexSummary> {
    const started = performance.now();
    const previous = this.retriever.index.manifest;
    const corpus = await readCorpus(this.options);
    const { index, build } = await rebuild(this.options, corpus, onProgress);
    this.retriever = new Retriever(index);
    this.skipped = corpus.skipped;
    this.stale = undefined;
    await markServing(this.options.indexDir, index.buildId).catch((error: unknown) => this.options.logger.warn({ err: error }, "could not record which build this process serves"));
    return summarise(previous.files, corpus, build, index.buildId, started);
  }
}

/** Whether a paragraph (with its headings) states one of the terms; with none to state, any does, and so does an overlong one, read only around its evidence. */
function statesAnyOf(terms: readonly WeightedTerm[], paragraph: RetrievedParagraph | undefined): boolean {
  if (terms.length === 0 || paragraph === undefined || isOverlong(paragraph)) return true;
  const stated = termSet(withRetrievalContext(paragraph, paragraph.text));
  return termCoverage(terms, stated, stated).share > 0;
}

/** The model's rewording of a follow-up when it passes checkRewrite; otherwise (logged) the follow-up is read offline. */
async function standaloneQuestion(generator: LlmAnswerGenerator, question: string, previous: readonly ConversationTurn[], logger: Logger): Promise<string | undefined> {
  const earlier = previous.slice(-MAX_CONTEXT_TURNS).map((turn) => ({ question: turn.question, quoted: quotesOf(turn.cited) }));
  const outcome = await generator.rewrite(question, earlier);
  if (!outcome.ok) {
    logger.warn({ error: outcome.error }, "the model could not reword a follow-up; reading it offline");
    return undefined;
  }
  const checked = checkRewrite(outcome.text, question, previous);
  if (!checked.ok) {
    logger.warn({ reason: checked.reason }, "the model's rewording of a follow-up was rejected; reading it offline");
    return undefined;
  }
  return checked.question;
}

/**
 * An acronym's expansion shares no word with "What does PSP stand for?" but the acronym,
 * which many paragraphs repeat: the ones that spell it out are looked for deeper in the
 * ranking and put first.
 */
async function retrieveFor(retriever: Retriever, searchText: string, vector: number[], answerType: AnswerType | undefined): Promise<RetrievedParagraph[]> {
  if (typeof answerType !== "object") return retriever.retrieve(searchText, vector, RETRIEVED_PARAGRAPHS);
  const wide = await retriever.retrieve(searchText, vector, CANDIDATES_PER_RANKING);
  const expands = (paragraph: RetrievedParagraph): boolean => statesAnswerType(paragraph.text, answerType);
  return [...wide.filter(expands), ...wide.filter((paragraph) => !expands(paragraph))].slice(0, RETRIEVED_PARAGRAPHS);
}

/**
 * A follow-up's search adds the carried words to its own, and a search engine weighs every
 * word alike, so the carried ones (several) can crowd out what is asked (one or two: "what
 * did he tell a TV channel?"). The best few paragraphs for the follow-up's own words stay
 * candidates, and so do the paragraphs around what the earlier answers cited, even when the
 * search ranks them out; the answer step weighs them all with the carried words scaled down.
 */
const OWN_WORDS_PARAGRAPHS = 4;

function withConversation(retriever: Retriever, retrieved: RetrievedParagraph[], ownWords: RetrievedParagraph[], followUp: FollowUpQuery): RetrievedParagraph[] {
  const have = new Set(retrieved.map((p) => paragraphKey(p.file, p.paragraph)));
  const added: RetrievedParagraph[] = [];
  const add = (ref: ParagraphRef, paragraph: () => RetrievedParagraph | undefined): void => {
    const key = paragraphKey(ref.file, ref.paragraph);
    if (have.has(key)) return;
    have.add(key);
    const found = paragraph();
    if (found) added.push(found);
  };
  for (const paragraph of ownWords) add(paragraph, () => paragraph);
  for (const ref of neighbourhoodOf(followUp.cited)) add(ref, () => retriever.unranked(ref.file, ref.paragraph));
  return [...retrieved, ...added];
}

function summarise(previousFiles: IndexManifest["files"], corpus: Corpus, build: IndexBuild, buildId: string, started: number): ReindexSummary {
  return {
    ...diffFiles(previousFiles, build.manifest.files),
    buildId,
    files: build.manifest.files.length,
    paragraphs: build.manifest.paragraphs,
    chunks: build.manifest.chunks,
    chunksEmbedded: build.chunksEmbedded,
    chunksReused: build.chunksReused,
    sentences: build.sentencesEmbedded + build.sentencesReused,
    sentencesEmbedded: build.sentencesEmbedded,
    sentencesReused: build.sentencesReused,
    skipped: corpus.skipped,
    ms: Math.round(performance.now() - started),
  };
}

function withUrl(citation: Citation, template: string): Citation {
  const url = citationUrl(template, citation);
  return url ? { ...citation, url } : citation;
}

type ResolvedOptions = Required<Omit<CitebotOptions, "embedder" | "generator" | "sourceUrlTemplate">> & Pick<CitebotOptions, "generator" | "sourceUrlTemplate"> & { embedder: TextEmbedder };

async function resolveOptions(options: CitebotOptions): Promise<ResolvedOptions> {
  const embedder = options.embedder ?? (await UniversalSentenceEncoderEmbeddings.load());
  return { hnsw: DEFAULT_HNSW, model: ANSWER_MODEL, ...options, embedder };
}

async function readCorpus(options: Pick<ResolvedOptions, "seedsDir" | "logger">): Promise<Corpus> {
  let corpus: Corpus;
  try {
    corpus = await loadCorpus(options.seedsDir);
  } catch (error) {
    throw new CitebotError("CORPUS_EMPTY", `The documents folder ${options.seedsDir} cannot be read.`, { cause: error });
  }
  for (const skipped of corpus.skipped) options.logger.warn({ file: skipped.name, reason: skipped.reason }, "skipped a document");
  if (corpus.files.length === 0) throw new CitebotError("CORPUS_EMPTY", `There are no readable documents in ${options.seedsDir} (${SUPPORTED_EXTENSIONS.join(", ")}).`);
  return corpus;
}

interface SavedIndex {
  /** The saved index, when it matches this corpus and model and is intact. */
  index?: LoadedIndex;
  /** A saved index built from other documents or another model: served only if a rebuild fails. */
  outdated?: { buildId: string; manifest: IndexManifest; reason: string };
}

/** The saved index, or why it must be rebuilt (logged). */
async function loadServingIndex(options: ResolvedOptions, corpus: Corpus): Promise<SavedIndex> {
  const { logger, indexDir, embedder } = options;
  try {
    const buildId = await readActiveBuildId(indexDir);
    const manifest = await readManifest(indexDir, buildId);
    const mismatch = manifestMismatch(manifest, fingerprintCorpus(corpus, { id: embedder.modelId, dimensions: embedder.dimensions }));
    if (mismatch) {
      logger.info({ reason: mismatch }, "saved index does not match the documents; rebuilding");
      // Another model's vectors cannot answer this model's queries, so only a changed corpus may fall back.
      return manifest.model.id === embedder.modelId && manifest.model.dimensions === embedder.dimensions ? { outdated: { buildId, manifest, reason: `the documents changed since ${manifest.builtAt} (${mismatch})` } } : {};
    }
    const index = await loadBuild(indexDir, buildId, manifest, embedder);
    logger.info({ buildId, paragraphs: manifest.paragraphs, builtAt: manifest.builtAt }, "loaded saved index");
    return { index };
  } catch (error) {
    if (error instanceof NoIndexError) logger.info({ indexDir }, "no saved index yet; building one");
    else logger.warn({ reason: error instanceof Error ? error.message : String(error) }, "saved index unusable; rebuilding");
    return {};
  }
}

/** The manifest of the index that serves now, or undefined when there is none to compare against. */
async function readServingManifest(indexDir: string): Promise<IndexManifest | undefined> {
  try {
    return await readManifest(indexDir, await readActiveBuildId(indexDir));
  } catch {
    return undefined;
  }
}

/**
 * Removes what crashed or failed builds left (partial builds, temporary files) when a start
 * has nothing to rebuild. A rebuild does the same first; while another process rebuilds, its
 * files are not leftovers, so a held lock means there is nothing to do.
 */
async function tidyIndexDir({ indexDir, logger }: ResolvedOptions): Promise<void> {
  const lock = await acquireIndexLock(indexDir).catch(() => undefined);
  if (!lock) return;
  try {
    const problems = await pruneBuilds(indexDir, await readActiveBuildId(indexDir));
    if (problems.length > 0) logger.warn({ problems }, "could not remove leftovers of earlier builds");
  } finally {
    await lock.release();
  }
}

/** Builds, writes and activates a new index under the folder's rebuild lock; whatever fails leaves no partial build behind. */
async function rebuild(options: ResolvedOptions, corpus: Corpus, onProgress?: ProgressListener): Promise<{ index: LoadedIndex; build: IndexBuild }> {
  const { logger, indexDir, embedder, hnsw } = options;
  await mkdir(indexDir, { recursive: true });
  const lock = await acquireIndexLock(indexDir);
  let build: IndexBuild;
  let buildId: string;
  try {
    const warnAbout = (problems: string[]): void => void (problems.length > 0 && logger.warn({ problems }, "could not remove leftovers of earlier builds"));
    // Leftovers of a crashed or failed build (a partial build, temporary files) go first: on a full disk they are the space this build needs.
    warnAbout(await pruneBuilds(indexDir));
    build = await buildIndex(corpus, embedder, hnsw, { openCache: () => EmbeddingCache.open(indexDir, embedder, logger), onProgress });
    buildId = await writeBuild(indexDir, build);
    try {
      await activateBuild(indexDir, buildId, (message) => logger.warn(message));
    } catch (error) {
      await removeBuild(indexDir, buildId);
      throw error;
    }
    warnAbout(await pruneBuilds(indexDir, buildId));
  } finally {
    await lock.release();
  }
  const { manifest, chunksEmbedded, chunksReused, sentencesEmbedded, sentencesReused } = build;
  logger.info(
    { buildId, files: manifest.files.length, paragraphs: manifest.paragraphs, chunks: manifest.chunks, chunksEmbedded, chunksReused, sentencesEmbedded, sentencesReused, ms: manifest.buildMs },
    "built index",
  );
  return { index: { buildId, manifest, store: build.store, lexical: build.lexical, paragraphs: build.paragraphs, sentences: build.sentences }, build };
}
