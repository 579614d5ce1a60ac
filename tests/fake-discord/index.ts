export { FakeDiscord } from "./server.js";
export { DEFAULT_MEMBER_PERMISSIONS } from "./fixtures.js";
export type { ButtonClickInput, ModalSubmitInput } from "./components.js";
export type {
  FakeDiscordOptions,
  FakeUser,
  ForumPostInput,
  MessageInput,
  RecordedFile,
  RecordedRequest,
  SentInteraction,
  SentMessage,
  SlashCommandInput,
  SlashCommandOption,
} from "./types.js";
