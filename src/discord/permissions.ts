import { PermissionFlagsBits, type ChatInputCommandInteraction } from "discord.js";

/**
 * Registration hides /reindex from members without Manage Server, but server admins can
 * grant the command to anyone in Integrations settings, so the bot checks again itself.
 */
export function isModerator(interaction: ChatInputCommandInteraction, modRoleIds: readonly string[]): boolean {
  if (interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild) === true) return true;
  return modRoleIds.some((roleId) => memberRoleIds(interaction).includes(roleId));
}

/**
 * The roles the interaction says the member has. A cached guild gives a GuildMember, whose
 * role cache also holds @everyone (the role whose id is the guild's): left out, so that
 * MOD_ROLE_IDS can never make every member a moderator.
 */
function memberRoleIds(interaction: ChatInputCommandInteraction): readonly string[] {
  const roles = interaction.member?.roles;
  if (roles === undefined) return [];
  const ids = Array.isArray(roles) ? roles : [...roles.cache.keys()];
  return ids.filter((id) => id !== interaction.guildId);
}
