// How the ballots of a vote arrived, every channel counted (online, in the room, by post, by
// proxy, raised hands, paper ballots): one line for the results page and the minutes alike.
import type { TFunction } from "i18next";

export function channelsLine(t: TFunction, channels: Record<string, number>): string | null {
  const present = Object.entries(channels).filter(([, n]) => n > 0);
  if (present.length === 0) return null;
  const list = present.map(([k, n]) => t("minutes.channelItem", { channel: t(`minutes.channel.${k}`, { defaultValue: k }), count: n })).join(t("minutes.channelSeparator"));
  return t("minutes.channels", { list });
}
