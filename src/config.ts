import { availableParallelism } from "node:os";
import { config as loadDotenv } from "dotenv";
import { z } from "zod";

const logLevel = z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]);
const positiveInt = z.coerce.number().int().positive();
const optionalText = z
  .string()
  .trim()
  .transform((value) => (value === "" ? undefined : value))
  .optional();
/** An on/off setting: true/false, 1/0, yes/no or on/off; empty means the default. */
const flag = (fallback: boolean) =>
  optionalText
    .transform((value) => value?.toLowerCase())
    .pipe(z.enum(["true", "1", "yes", "on", "false", "0", "no", "off"], { errorMap: () => ({ message: "must be true or false" }) }).optional())
    .transform((value) => (value === undefined ? fallback : ["true", "1", "yes", "on"].includes(value)));
const snowflake = z.string().regex(/^\d{17,20}$/, "must be a Discord id (17 to 20 digits)");

const optionalUrl = optionalText.pipe(z.string().url("must be a URL such as http://127.0.0.1:11434").optional());

const pipelineShape = {
  SEEDS_DIR: z.string().trim().min(1).default("seeds"),
  INDEX_DIR: z.string().trim().min(1).default("data/index"),
  LOG_LEVEL: logLevel.default("info"),
  LLM_PROVIDER: z.enum(["none", "openai", "ollama"]).default("none"),
  LLM_MODEL: optionalText,
  OPENAI_API_KEY: optionalText,
  OPENAI_BASE_URL: optionalUrl,
  OLLAMA_BASE_URL: optionalUrl,
  LLM_TIMEOUT_MS: positiveInt.default(20_000),
  LLM_FAILURES_BEFORE_PAUSE: positiveInt.default(3),
  LLM_PAUSE_SECONDS: positiveInt.default(60),
  EMBEDDINGS_PROVIDER: z.enum(["local", "openai", "ollama"]).default("local"),
  EMBEDDINGS_MODEL: optionalText,
  SOURCE_URL_TEMPLATE: optionalText.pipe(
    z
      .string()
      .refine((value) => /^https?:\/\/\S+$/.test(value) && value.includes("{file}"), "must be an http(s) URL containing {file}, e.g. https://github.com/org/docs/blob/main/{file}#L{line}")
      .optional(),
  ),
  /** Worker threads running the bundled encoder; unset = one per core (the encoder is single-threaded wasm, so more only take turns). */
  ENCODER_THREADS: optionalText.pipe(positiveInt.max(64).optional()).transform((threads) => threads ?? availableParallelism()),
};

type ProviderSettings = Pick<PipelineConfig, "LLM_PROVIDER" | "LLM_MODEL" | "OPENAI_API_KEY" | "EMBEDDINGS_PROVIDER" | "EMBEDDINGS_MODEL">;

/** A remote provider is unusable without its model and, for openai, a key: say so at start-up, not at the first question. */
function requireProviderSettings(config: ProviderSettings, ctx: z.RefinementCtx): void {
  const missing = (path: string, message: string): void => ctx.addIssue({ code: z.ZodIssueCode.custom, path: [path], message });
  if (config.LLM_PROVIDER !== "none" && config.LLM_MODEL === undefined) missing("LLM_MODEL", `is required when LLM_PROVIDER=${config.LLM_PROVIDER}: the chat model to ask`);
  if (config.EMBEDDINGS_PROVIDER !== "local" && config.EMBEDDINGS_MODEL === undefined) {
    missing("EMBEDDINGS_MODEL", `is required when EMBEDDINGS_PROVIDER=${config.EMBEDDINGS_PROVIDER}: the embedding model to use`);
  }
  if ((config.LLM_PROVIDER === "openai" || config.EMBEDDINGS_PROVIDER === "openai") && config.OPENAI_API_KEY === undefined) {
    missing("OPENAI_API_KEY", "is required when a provider is openai (any non-empty value for a server that does not check it)");
  }
}

/** Where the bot remembers the answers it sent, and for how long (see src/memory). */
const memoryShape = {
  DATA_DIR: z.string().trim().min(1).default("data"),
  DATA_RETENTION_DAYS: positiveInt.default(90),
};

const botShape = {
  ...pipelineShape,
  ...memoryShape,
  DISCORD_TOKEN: z.string({ required_error: "is required: the bot token from the Discord developer portal" }).trim().min(1, "is required: the bot token from the Discord developer portal"),
  DISCORD_API_BASE: optionalText.pipe(z.string().url("must be a URL such as http://127.0.0.1:8080/api").optional()),
  MOD_ROLE_IDS: optionalText
    .transform((value) => (value ? value.split(",").map((id) => id.trim()).filter(Boolean) : []))
    .pipe(z.array(snowflake)),
  RATE_LIMIT_QUESTIONS: positiveInt.default(5),
  RATE_LIMIT_WINDOW_SECONDS: positiveInt.default(60),
  /** discord.js holds itself to Discord's global 50 REST requests a second; only a load test against a fake Discord raises it. */
  DISCORD_REST_REQUESTS_PER_SECOND: positiveInt.default(50),
  MESSAGE_CONTENT_INTENT: flag(false),
  ANSWER_IN_THREAD: flag(false),
  CONVERSATION_TTL_MINUTES: positiveInt.default(30),
};

const deployShape = {
  DISCORD_TOKEN: botShape.DISCORD_TOKEN,
  DISCORD_API_BASE: botShape.DISCORD_API_BASE,
  DISCORD_CLIENT_ID: z.string({ required_error: "is required: the application id from the Discord developer portal" }).pipe(snowflake),
  DISCORD_GUILD_ID: optionalText.pipe(snowflake.optional()),
};

/** The keys whose values are secret: the logger removes these values from every line, whatever field they turn up in. */
const SECRET_KEYS = ["DISCORD_TOKEN", "OPENAI_API_KEY"] as const;

export function configuredSecrets(config: Partial<Record<(typeof SECRET_KEYS)[number], string | undefined>>): string[] {
  return SECRET_KEYS.flatMap((key) => config[key] ?? []);
}

export type PipelineConfig = z.infer<z.ZodObject<typeof pipelineShape>>;
export type BotConfig = z.infer<z.ZodObject<typeof botShape>>;
export type MemoryConfig = z.infer<z.ZodObject<typeof memoryShape>>;
export type DeployConfig = z.infer<z.ZodObject<typeof deployShape>>;

/** A configuration problem, worded for the operator and naming each variable at fault. */
export class ConfigError extends Error {
  override readonly name = "ConfigError";
}

type Env = Record<string, string | undefined>;

function parse<Shape extends z.ZodRawShape>(shape: Shape, env: Env, refine?: (config: z.infer<z.ZodObject<Shape>>, ctx: z.RefinementCtx) => void): z.infer<z.ZodObject<Shape>> {
  const schema = refine ? z.object(shape).superRefine(refine) : z.object(shape);
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => `  ${issue.path.join(".") || "(environment)"} ${issue.message}`);
  throw new ConfigError(`Invalid configuration (see .env.example):\n${problems.join("\n")}`);
}

/** Reads .env (if any) into the environment; variables already set win. */
export function readEnvironment(): Env {
  loadDotenv({ quiet: true });
  return process.env;
}

/** A setting the parsed config leaves optional but the chosen provider needs; the refinement above has already checked it. */
export function requiredSetting(value: string | undefined, name: string): string {
  if (value === undefined) throw new ConfigError(`Invalid configuration (see .env.example):\n  ${name} is required by the configured provider`);
  return value;
}

export const parsePipelineConfig = (env: Env): PipelineConfig => parse(pipelineShape, env, requireProviderSettings);
export const parseBotConfig = (env: Env): BotConfig => parse(botShape, env, requireProviderSettings);
export const parseMemoryConfig = (env: Env): MemoryConfig => parse(memoryShape, env);
export const parseDeployConfig = (env: Env): DeployConfig => parse(deployShape, env);
