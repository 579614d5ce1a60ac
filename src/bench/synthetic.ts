import { isStopword } from "../text/terms.js";
import { normalSampler, seededRandom, streamSeed, type Random } from "./random.js";

/**
 * A deterministic corpus of any size: pseudo-English paragraphs for BM25 and 512-d vectors
 * for HNSW, both drawn per item from seeded streams so that paragraph i, its vector and
 * question j can each be regenerated alone, in any process.
 */
export interface SyntheticSpec {
  seed: number;
  dimensions: number;
  /** Topics; a paragraph's words and its vector both come from its topic. */
  clusters: number;
  /** Directions along which a topic's vectors vary: the data's local intrinsic dimension. */
  rank: number;
  /** Length of the in-topic variation, against a topic centroid of length 1. */
  spread: number;
  /** Length of the isotropic noise over all dimensions. */
  noise: number;
  /** Length of one direction every vector shares: sentence encoders are anisotropic. */
  shared: number;
  vocabulary: number;
}

/**
 * Calibrated against the real encoder: USE-lite vectors of 1,500 English paragraphs (README
 * prose from node_modules), 1,300 indexed and 200 as queries, against 1,300 + 200 of these:
 *
 *                         mean cosine  nearest  10th nearest  local intr. dim.  HNSW recall@10, ef 10 / 20
 *   USE-lite, real text       0.57       0.82       0.75            24                 0.88 / 0.96
 *   this mixture              0.56       0.80       0.63            22                 0.81 / 0.92
 *
 * A shared direction of 1.7 gives the encoder's anisotropy; topics with their own directions
 * (no hierarchy above them: grouping topics under themes made HNSW's job far easier than
 * real text's, recall 0.98 at ef 10) keep the mixture a little harder to search than real text.
 */
export const SYNTHETIC: SyntheticSpec = {
  seed: 20240611,
  dimensions: 512,
  clusters: 300,
  rank: 24,
  spread: 1,
  noise: 0.5,
  shared: 1.7,
  vocabulary: 30_000,
};

/**
 * The 100 most frequent English words, in order, head the vocabulary: they are about half of
 * all running text, most of them are stopwords the lexical index drops, and the rest ("time",
 * "people", "year") are the common content words whose long postings make BM25 slow.
 */
const COMMON_WORDS = (
  "the be to of and a in that have i it for not on with he as you do at this but his by from they we say her she or an will my one all " +
  "would there their what so up out if about who get which go me when make can like time no just him know take people into year your good " +
  "some could them see other than then now look only come its over think also back after use two how our work first well way even new want " +
  "because any these give day most us"
).split(" ");
const ZIPF_EXPONENT = 1.05;
const TOPIC_WORDS = 40;
const TOPIC_SHARE = 0.3;
const MAX_PARAGRAPH_CHARS = 580;
const MIN_PARAGRAPH_CHARS = 180;

const enum Stream {
  Paragraph = 1,
  ParagraphVector,
  Question,
  QuestionVector,
  Topic,
  Vocabulary,
}

export interface SyntheticQuestion {
  text: string;
  vector: Float32Array;
}

export class SyntheticCorpus {
  private readonly words: string[];
  private readonly cumulative: Float64Array;
  private readonly topics: string[][];
  private readonly shared: Float32Array;
  private readonly centroids: Float32Array[];
  /** Per topic, rank basis vectors laid end to end. */
  private readonly bases: Float32Array[];

  constructor(readonly spec: SyntheticSpec = SYNTHETIC) {
    this.words = vocabulary(spec);
    this.cumulative = zipfCumulative(this.words.length);
    const normal = normalSampler(seededRandom(streamSeed(spec.seed, Stream.Topic)));
    const direction = (length: number): Float32Array => scaleTo(Float32Array.from({ length: spec.dimensions }, normal), length);
    this.shared = direction(spec.shared);
    this.centroids = Array.from({ length: spec.clusters }, () => direction(1));
    this.bases = Array.from({ length: spec.clusters }, () => Float32Array.from({ length: spec.rank * spec.dimensions }, () => normal() / Math.sqrt(spec.dimensions)));
    this.topics = Array.from({ length: spec.clusters }, (_, topic) => {
      const random = seededRandom(streamSeed(spec.seed, Stream.Topic, topic));
      const first = COMMON_WORDS.length + 300;
      return Array.from({ length: TOPIC_WORDS }, () => this.words[first + Math.floor(random() * (this.words.length - first))] ?? "");
    });
  }

  /** One line of prose: sentences of a topic's words among common ones, never long enough to be cut into windows. */
  paragraph(index: number): string {
    const random = seededRandom(streamSeed(this.spec.seed, Stream.Paragraph, index));
    const topic = this.topicOf(random);
    const length = MIN_PARAGRAPH_CHARS + Math.floor(random() * (MAX_PARAGRAPH_CHARS - MIN_PARAGRAPH_CHARS));
    const sentences: string[] = [];
    let used = 0;
    while (used < length) {
      const sentence = this.sentence(random, topic, 8 + Math.floor(random() * 13), length - used - 1);
      if (sentence === undefined) break;
      sentences.push(sentence);
      used += sentence.length + 1;
    }
    return sentences.join(" ");
  }

  vector(index: number): Float32Array {
    const topic = this.topicOf(seededRandom(streamSeed(this.spec.seed, Stream.Paragraph, index)));
    return this.sample(topic, seededRandom(streamSeed(this.spec.seed, Stream.ParagraphVector, index)));
  }

  *vectors(count: number): Generator<Float32Array> {
    for (let index = 0; index < count; index += 1) yield this.vector(index);
  }

  /** A question on a topic, with a fresh vector from the same topic: like a real question, it is near paragraphs but none of them. */
  question(index: number): SyntheticQuestion {
    const random = seededRandom(streamSeed(this.spec.seed, Stream.Question, index));
    const topic = this.topicOf(random);
    const words = Array.from({ length: 4 + Math.floor(random() * 6) }, () => this.word(random, topic));
    return { text: `What ${words.join(" ")}?`, vector: this.sample(topic, seededRandom(streamSeed(this.spec.seed, Stream.QuestionVector, index))) };
  }

  private topicOf(random: Random): number {
    return Math.floor(random() * this.spec.clusters);
  }

  private sentence(random: Random, topic: number, words: number, room: number): string | undefined {
    const chosen: string[] = [];
    let length = 1;
    for (let i = 0; i < words; i += 1) {
      const word = this.word(random, topic);
      if (length + word.length + 1 > room) break;
      chosen.push(word);
      length += word.length + 1;
    }
    if (chosen.length < 4) return undefined;
    const text = chosen.join(" ");
    return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
  }

  private word(random: Random, topic: number): string {
    if (random() < TOPIC_SHARE) {
      const words = this.topics[topic] ?? [];
      return words[Math.floor(random() * words.length)] ?? "";
    }
    return this.words[searchCumulative(this.cumulative, random())] ?? "";
  }

  private sample(topic: number, random: Random): Float32Array {
    const { dimensions, rank, spread, noise } = this.spec;
    const normal = normalSampler(random);
    const centroid = this.centroids[topic];
    const basis = this.bases[topic];
    if (!centroid || !basis) throw new RangeError(`no topic ${topic}`);
    const vector = new Float32Array(dimensions);
    const noiseScale = noise / Math.sqrt(dimensions);
    for (let d = 0; d < dimensions; d += 1) vector[d] = (centroid[d] as number) + (this.shared[d] as number) + noiseScale * normal();
    for (let r = 0; r < rank; r += 1) {
      const weight = (spread * normal()) / Math.sqrt(rank);
      const offset = r * dimensions;
      for (let d = 0; d < dimensions; d += 1) vector[d] = (vector[d] as number) + weight * (basis[offset + d] as number);
    }
    return scaleTo(vector, 1);
  }
}

/** Common English words, then pronounceable pseudo-words, shorter the more frequent (as in real language). */
function vocabulary(spec: SyntheticSpec): string[] {
  const random = seededRandom(streamSeed(spec.seed, Stream.Vocabulary));
  const onsets = ["b", "d", "f", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "z", "br", "ch", "dr", "kl", "st", "tr", "sh"];
  const vowels = ["a", "e", "i", "o", "u", "ai", "ou"];
  const codas = ["", "", "", "n", "r", "s", "l", "m", "k"];
  const pick = (items: readonly string[]): string => items[Math.floor(random() * items.length)] ?? "";
  const words = [...COMMON_WORDS];
  const seen = new Set(words);
  while (words.length < spec.vocabulary) {
    const rank = words.length;
    const syllables = 1 + Math.floor(random() * (rank < 500 ? 2 : rank < 5000 ? 3 : 4));
    let word = "";
    for (let s = 0; s < syllables; s += 1) word += pick(onsets) + pick(vowels) + pick(codas);
    if (word.length < 3 || seen.has(word) || isStopword(word)) continue;
    seen.add(word);
    words.push(word);
  }
  return words;
}

function zipfCumulative(size: number): Float64Array {
  const cumulative = new Float64Array(size);
  let total = 0;
  for (let rank = 0; rank < size; rank += 1) {
    total += 1 / (rank + 1) ** ZIPF_EXPONENT;
    cumulative[rank] = total;
  }
  return cumulative.map((value) => value / total);
}

function searchCumulative(cumulative: Float64Array, target: number): number {
  let low = 0;
  let high = cumulative.length - 1;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((cumulative[middle] ?? 1) < target) low = middle + 1;
    else high = middle;
  }
  return low;
}

function scaleTo(vector: Float32Array, length: number): Float32Array {
  let sum = 0;
  for (const value of vector) sum += value * value;
  const factor = length / Math.sqrt(sum);
  return vector.map((value) => value * factor);
}
