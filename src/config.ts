import { config as loadDotenv } from "dotenv";
import { z } from "zod";

const logLevel = z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]);
const positiveInt = z.coerce.number().int().positive();
const optionalText = z
  .string()
  .trim()
  .transform((value) => (value === "" ? undefined : value))
  .optional();
const snowflake = z.string().regex(/^\d{17,20}$/, "must be a Discord id (17 to 20 digits)");

const pipelineShape = {
  SEEDS_DIR: z.string().trim().min(1).default("seeds"),
  INDEX_DIR: z.string().trim().min(1).default("data/index"),
  LOG_LEVEL: logLevel.default("info"),
};

const botShape = {
  ...pipelineShape,
  DISCORD_TOKEN: z.string({ required_error: "is required: the bot token from the Discord developer portal" }).trim().min(1, "is required: the bot token from the Discord developer portal"),
  DISCORD_API_BASE: optionalText.pipe(z.string().url("must be a URL such as http://127.0.0.1:8080/api").optional()),
  MOD_ROLE_IDS: optionalText
    .transform((value) => (value ? value.split(",").map((id) => id.trim()).filter(Boolean) : []))
    .pipe(z.array(snowflake)),
  RATE_LIMIT_QUESTIONS: positiveInt.default(5),
  RATE_LIMIT_WINDOW_SECONDS: positiveInt.default(60),
};

const deployShape = {
  DISCORD_TOKEN: botShape.DISCORD_TOKEN,
  DISCORD_API_BASE: botShape.DISCORD_API_BASE,
  DISCORD_CLIENT_ID: z.string({ required_error: "is required: the application id from the Discord developer portal" }).pipe(snowflake),
  DISCORD_GUILD_ID: optionalText.pipe(snowflake.optional()),
};

export type PipelineConfig = z.infer<z.ZodObject<typeof pipelineShape>>;
export type BotConfig = z.infer<z.ZodObject<typeof botShape>>;
export type DeployConfig = z.infer<z.ZodObject<typeof deployShape>>;

/** A configuration problem, worded for the operator and naming each variable at fault. */
export class ConfigError extends Error {
  override readonly name = "ConfigError";
}

type Env = Record<string, string | undefined>;

function parse<Shape extends z.ZodRawShape>(shape: Shape, env: Env): z.infer<z.ZodObject<Shape>> {
  const result = z.object(shape).safeParse(env);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => `  ${issue.path.join(".") || "(environment)"} ${issue.message}`);
  throw new ConfigError(`Invalid configuration (see .env.example):\n${problems.join("\n")}`);
}

/** Reads .env (if any) into the environment; variables already set win. */
export function readEnvironment(): Env {
  loadDotenv({ quiet: true });
  return process.env;
}

export const parsePipelineConfig = (env: Env): PipelineConfig => parse(pipelineShape, env);
export const parseBotConfig = (env: Env): BotConfig => parse(botShape, env);
export const parseDeployConfig = (env: Env): DeployConfig => parse(deployShape, env);
